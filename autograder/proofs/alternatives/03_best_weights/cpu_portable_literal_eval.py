# Style: a portable checkpoint (every tensor moved to the CPU with {k: v.cpu().clone()}) and hparams kept as their repr(), read back with ast.literal_eval.
# %% impl_snapshot
def snapshot_weights(model):
    return {k: v.cpu().clone() for k, v in model.state_dict().items()}


# %% impl_checkpoint
import ast


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.detach().cpu().clone()
    if isinstance(obj, dict):
        return {k: to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(v) for v in obj)
    return obj


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save(to_cpu({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                       "scheduler": scheduler.state_dict(), "epochs_done": epochs_done,
                       "best_acc": float(best_acc), "best_weights": best_weights,
                       "hparams": repr(hparams)}), path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    return {"epochs_done": ckpt["epochs_done"], "best_acc": ckpt["best_acc"],
            "best_weights": ckpt["best_weights"], "hparams": ast.literal_eval(ckpt["hparams"])}


def load_best_model(path, model, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["best_weights"])
    return ckpt["best_acc"]
