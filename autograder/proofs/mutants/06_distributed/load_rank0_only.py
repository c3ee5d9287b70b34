# %% impl_ddp
# Only rank 0 loads the checkpoint, as if DDP copied rank 0's weights to the others at every step (it does
# so only when it wraps the model): rank 1 trains on from the initial weights.
def save_ddp(path, ddp_model, optimizer, epochs_done):
    """Rank 0 writes one checkpoint (plain model keys, optimizer, epochs_done); every rank returns once it is complete."""
    if dist.get_rank() == 0:
        torch.save({"model": ddp_model.module.state_dict(), "optimizer": optimizer.state_dict(),
                    "epochs_done": epochs_done}, path)
    dist.barrier()


def load_ddp(path, ddp_model, optimizer, map_location=None):
    """On every rank: restore model and optimizer in place from save_ddp's file; return epochs_done."""
    epochs_done = 0
    if dist.get_rank() == 0:
        if map_location is None:
            map_location = next(ddp_model.parameters()).device
        checkpoint = torch.load(path, map_location=map_location, weights_only=True)
        ddp_model.module.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        epochs_done = checkpoint["epochs_done"]
    return epochs_done
