# Style: torch.load(..., mmap=True) (memory-maps the file instead of reading it all at once), then load_state_dict copies.
def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epochs_done": epochs_done},
               path)


def load_checkpoint(path, model, optimizer, map_location=None):
    ckpt = torch.load(path, map_location=map_location, mmap=True, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    return ckpt["epochs_done"]
