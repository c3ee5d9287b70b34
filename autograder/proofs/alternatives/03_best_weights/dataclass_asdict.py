# Style: a @dataclass describes the checkpoint and is converted with dataclasses.asdict before torch.save (weights_only loading).
# %% impl_snapshot
def snapshot_weights(model):
    snapshot = {}
    for name, tensor in model.state_dict().items():
        snapshot[name] = torch.empty_like(tensor).copy_(tensor)
    return snapshot


# %% impl_checkpoint
@dataclasses.dataclass
class Checkpoint:
    model: dict
    optimizer: dict
    scheduler: dict
    epochs_done: int
    best_acc: float
    best_weights: dict
    hparams: dict


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    ckpt = Checkpoint(model.state_dict(), optimizer.state_dict(), scheduler.state_dict(), int(epochs_done),
                      float(best_acc), best_weights, hparams)
    torch.save(dataclasses.asdict(ckpt), path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = Checkpoint(**torch.load(path, map_location=map_location, weights_only=True))
    model.load_state_dict(ckpt.model)
    optimizer.load_state_dict(ckpt.optimizer)
    scheduler.load_state_dict(ckpt.scheduler)
    return {"epochs_done": ckpt.epochs_done, "best_acc": ckpt.best_acc, "best_weights": ckpt.best_weights,
            "hparams": ckpt.hparams}


def load_best_model(path, model, map_location=None):
    ckpt = Checkpoint(**torch.load(path, map_location=map_location, weights_only=True))
    model.load_state_dict(ckpt.best_weights)
    return ckpt.best_acc
