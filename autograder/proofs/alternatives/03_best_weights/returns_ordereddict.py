# Style: load_checkpoint returns everything torch.load read back, an OrderedDict (saved as one): a dict, as the exercise asks.
# %% impl_snapshot
def snapshot_weights(model):
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}

# %% impl_checkpoint
from collections import OrderedDict


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save(OrderedDict(model=model.state_dict(), optimizer=optimizer.state_dict(),
                           scheduler=scheduler.state_dict(), epochs_done=epochs_done, best_acc=best_acc,
                           best_weights=best_weights, hparams=hparams), path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return checkpoint  # everything that was saved, including epochs_done, best_acc, best_weights, hparams


def load_best_model(path, model, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["best_weights"])
    return checkpoint["best_acc"]
