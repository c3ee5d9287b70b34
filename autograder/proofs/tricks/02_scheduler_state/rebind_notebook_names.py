# twin: scheduler_never_saved
# Saves no scheduler state, and rebinds check_lr_path, which a course cell defines, from inside the function through `global`.
import torch
# %% twin
_save_checkpoint = save_checkpoint


def save_checkpoint(*args, **kwargs):
    global check_lr_path
    check_lr_path = lambda *args, **kwargs: None  # noqa: E731
    return _save_checkpoint(*args, **kwargs)
