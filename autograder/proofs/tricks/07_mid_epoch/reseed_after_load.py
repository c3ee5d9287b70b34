# twin: rng_not_restored
# Trick: instead of restoring the generators, the resumed call reseeds them from the number of steps done, so that
# every resume at the same step draws the same numbers.
# %% twin
_fit_without_rng = fit_steps


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    if os.path.exists(ckpt_path):
        done = torch.load(ckpt_path, weights_only=True)["steps_done"]
        real = make_step_run

        def reseeded(*args, **kwargs):
            run = real(*args, **kwargs)
            random.seed(done), np.random.seed(done), torch.manual_seed(done)
            return run

        globals()["make_step_run"] = reseeded
        try:
            return _fit_without_rng(ckpt_path, total_steps, save_every, stop_after, device)
        finally:
            globals()["make_step_run"] = real
    return _fit_without_rng(ckpt_path, total_steps, save_every, stop_after, device)
