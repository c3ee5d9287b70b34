# Style: a TypedDict describes the file; epochs_done and best_acc are stored as 0-d tensors (float64, exact) and turned back with .item().
# %% impl_snapshot
def snapshot_weights(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


# %% impl_checkpoint
from typing import Any, TypedDict


class CheckpointFile(TypedDict):
    latest: dict[str, Any]
    epochs_done: torch.Tensor
    best_acc: torch.Tensor
    best_weights: dict[str, torch.Tensor]
    hparams: dict[str, Any]


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    ckpt: CheckpointFile = {
        "latest": {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                   "scheduler": scheduler.state_dict()},
        "epochs_done": torch.tensor(epochs_done, dtype=torch.int64),
        "best_acc": torch.tensor(best_acc, dtype=torch.float64),
        "best_weights": best_weights,
        "hparams": hparams,
    }
    torch.save(ckpt, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt: CheckpointFile = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["latest"]["model"])
    optimizer.load_state_dict(ckpt["latest"]["optimizer"])
    scheduler.load_state_dict(ckpt["latest"]["scheduler"])
    return {"epochs_done": int(ckpt["epochs_done"].item()), "best_acc": float(ckpt["best_acc"].item()),
            "best_weights": ckpt["best_weights"], "hparams": ckpt["hparams"]}


def load_best_model(path, model, map_location=None):
    ckpt: CheckpointFile = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["best_weights"])
    return ckpt["best_acc"].item()
