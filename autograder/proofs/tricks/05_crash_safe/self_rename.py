# twin: in_place
# Trick: after writing the path in place, the file is fsynced and renamed onto itself with os.replace(path, path),
# so a trace of the calls shows what an atomic save does: a file in the same folder, fsynced after its last
# write, renamed onto the path. The file was still written in place.
# %% twin
_in_place = atomic_save


def atomic_save(obj, path):
    _in_place(obj, path)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(path, path)
