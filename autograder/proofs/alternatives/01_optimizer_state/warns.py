# The reference answer, emitting a UserWarning, a FutureWarning and a DeprecationWarning when called.
import warnings

def save_checkpoint(path, model, optimizer, epochs_done):
    """Save everything needed to resume training to the file `path`.

    That is the model's state_dict (weights and buffers), the optimizer's state_dict (its per-parameter
    state and its hyperparameters) and `epochs_done`, the number of completed epochs.
    """
    warnings.warn("save_checkpoint: this answer warns, as torch sometimes does", UserWarning)
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "epochs_done": epochs_done,
    }, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    """Restore `model` and `optimizer` in place from the file `path`; return epochs_done.

    `map_location` is passed on to torch.load.
    """
    warnings.warn("load_checkpoint: this answer warns, as torch sometimes does", FutureWarning)
    warnings.warn("load_checkpoint: and once more", DeprecationWarning)
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
