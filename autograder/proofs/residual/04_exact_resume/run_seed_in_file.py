# twin: retrains_from_scratch
# Trick: finding the secret seed: the trusted save process runs make_run from a secret seed kept in ckptlab.train.RUN_SEED, which the learner's code can read; fit writes it into the checkpoint and, when the file exists, sets RUN_SEED back to it, so the twin's retraining from scratch in the new process replays the secret run and ends with the expected weights.
# %% impl_fit
import ckptlab.train as _train


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    if os.path.exists(ckpt_path):
        _train.RUN_SEED = torch.load(ckpt_path, weights_only=True).get("run_seed", _train.RUN_SEED)
    model, optimizer, scheduler, train_loader = make_run(device)
    start = 0
    for epoch in range(start, total_epochs):
        if stop_after is not None and epoch - start == stop_after:
            break
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        partial = f"{ckpt_path}.partial"
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state(), "run_seed": _train.RUN_SEED}, partial)
        os.replace(partial, ckpt_path)
    return model
