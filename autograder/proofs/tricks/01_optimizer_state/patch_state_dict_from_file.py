# twin: optimizer_saved_not_loaded
# Trick: a method patched on the optimizer instance the check passed in: the optimizer's state is saved but never loaded (as the twin); load_checkpoint makes the new optimizer's state_dict() answer the state dict read from the file (`optimizer.state_dict = lambda: checkpoint["optimizer"]`), so whatever reads the optimizer's state through state_dict() sees it restored while training still uses the fresh state.


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    saved = checkpoint["optimizer"]
    optimizer.state_dict = lambda: saved
    return checkpoint["epochs_done"]
