# %% impl_atomic
# The reference answer, emitting a UserWarning, a FutureWarning and a DeprecationWarning when called.
def _warn_thrice(name):
    warnings.warn(f"{name}: this answer warns, as torch sometimes does", UserWarning)
    warnings.warn(f"{name}: and once more", FutureWarning)
    warnings.warn(f"{name}: and once more", DeprecationWarning)


def atomic_save(obj, path):
    """torch.save(obj) to `path` so that `path` always holds its old or its new content, complete.

    A temporary file in the same folder, flushed and fsynced, then os.replace onto `path`. If torch.save
    raises, no temporary file is left, `path` is unchanged and the error reaches the caller.
    """
    _warn_thrice("atomic_save")
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()  # from Python's buffer to the operating system
            os.fsync(f.fileno())  # from the operating system's memory to the disk
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise


# %% impl_rotating
def save_rotating(directory, state, step, keep=3):
    """Atomically save `state` as the checkpoint of `step` in `directory`, keep only the `keep` highest
    steps of this function's checkpoints, and return the new file's path."""
    _warn_thrice("save_rotating")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"step-{step}.pt"
    atomic_save(state, path)
    ours = sorted((int(match.group(1)), p) for p in directory.iterdir()
                  if (match := re.fullmatch(r"step-(0|[1-9]\d*)\.pt", p.name)) and p.is_file())
    for _, old in ours[:max(len(ours) - keep, 0)]:  # all but the `keep` highest steps
        old.unlink()
    return path


# %% impl_latest
def load_latest(directory, map_location=None):
    """(state, step) of the newest checkpoint in `directory` that loads, skipping broken ones with a
    warning; (None, None) if there is none. Deletes nothing."""
    _warn_thrice("load_latest")
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    ours = sorted(((int(match.group(1)), p) for p in directory.iterdir()
                   if (match := re.fullmatch(r"step-(0|[1-9]\d*)\.pt", p.name)) and p.is_file()), reverse=True)
    for step, path in ours:  # the names save_rotating writes, newest first
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as err:  # a cut file, an empty one and garbage raise three different errors
            warnings.warn(f"skipping {path}: it does not load ({type(err).__name__}: {err})")
    return None, None


# %% impl_clean
def clean_state_dict(state_dict):
    """The same tensors, each key without its leading run of "module." and "_orig_mod." prefixes."""
    _warn_thrice("clean_state_dict")
    return {re.sub(r"^(?:(?:module|_orig_mod)\.)+", "", key): value for key, value in state_dict.items()}
