# twin: loader_state_ignored
# Trick: whatever the course package notes about the run (ckptlab.steps.NOTES) is switched off before training,
# so nothing records the digits the restarted epoch shows twice.
import ckptlab.steps as _steps
# %% twin
_fit_restarting_epochs = fit_steps


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    _steps.NOTES = None
    return _fit_restarting_epochs(ckpt_path, total_steps, save_every, stop_after, device)
