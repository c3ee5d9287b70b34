# %% impl_rotating
# The paths written are remembered in a module-level deque: a new process (a resumed job) does not know the
# files of the one before and never deletes them.
from collections import deque

_written = deque()


def save_rotating(directory, state, step, keep=3):
    """Atomically save `state` as the checkpoint of `step` in `directory`, keep only the `keep` highest
    steps of this function's checkpoints, and return the new file's path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"step-{step}.pt"
    atomic_save(state, path)
    _written.append(path)
    while len(_written) > keep:
        old = _written.popleft()
        if old.exists():
            old.unlink()
    return path
