# %% impl_snapshot
"""dict(...) of state_dict(): another shallow copy whose tensors change with the model."""


def snapshot_weights(model):
    return dict(model.state_dict())
