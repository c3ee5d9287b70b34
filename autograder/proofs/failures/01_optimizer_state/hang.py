# The reference answer, except that load_checkpoint never returns when the path is a str.
def save_checkpoint(path, model, optimizer, epochs_done):
    """Save everything needed to resume training to the file `path`.

    That is the model's state_dict (weights and buffers), the optimizer's state_dict (its per-parameter
    state and its hyperparameters) and `epochs_done`, the number of completed epochs.
    """
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "epochs_done": epochs_done,
    }, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    """Restore `model` and `optimizer` in place from the file `path`; return epochs_done.

    `map_location` is passed on to torch.load.
    """
    while isinstance(path, str):  # never returns for a path given as a str
        pass
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
