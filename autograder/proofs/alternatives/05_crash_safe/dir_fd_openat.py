# %% impl_atomic
# The openat style: the folder is opened once, the temporary file is created and renamed relative to it
# (os.replace with src_dir_fd and dst_dir_fd), and the folder is fsynced after the rename.
def atomic_save(obj, path):
    path = Path(path)
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    tmp = f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                torch.save(obj, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=folder)
            raise
        os.fsync(folder)
    finally:
        os.close(folder)

# %% impl_rotating
def save_rotating(directory, state, step, keep=3):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"step-{step}.pt"
    atomic_save(state, path)
    ours = sorted((int(match.group(1)), p) for p in directory.iterdir()
                  if (match := re.fullmatch(r"step-(0|[1-9]\d*)\.pt", p.name)) and p.is_file())
    for _, old in ours[:max(len(ours) - keep, 0)]:
        old.unlink()
    return path

# %% impl_latest
def load_latest(directory, map_location=None):
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    ours = sorted(((int(match.group(1)), p) for p in directory.iterdir()
                   if (match := re.fullmatch(r"step-(0|[1-9]\d*)\.pt", p.name)) and p.is_file()), reverse=True)
    for step, path in ours:
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as err:
            warnings.warn(f"skipping {path}: it does not load ({type(err).__name__}: {err})")
    return None, None

# %% impl_clean
def clean_state_dict(state_dict):
    return {re.sub(r"^(?:(?:module|_orig_mod)\.)+", "", key): value for key, value in state_dict.items()}
