# %% impl_rotating
# The old checkpoints are pruned to `keep` before the new one is saved, so keep + 1 checkpoints stay.
def save_rotating(directory, state, step, keep=3):
    """Atomically save `state` as the checkpoint of `step` in `directory`, keep only the `keep` highest
    steps of this function's checkpoints, and return the new file's path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ours = sorted((int(m.group(1)), p) for p in directory.iterdir()
                  if (m := re.fullmatch(r"step-(\d+)\.pt", p.name)))
    for _, old in ours[:max(len(ours) - keep, 0)]:  # make room first
        old.unlink()
    path = directory / f"step-{step}.pt"
    atomic_save(state, path)
    return path
