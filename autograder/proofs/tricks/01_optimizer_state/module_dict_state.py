# twin: optimizer_saved_not_loaded
# Trick: state kept in a module-level dict instead of the file: save_checkpoint remembers a copy of the optimizer's state_dict under the path, load_checkpoint restores it from there (works while save and load run in one process, as in the notebook; the file still holds no usable optimizer state for another process).
import copy

_kept = {}


def save_checkpoint(path, model, optimizer, epochs_done):
    _kept[str(path)] = copy.deepcopy(optimizer.state_dict())
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    if str(path) in _kept:
        optimizer.load_state_dict(_kept[str(path)])
    return checkpoint["epochs_done"]
