# Style: `import sys`, a note on sys.stderr, and an atomic save through tempfile.mkstemp in the same folder, fsync and os.replace.
# %% impl_snapshot
def snapshot_weights(model):
    return {name: t.detach().to(device=t.device, copy=True) for name, t in model.state_dict().items()}


# %% impl_checkpoint
import os
import sys
import tempfile


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "epochs_done": epochs_done,
                        "best_acc": best_acc, "best_weights": best_weights, "hparams": hparams}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    print(f"checkpoint: epoch {epochs_done}, best acc {best_acc:.4f} -> {path}", file=sys.stderr)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    print(f"resumed from {path} at epoch {ckpt['epochs_done']}", file=sys.stderr)
    return {"epochs_done": ckpt["epochs_done"], "best_acc": ckpt["best_acc"],
            "best_weights": ckpt["best_weights"], "hparams": ckpt["hparams"]}


def load_best_model(path, model, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["best_weights"])
    return ckpt["best_acc"]
