# %% impl_rotating
# Checkpoints are ordered by file name, as text: step-10.pt comes before step-9.pt, so the rotation deletes
# new checkpoints and keeps old ones.
def save_rotating(directory, state, step, keep=3):
    """Atomically save `state` as the checkpoint of `step` in `directory`, keep only the `keep` highest
    steps of this function's checkpoints, and return the new file's path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"step-{step}.pt"
    atomic_save(state, path)
    checkpoints = sorted(directory.glob("step-*.pt"))  # oldest first
    for old in checkpoints[:max(len(checkpoints) - keep, 0)]:
        old.unlink()
    return path
