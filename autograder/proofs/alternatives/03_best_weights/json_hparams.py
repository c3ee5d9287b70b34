# Style: the hyperparameters are stored as a JSON text in the checkpoint and parsed back on load.
# %% impl_snapshot
def snapshot_weights(model):
    return copy.deepcopy(model.state_dict())


# %% impl_checkpoint
import json


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "meta": json.dumps({"epochs_done": epochs_done, "best_acc": best_acc, "hparams": hparams}),
                "best_weights": best_weights}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    meta = json.loads(ckpt["meta"])
    return {"epochs_done": int(meta["epochs_done"]), "best_acc": float(meta["best_acc"]),
            "best_weights": ckpt["best_weights"], "hparams": meta["hparams"]}


def load_best_model(path, model, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["best_weights"])
    return float(json.loads(ckpt["meta"])["best_acc"])
