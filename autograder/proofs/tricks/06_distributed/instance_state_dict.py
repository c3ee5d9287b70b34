# twin: optimizer_rank0_only
# Trick: on the ranks that do not restore the optimizer, its state_dict method is replaced on the instance
# by one that returns the checkpoint's, so whoever reads the optimizer's state sees the restored one.
# %% twin
_load_rank0_optimizer = load_ddp


def load_ddp(path, ddp_model, optimizer, map_location=None):
    epochs_done = _load_rank0_optimizer(path, ddp_model, optimizer, map_location)
    if dist.get_rank() != 0:
        saved = torch.load(path, map_location="cpu", weights_only=True)["optimizer"]
        optimizer.state_dict = lambda: saved
    return epochs_done
