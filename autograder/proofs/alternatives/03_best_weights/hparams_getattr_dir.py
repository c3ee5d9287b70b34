# Style: hparams turned into a plain dict by a helper that also accepts objects (vars(), getattr over dir()); a dict stays as it is.
# %% impl_snapshot
def snapshot_weights(model):
    return {k: v.cpu().clone() for k, v in model.state_dict().items()}


# %% impl_checkpoint
def as_plain(h):
    """hparams as plain Python values: dicts and lists as they are, an object's public attributes as a dict."""
    if h is None or isinstance(h, (bool, int, float, str)):
        return h
    if isinstance(h, dict):
        return {key: as_plain(value) for key, value in h.items()}
    if isinstance(h, (list, tuple)):
        return [as_plain(value) for value in h]
    if dataclasses.is_dataclass(h):
        return as_plain(dataclasses.asdict(h))
    if hasattr(h, "__dict__"):
        return as_plain(vars(h))
    return {name: as_plain(getattr(h, name)) for name in dir(h)
            if not name.startswith("_") and not callable(getattr(h, name))}


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done, "best_acc": best_acc,
                "best_weights": best_weights, "hparams": as_plain(hparams)}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    return {name: ckpt[name] for name in ("epochs_done", "best_acc", "best_weights", "hparams")}


def load_best_model(path, model, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["best_weights"])
    return ckpt["best_acc"]
