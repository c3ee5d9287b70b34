# %% impl_ddp
# The optimizer's per-parameter state is restored, but its own param_groups are kept ("the code sets the
# learning rate anyway"): a run saved with another learning rate resumes with the default one.
def save_ddp(path, ddp_model, optimizer, epochs_done):
    """Rank 0 writes one checkpoint (plain model keys, optimizer, epochs_done); every rank returns once it is complete."""
    if dist.get_rank() == 0:
        torch.save({"model": ddp_model.module.state_dict(), "optimizer": optimizer.state_dict(),
                    "epochs_done": epochs_done}, path)
    dist.barrier()


def load_ddp(path, ddp_model, optimizer, map_location=None):
    """On every rank: restore model and optimizer in place from save_ddp's file; return epochs_done."""
    if map_location is None:
        map_location = next(ddp_model.parameters()).device
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    ddp_model.module.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict({"state": checkpoint["optimizer"]["state"],
                               "param_groups": optimizer.state_dict()["param_groups"]})
    return checkpoint["epochs_done"]
