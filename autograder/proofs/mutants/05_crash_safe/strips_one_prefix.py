# %% impl_clean
# Removes one leading "module." or "_orig_mod.", not a run of them: torch.compile of a DDP model keeps
# "module." at the start of its keys.
def clean_state_dict(state_dict):
    """The same tensors, each key without its leading run of "module." and "_orig_mod." prefixes."""
    cleaned = {}
    for key, value in state_dict.items():
        for prefix in ("module.", "_orig_mod."):
            if key.startswith(prefix):
                key = key[len(prefix):]
                break
        cleaned[key] = value
    return cleaned
