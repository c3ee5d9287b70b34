# %% impl_ddp
# The reference answer, talkative: prints on stdout, warnings and a progress bar on stderr, in every rank.
import sys
import warnings

from tqdm.auto import tqdm


def save_ddp(path, ddp_model, optimizer, epochs_done):
    rank = dist.get_rank()
    print(f"rank {rank}: saving epoch {epochs_done}")
    warnings.warn(f"rank {rank}: checkpoints of this run are not encrypted")
    for _ in tqdm(range(3), desc="saving", file=sys.stderr):
        pass
    if rank == 0:
        torch.save({"model": ddp_model.module.state_dict(), "optimizer": optimizer.state_dict(),
                    "epochs_done": epochs_done}, path)
    dist.barrier()
    print(f"rank {rank}: saved", file=sys.stderr)


def load_ddp(path, ddp_model, optimizer, map_location=None):
    warnings.warn("loading a checkpoint")
    if map_location is None:
        map_location = next(ddp_model.parameters()).device
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    ddp_model.module.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    print("resuming after epoch", checkpoint["epochs_done"], file=sys.stderr)
    return checkpoint["epochs_done"]
# %% impl_sharded
def save_sharded(directory, model, optimizer, epochs_done):
    warnings.warn(f"saving a sharded checkpoint to {directory}")
    model_state, optimizer_state = get_state_dict(model, optimizer)
    dcp.save({"model": model_state, "optimizer": optimizer_state, "epochs_done": epochs_done}, checkpoint_id=directory)
    print("saved", file=sys.stderr)


def load_sharded(directory, model, optimizer):
    model_state, optimizer_state = get_state_dict(model, optimizer)
    state = {"model": model_state, "optimizer": optimizer_state, "epochs_done": 0}
    for _ in tqdm([0], desc="loading", file=sys.stderr):
        dcp.load(state, checkpoint_id=directory)
    set_state_dict(model, optimizer, model_state_dict=state["model"], optim_state_dict=state["optimizer"])
    warnings.warn("loaded")
    return state["epochs_done"]
