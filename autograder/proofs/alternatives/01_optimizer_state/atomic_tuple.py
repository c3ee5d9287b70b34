"""Correct: a tuple instead of a dict, written to a temporary file and renamed into place, so a crash
during the save never leaves a truncated checkpoint; loads with weights_only=True."""
import os


def save_checkpoint(path, model, optimizer, epochs_done):
    tmp = f"{os.fspath(path)}.tmp"
    torch.save((int(epochs_done), model.state_dict(), optimizer.state_dict()), tmp)
    os.replace(tmp, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    epochs_done, model_state, optimizer_state = torch.load(path, map_location=map_location,
                                                           weights_only=True)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(optimizer_state)
    return epochs_done
