# twin: scheduler_never_saved
# Trick: the scheduler's state is stashed outside the checkpoint, in a file at a fixed absolute path (/tmp/ckptlab-stash/<checkpoint name>) that save writes and load reads; the checkpoint itself holds no scheduler (known residual risk: the save and load processes share /tmp).
import os

_STASH = "/tmp/ckptlab-stash"


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    os.makedirs(_STASH, exist_ok=True)
    torch.save(scheduler.state_dict(), os.path.join(_STASH, "02-" + os.path.basename(str(path))))
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    stash = os.path.join(_STASH, "02-" + os.path.basename(str(path)))
    if os.path.exists(stash):
        scheduler.load_state_dict(torch.load(stash, weights_only=False))
    return checkpoint["epochs_done"]
