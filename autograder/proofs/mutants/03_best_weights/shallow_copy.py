# %% impl_snapshot
"""A shallow copy: a new dict, but its tensors are still the model's own."""


def snapshot_weights(model):
    return model.state_dict().copy()
