# %% impl_snapshot
"""Copies the parameters only: BatchNorm's running statistics (buffers) are missing."""


def snapshot_weights(model):
    return {name: p.detach().clone() for name, p in model.named_parameters()}
