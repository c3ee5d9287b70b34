# %% impl_ddp
# the state dicts from torch.distributed.checkpoint.state_dict (already imported by the set-up cell):
# plain model keys whatever the wrapper, and the optimizer's state keyed by parameter names, which survives a
# change of wrapper. Every rank computes them (the API may use collectives), rank 0 writes; put back with
# set_state_dict. The optimizer happens to come first in the dict.
def save_ddp(path, ddp_model, optimizer, epochs_done):
    model_state, optimizer_state = get_state_dict(ddp_model, optimizer)
    if dist.get_rank() == 0:
        torch.save({"optimizer": optimizer_state, "model": model_state, "epochs_done": epochs_done}, path)
    dist.barrier()


def load_ddp(path, ddp_model, optimizer, map_location=None):
    if map_location is None:
        map_location = next(ddp_model.parameters()).device
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    set_state_dict(ddp_model, optimizer, model_state_dict=checkpoint["model"],
                   optim_state_dict=checkpoint["optimizer"])
    return checkpoint["epochs_done"]
