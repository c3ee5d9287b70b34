# %% impl_rotating
# One folder per checkpoint, as Hugging Face's Trainer does (checkpoint-500/state.pt): old ones are removed
# with shutil.rmtree, and the folder's name gives the step.
CHECKPOINT_DIR = re.compile(r"checkpoint-([0-9]+)")


def _checkpoint_dirs(directory):
    """[(step, folder)] of this function's checkpoint folders, lowest step first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted((int(m.group(1)), d) for d in directory.iterdir()
                  if d.is_dir() and (m := CHECKPOINT_DIR.fullmatch(d.name)))


def save_rotating(directory, state, step, keep=3):
    folder = Path(directory) / f"checkpoint-{step}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "state.pt"
    atomic_save(state, path)
    dirs = _checkpoint_dirs(directory)
    for _, old in dirs[:max(len(dirs) - keep, 0)]:
        shutil.rmtree(old)
    return path


# %% impl_latest
def load_latest(directory, map_location=None):
    for step, folder in reversed(_checkpoint_dirs(directory)):
        path = folder / "state.pt"
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as exc:
            warnings.warn(f"{path} does not load ({type(exc).__name__}: {exc}); trying the one before")
    return None, None
