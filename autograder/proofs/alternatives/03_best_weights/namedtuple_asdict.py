# Style: a namedtuple builds the checkpoint; ._asdict() makes it a plain dict before torch.save (weights_only loading).
# %% impl_snapshot
def snapshot_weights(model):
    copy = {}  # a local name that hides the module copy, on purpose or not
    for key, value in model.state_dict().items():
        copy[key] = value.clone()
    return copy


# %% impl_checkpoint
from collections import namedtuple

Checkpoint = namedtuple("Checkpoint", "model optimizer scheduler epochs_done best_acc best_weights hparams")
Info = namedtuple("Info", "epochs_done best_acc best_weights hparams")


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    ckpt = Checkpoint(model.state_dict(), optimizer.state_dict(), scheduler.state_dict(), epochs_done,
                      float(best_acc), best_weights, hparams)
    torch.save(dict(ckpt._asdict()), path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = Checkpoint(**torch.load(path, map_location=map_location, weights_only=True))
    model.load_state_dict(ckpt.model)
    optimizer.load_state_dict(ckpt.optimizer)
    scheduler.load_state_dict(ckpt.scheduler)
    return dict(Info(ckpt.epochs_done, ckpt.best_acc, ckpt.best_weights, ckpt.hparams)._asdict())


def load_best_model(path, model, map_location=None):
    ckpt = Checkpoint(**torch.load(path, map_location=map_location, weights_only=True))
    model.load_state_dict(ckpt.best_weights)
    return ckpt.best_acc
