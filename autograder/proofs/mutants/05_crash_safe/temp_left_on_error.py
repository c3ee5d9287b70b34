# %% impl_atomic
# Atomic and fsynced, but when torch.save raises (a full disk) the half-written temporary file stays in the
# folder.
def atomic_save(obj, path):
    """torch.save(obj) to `path` so that `path` always holds its old or its new content, complete."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
