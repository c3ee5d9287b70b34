# %% impl_atomic
# os.fdatasync instead of os.fsync (the data and the size, not the times); names zero-padded to 20 digits
# and still sorted as numbers.
def atomic_save(obj, path):
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix="." + path.stem, suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fdatasync(f.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# %% impl_rotating
PADDED = re.compile(r"ckpt_(\d{20,})\.pt")


def _checkpoints(directory):
    return sorted((int(m[1]), p) for p in Path(directory).glob("ckpt_*.pt") if (m := PADDED.fullmatch(p.name)))


def save_rotating(directory, state, step, keep=3):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"ckpt_{step:020d}.pt"
    atomic_save(state, path)
    checkpoints = _checkpoints(directory)
    excess = len(checkpoints) - keep
    for _, old in checkpoints[:max(excess, 0)]:
        old.unlink()
    return path


# %% impl_latest
def load_latest(directory, map_location=None):
    if not Path(directory).is_dir():
        return None, None
    for step, path in reversed(_checkpoints(directory)):
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as err:
            warnings.warn(f"{path} is damaged ({err.__class__.__name__}), using an older checkpoint")
    return None, None


# %% impl_clean
def clean_state_dict(state_dict):
    out = {}
    for key, value in state_dict.items():
        while key.startswith(("module.", "_orig_mod.")):
            key = key.split(".", 1)[1]
        out[key] = value
    return out
