# Style: the snapshot is the state_dict of a copy.deepcopy of the whole model (the checkpoint cell is the reference answer).
# %% impl_snapshot
def snapshot_weights(model):
    frozen = copy.deepcopy(model)
    return frozen.state_dict()
