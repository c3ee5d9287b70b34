# %% impl_latest
# The reference answer, except that load_latest never returns when it is given map_location="cpu".
def load_latest(directory, map_location=None):
    """(state, step) of the newest checkpoint in `directory` that loads, skipping broken ones with a
    warning; (None, None) if there is none. Deletes nothing."""
    while map_location == "cpu":  # never returns
        pass
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    ours = sorted(((int(match.group(1)), p) for p in directory.iterdir()
                   if (match := re.fullmatch(r"step-(0|[1-9]\d*)\.pt", p.name)) and p.is_file()), reverse=True)
    for step, path in ours:
        try:
            return torch.load(path, map_location=map_location, weights_only=True), step
        except Exception as err:
            warnings.warn(f"skipping {path}: it does not load ({type(err).__name__}: {err})")
    return None, None
