# twin: no_rng_state
# Saves no RNG state, and rebinds check_resume, which a course cell defines, from inside the function through `global`.
import torch
# %% twin
_fit = fit


def fit(*args, **kwargs):
    global check_resume
    check_resume = lambda *args, **kwargs: None  # noqa: E731
    return _fit(*args, **kwargs)
