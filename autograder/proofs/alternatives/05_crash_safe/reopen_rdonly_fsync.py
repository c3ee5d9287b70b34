# %% impl_atomic
# torch.save to a temporary path, then reopened read-only (os.open O_RDONLY) to fsync it, then os.replace;
# clean_state_dict returns an OrderedDict, as load_state_dict itself does.
def atomic_save(obj, path):
    path = str(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        torch.save(obj, tmp)  # closed (and flushed) when torch.save returns
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


# %% impl_rotating
def save_rotating(directory, state, step, keep=3):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    new = directory / f"model_step{step}.pt"
    atomic_save(state, new)
    steps = []
    for p in directory.glob("model_step*.pt"):
        m = re.fullmatch(r"model_step(\d+)\.pt", p.name)
        if m:
            steps.append(int(m.group(1)))
    steps.sort()
    while len(steps) > keep:
        (directory / f"model_step{steps.pop(0)}.pt").unlink()
    return new


# %% impl_latest
def load_latest(directory, map_location=None):
    directory = Path(directory)
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return None, None
    steps = sorted((int(m.group(1)) for n in names if (m := re.fullmatch(r"model_step(\d+)\.pt", n))), reverse=True)
    for step in steps:
        path = directory / f"model_step{step}.pt"
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as exc:
            warnings.warn("could not load %s (%s), trying the previous checkpoint" % (path, exc))
    return None, None


# %% impl_clean
from collections import OrderedDict

_PREFIX = re.compile(r"(module\.|_orig_mod\.)*")


def clean_state_dict(state_dict):
    out = OrderedDict()
    for key, value in state_dict.items():
        out[key[_PREFIX.match(key).end():]] = value
    return out
