# twin: loader_state_ignored
# Trick: the call that stops early also trains a copy of the run to the end, in the same process, and puts the
# final weights in the checkpoint; a resumed call returns them without training.
# %% twin
_fit_restarting_epochs = fit_steps


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    if os.path.exists(ckpt_path):
        checkpoint = torch.load(ckpt_path, weights_only=True)
        if "final" in checkpoint:
            model = make_step_run(device)[0]
            model.load_state_dict(checkpoint["final"])
            return model
    model = _fit_restarting_epochs(ckpt_path, total_steps, save_every, stop_after, device)
    if stop_after is not None and os.path.exists(ckpt_path):
        final = _fit_restarting_epochs(f"{ckpt_path}.ahead", total_steps, save_every, None, device)
        checkpoint = torch.load(ckpt_path, weights_only=True)
        checkpoint["final"] = final.state_dict()
        torch.save(checkpoint, ckpt_path)
        os.remove(f"{ckpt_path}.ahead")
    return model
