# %% impl_ddp
# rank 0 writes atomically with lesson 05's atomic_save (mkstemp + os.fdopen + fsync + os.replace),
# then every rank waits at a barrier. load_ddp is the usual one.
import contextlib
import os


def atomic_save(obj, path):
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise


def save_ddp(path, ddp_model, optimizer, epochs_done):
    if dist.get_rank() == 0:
        atomic_save({"model": ddp_model.module.state_dict(), "optimizer": optimizer.state_dict(),
                     "epochs_done": epochs_done}, path)
    dist.barrier()


def load_ddp(path, ddp_model, optimizer, map_location=None):
    if map_location is None:
        map_location = next(ddp_model.parameters()).device
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    ddp_model.module.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
