# %% impl_snapshot
"""Correct: the snapshot is kept on the CPU (frees GPU memory), a copy of every tensor; the checkpoint
is written atomically and load_best_model reuses load_checkpoint's file reading."""
import os


def snapshot_weights(model):
    return {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}


# %% impl_checkpoint
def _read(path, map_location):
    return torch.load(path, map_location=map_location, weights_only=True)


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    tmp = os.fspath(path) + ".tmp"
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": int(epochs_done),
                "best_acc": float(best_acc), "best_weights": best_weights, "hparams": hparams}, tmp)
    os.replace(tmp, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    state = _read(path, map_location)
    model.load_state_dict(state.pop("model"))
    optimizer.load_state_dict(state.pop("optimizer"))
    scheduler.load_state_dict(state.pop("scheduler"))
    return state


def load_best_model(path, model, map_location=None):
    state = _read(path, map_location)
    model.load_state_dict(state["best_weights"])
    return state["best_acc"]
