# %% impl_latest
# map_location is not passed on to torch.load: a checkpoint saved on a GPU does not load on a machine without
# one, and load_latest skips every checkpoint.
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
            return torch.load(path, weights_only=True), step
        except Exception as err:
            warnings.warn(f"skipping {path}: {type(err).__name__}: {err}")
    return None, None
