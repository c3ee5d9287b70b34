"""Correct: a list written atomically (temporary file, then rename), loaded with weights_only=True."""
import os


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    tmp = f"{os.fspath(path)}.partial"
    torch.save([epochs_done, model.state_dict(), optimizer.state_dict(), scheduler.state_dict()], tmp)
    os.replace(tmp, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    n, m, o, s = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(m)
    optimizer.load_state_dict(o)
    scheduler.load_state_dict(s)
    return n
