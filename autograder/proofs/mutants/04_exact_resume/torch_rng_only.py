# %% impl_rng
"""Only torch's RNG is captured: Python's and NumPy's, used by the augmentation, start over."""


def capture_rng_state():
    return {"torch": torch.get_rng_state()}


def restore_rng_state(state):
    torch.set_rng_state(state["torch"])
