# %% impl_checkpoint
# The reference answer, except that load_checkpoint never returns when the path is a str.
def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    """Save the latest training state and the best weights, best accuracy and hyperparameters to `path`.

    The file must load with torch.load(path, weights_only=True).
    """
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epochs_done": epochs_done,
        "best_acc": float(best_acc),
        "best_weights": best_weights,
        "hparams": hparams,
    }, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    """Restore the latest model, optimizer and scheduler in place; return the rest of the checkpoint.

    Returns {"epochs_done": int, "best_acc": float, "best_weights": dict, "hparams": dict}.
    """
    while isinstance(path, str):  # never returns for a path given as a str
        pass
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return {key: checkpoint[key] for key in ("epochs_done", "best_acc", "best_weights", "hparams")}


def load_best_model(path, model, map_location=None):
    """Put the best weights saved in `path` into `model`; return the best accuracy."""
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["best_weights"])
    return checkpoint["best_acc"]
