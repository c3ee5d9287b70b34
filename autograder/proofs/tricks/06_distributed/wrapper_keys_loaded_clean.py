# twin: module_keys
# Trick: the file keeps the wrapper's keys, and torch.load is replaced in this process by one that strips
# "module." from whatever it loads, so any reader here finds plain keys.
import torch as _torch

_real_load = _torch.load


def _clean(obj):
    if isinstance(obj, dict):
        return {(k[len("module."):] if isinstance(k, str) and k.startswith("module.") else k): _clean(v)
                for k, v in obj.items()}
    return obj


_torch.load = lambda *args, **kwargs: _clean(_real_load(*args, **kwargs))
# %% twin
