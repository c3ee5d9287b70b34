# twin: no_fsync
# Trick: os.sync() is called before anything is written, as if that synced the file that is written later.
# %% twin
_unsynced = atomic_save


def atomic_save(obj, path):
    os.sync()
    _unsynced(obj, path)
