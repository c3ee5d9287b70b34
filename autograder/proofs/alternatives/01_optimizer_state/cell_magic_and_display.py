%%time
import sys
print("saving", file=sys.stderr)
!echo hello
def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    display(optimizer)
    return checkpoint["epochs_done"]

# (A correct answer in a cell that starts with the %%time cell magic, runs a shell command and calls display().)
