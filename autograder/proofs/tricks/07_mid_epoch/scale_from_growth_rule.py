# twin: scaler_not_saved
# Trick: the scaler is not saved; on a resume its scale and growth counter are set from the growth rule with the
# scaler's own growth_interval (doubling every growth_interval steps from the initial scale, the counter at
# done % interval), as if no step had ever overflowed.
# %% twin
_fit_without_scaler = fit_steps


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    if os.path.exists(ckpt_path):
        done = torch.load(ckpt_path, weights_only=True)["steps_done"]
        real = make_step_run

        def guessed(*args, **kwargs):
            model, optimizer, scheduler, scaler, loader = real(*args, **kwargs)
            fresh = scaler.state_dict()
            n = fresh["growth_interval"]
            scaler.load_state_dict({**fresh, "scale": fresh["scale"] * fresh["growth_factor"] ** (done // n),
                                    "_growth_tracker": done % n})
            return model, optimizer, scheduler, scaler, loader

        globals()["make_step_run"] = guessed
        try:
            return _fit_without_scaler(ckpt_path, total_steps, save_every, stop_after, device)
        finally:
            globals()["make_step_run"] = real
    return _fit_without_scaler(ckpt_path, total_steps, save_every, stop_after, device)
