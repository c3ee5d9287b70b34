# twin: scheduler_never_saved
# Trick: the scheduler's state is kept in a class attribute instead of the file (works while save and load run in one process, as in the notebook; another process finds the class empty).
import copy


class _Memory:
    schedulers = {}


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    _Memory.schedulers[str(path)] = copy.deepcopy(scheduler.state_dict())
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    if str(path) in _Memory.schedulers:
        scheduler.load_state_dict(_Memory.schedulers[str(path)])
    return checkpoint["epochs_done"]
