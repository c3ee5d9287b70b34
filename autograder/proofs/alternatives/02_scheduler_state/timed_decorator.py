# Style: a decorator (functools.wraps) that times each call and reports it on sys.stderr.
import functools
import sys
import time


def timed(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        print(f"{function.__name__} took {time.perf_counter() - start:.3f} s", file=sys.stderr)
        return result
    return wrapper


@timed
def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done}, path)


@timed
def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return checkpoint["epochs_done"]
