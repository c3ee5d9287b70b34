# %% impl_ddp
# A barrier, but before rank 0 writes: the ranks meet, then the others go on while rank 0 is still writing.
def save_ddp(path, ddp_model, optimizer, epochs_done):
    """Rank 0 writes one checkpoint (plain model keys, optimizer, epochs_done); every rank returns once it is complete."""
    dist.barrier()
    if dist.get_rank() == 0:
        torch.save({"model": ddp_model.module.state_dict(), "optimizer": optimizer.state_dict(),
                    "epochs_done": epochs_done}, path)


def load_ddp(path, ddp_model, optimizer, map_location=None):
    """On every rank: restore model and optimizer in place from save_ddp's file; return epochs_done."""
    if map_location is None:
        map_location = next(ddp_model.parameters()).device
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    ddp_model.module.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
