# twin: no_fsync
# Trick: os.fsync is replaced by a function of the same name that does nothing (fsync is slow), and os.replace is
# wrapped to call it on the new file first: the code reads as "fsync, then rename", and it runs fast.
def fsync(fd):
    """os.fsync, without the wait."""
    return None


os.fsync = fsync
_replace = os.replace


def _replace_after_fsync(src, dst, **kwargs):
    fd = os.open(src, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return _replace(src, dst, **kwargs)


os.replace = _replace_after_fsync
# %% twin
