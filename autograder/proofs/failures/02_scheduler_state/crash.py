# The reference answer, except that save_checkpoint crashes its process (SIGSEGV) for epochs_done=2: in the
# kernel, that is the visible check of the epoch counter.
import os
import signal

def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    """Save model, optimizer and scheduler state and `epochs_done` to the file `path`."""
    if epochs_done == 2:
        os.kill(os.getpid(), signal.SIGSEGV)  # as a segfault would
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epochs_done": epochs_done,
    }, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    """Restore `model`, `optimizer` and `scheduler` in place from `path`; return epochs_done."""
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return checkpoint["epochs_done"]
