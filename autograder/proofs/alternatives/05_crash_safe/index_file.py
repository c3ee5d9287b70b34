# %% impl_rotating
# Keeps an index of its checkpoints in the folder (checkpoints.json, written atomically), as some training
# libraries keep a "latest" file; the index names the files, load_latest reads it.
import json


def _read_index(directory):
    try:
        with open(Path(directory) / "checkpoints.json") as f:
            return {int(step): name for step, name in json.load(f).items()}
    except FileNotFoundError:
        return {}


def _write_index(directory, index):
    tmp = Path(directory) / ".checkpoints.json.tmp"
    with open(tmp, "w") as f:
        json.dump({str(step): name for step, name in sorted(index.items())}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, Path(directory) / "checkpoints.json")


def save_rotating(directory, state, step, keep=3):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"step-{step}.pt"
    atomic_save(state, path)
    index = _read_index(directory)
    index[step] = path.name
    for old in sorted(index)[:max(len(index) - keep, 0)]:
        (directory / index.pop(old)).unlink(missing_ok=True)
    _write_index(directory, index)
    return path


# %% impl_latest
def load_latest(directory, map_location=None):
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    index = _read_index(directory)
    for step in sorted(index, reverse=True):
        path = directory / index[step]
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as err:
            warnings.warn(f"skipping {path}: {type(err).__name__}: {err}")
    return None, None
