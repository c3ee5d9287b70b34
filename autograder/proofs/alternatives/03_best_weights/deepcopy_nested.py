# %% impl_snapshot
"""Correct: copy.deepcopy of the state_dict; the checkpoint nests latest and best state separately."""
import copy


def snapshot_weights(model):
    return copy.deepcopy(model.state_dict())


# %% impl_checkpoint
def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save({"latest": {"model": model.state_dict(), "optim": optimizer.state_dict(),
                           "sched": scheduler.state_dict(), "epochs": epochs_done},
                "best": {"weights": best_weights, "acc": best_acc},
                "config": dict(hparams)}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["latest"]["model"])
    optimizer.load_state_dict(ckpt["latest"]["optim"])
    scheduler.load_state_dict(ckpt["latest"]["sched"])
    return {"epochs_done": ckpt["latest"]["epochs"], "best_acc": ckpt["best"]["acc"],
            "best_weights": ckpt["best"]["weights"], "hparams": ckpt["config"]}


def load_best_model(path, model, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["best"]["weights"])
    return ckpt["best"]["acc"]
