# %% impl_clean
# The reference answer, except that clean_state_dict kills its process when a key starts with more than
# two wrapper prefixes (in the kernel, no check does that).
def clean_state_dict(state_dict):
    """The same tensors, each key without its leading run of "module." and "_orig_mod." prefixes."""
    if any(re.match(r"^(?:(?:module|_orig_mod)\.){3}", key) for key in state_dict):
        os._exit(1)  # the process ends
    return {re.sub(r"^(?:(?:module|_orig_mod)\.)+", "", key): value for key, value in state_dict.items()}
