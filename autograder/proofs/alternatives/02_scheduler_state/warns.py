# The reference answer, emitting a UserWarning, a FutureWarning and a DeprecationWarning when called.
import warnings

def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    """Save model, optimizer and scheduler state and `epochs_done` to the file `path`."""
    warnings.warn("save_checkpoint: this answer warns, as torch sometimes does", UserWarning)
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epochs_done": epochs_done,
    }, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    """Restore `model`, `optimizer` and `scheduler` in place from `path`; return epochs_done."""
    warnings.warn("load_checkpoint: this answer warns, as torch sometimes does", FutureWarning)
    warnings.warn("load_checkpoint: and once more", DeprecationWarning)
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return checkpoint["epochs_done"]
