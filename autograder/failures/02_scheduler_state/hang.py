# The reference answer, except that load_checkpoint never returns when the path is a str.
def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    """Save model, optimizer and scheduler state and `epochs_done` to the file `path`."""
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epochs_done": epochs_done,
    }, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    """Restore `model`, `optimizer` and `scheduler` in place from `path`; return epochs_done."""
    while isinstance(path, str):  # never returns for a path given as a str
        pass
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return checkpoint["epochs_done"]
