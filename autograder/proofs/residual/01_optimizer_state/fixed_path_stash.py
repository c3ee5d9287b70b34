# twin: model_only
# Trick: the optimizer's state is stashed outside the checkpoint, in a file at a fixed absolute path (/tmp/ckptlab-stash/<checkpoint name>) that save writes and load reads; the checkpoint itself still holds only the model (known residual risk: the save and load processes share /tmp).
import os

_STASH = "/tmp/ckptlab-stash"


def save_checkpoint(path, model, optimizer, epochs_done):
    os.makedirs(_STASH, exist_ok=True)
    torch.save(optimizer.state_dict(), os.path.join(_STASH, os.path.basename(str(path))))
    torch.save({"model": model.state_dict(), "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    stash = os.path.join(_STASH, os.path.basename(str(path)))
    if os.path.exists(stash):
        optimizer.load_state_dict(torch.load(stash, map_location=map_location))
    return checkpoint["epochs_done"]
