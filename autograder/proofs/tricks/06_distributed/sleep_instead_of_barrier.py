# twin: no_barrier
# Trick: instead of a barrier, the other ranks sleep a moment after rank 0's save, long enough for the
# visible check, where rank 0 arrives 0.3 s late.
import time as _time
# %% twin
_save_without_barrier = save_ddp


def save_ddp(path, ddp_model, optimizer, epochs_done):
    _save_without_barrier(path, ddp_model, optimizer, epochs_done)
    if dist.get_rank() != 0:
        _time.sleep(0.35)
