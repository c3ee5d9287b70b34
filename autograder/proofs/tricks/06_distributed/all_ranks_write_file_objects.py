# twin: all_ranks_write
# Trick: every rank still writes, but rank 0 through a file opened by name and the others through a file object
# from os.open/os.fdopen (whose .name is a number), in case the checker tells writers apart by how torch.save was
# called; both write the same bytes.
import os as _os
# %% twin


def save_ddp(path, ddp_model, optimizer, epochs_done):
    checkpoint = {"model": ddp_model.module.state_dict(), "optimizer": optimizer.state_dict(),
                  "epochs_done": epochs_done}
    if dist.get_rank() == 0:
        with open(path, "wb") as f:
            torch.save(checkpoint, f)
    else:
        with _os.fdopen(_os.open(path, _os.O_WRONLY | _os.O_CREAT | _os.O_TRUNC, 0o644), "wb") as f:
            torch.save(checkpoint, f)
    dist.barrier()
