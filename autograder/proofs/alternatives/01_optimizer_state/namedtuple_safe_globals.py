# Style: a namedtuple checkpoint, allowed for weights_only loading with torch.serialization.add_safe_globals at the top of the cell (what torch's error message suggests).
from collections import namedtuple

Checkpoint = namedtuple("Checkpoint", ["model", "optimizer", "epochs_done"])
torch.serialization.add_safe_globals([Checkpoint])


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save(Checkpoint(model.state_dict(), optimizer.state_dict(), epochs_done), path)


def load_checkpoint(path, model, optimizer, map_location=None):
    ckpt = torch.load(path, map_location=map_location)  # weights_only=True, the default
    model.load_state_dict(ckpt.model)
    optimizer.load_state_dict(ckpt.optimizer)
    return ckpt.epochs_done
