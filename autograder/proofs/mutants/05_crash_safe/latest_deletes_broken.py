# %% impl_latest
# Broken checkpoints are skipped with a warning, and deleted "to clean up": the evidence of what went wrong
# is gone, and so is a file that was only unreadable for a moment.
def load_latest(directory, map_location=None):
    """(state, step) of the newest checkpoint in `directory` that loads, skipping broken ones with a
    warning; (None, None) if there is none. Deletes nothing."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    ours = sorted(((int(m.group(1)), p) for p in directory.iterdir()
                   if (m := re.fullmatch(r"step-(\d+)\.pt", p.name))), reverse=True)
    for step, path in ours:
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as err:
            warnings.warn(f"removing {path}: it does not load ({type(err).__name__}: {err})")
            path.unlink()
    return None, None
