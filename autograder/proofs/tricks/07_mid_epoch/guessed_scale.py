# twin: scaler_not_saved
# Trick: the scaler is not saved; on a resume its scale is set from the growth rule (doubling every growth_interval
# steps from 65536), as if no step had overflowed.
# %% twin
_fit_without_scaler = fit_steps


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    if os.path.exists(ckpt_path):
        done = torch.load(ckpt_path, weights_only=True)["steps_done"]
        real = make_step_run

        def guessed(*args, **kwargs):
            model, optimizer, scheduler, scaler, loader = real(*args, **kwargs)
            every = scaler.get_growth_interval()
            scaler.load_state_dict({"scale": 2.0 ** (16 + done // every), "growth_factor": 2.0, "backoff_factor": 0.5,
                                    "growth_interval": every, "_growth_tracker": 0})
            return model, optimizer, scheduler, scaler, loader

        globals()["make_step_run"] = guessed
        try:
            return _fit_without_scaler(ckpt_path, total_steps, save_every, stop_after, device)
        finally:
            globals()["make_step_run"] = real
    return _fit_without_scaler(ckpt_path, total_steps, save_every, stop_after, device)
