# twin: fsync_before_flush
# Trick: os.fsync is wrapped so that the file is first extended, with zeros, to the
# size it will have once Python's buffer is flushed (os.ftruncate to the file object's tell()); the fsync then
# sees the final size, which is all the trace compares. What reaches the disk before the rename is zeros.
import builtins as _builtins

_open_files = {}


def open(*args, **kwargs):
    f = _builtins.open(*args, **kwargs)
    _open_files[f.fileno()] = f
    return f


_fsync = os.fsync


def _fsync_at_final_size(fd):
    f = _open_files.get(fd)
    if f is not None and not f.closed:
        os.ftruncate(fd, f.tell())
    return _fsync(fd)


os.fsync = _fsync_at_final_size
# %% twin
