# %% impl_atomic
# torch.save into an open file, then os.fsync without f.flush(): the end of the archive is still in Python's
# buffer when the file is synced, so the disk may get a file without its index.
def atomic_save(obj, path):
    """torch.save(obj) to `path` so that `path` always holds its old or its new content, complete."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as f:
            torch.save(obj, f)
            os.fsync(f.fileno())  # make sure it is on disk
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise
