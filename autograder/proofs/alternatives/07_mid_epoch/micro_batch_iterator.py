# One iterator of micro-batches over all epochs (a generator that starts the loader again at each epoch end);
# each optimizer step takes ACCUMULATE of them with next(). NumPy's state allowed by name when loading.
import itertools


def _forever(loader):
    while True:
        yield from loader


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    model, optimizer, scheduler, scaler, train_loader = make_step_run(device)
    parts = {"model": model, "optimizer": optimizer, "scheduler": scheduler, "scaler": scaler, "loader": train_loader}
    step = 0
    if os.path.exists(ckpt_path):
        with torch.serialization.safe_globals([np.ndarray, np.dtype, np.dtypes.UInt32DType,
                                               np._core.multiarray._reconstruct]):
            saved = torch.load(ckpt_path, map_location=device, weights_only=True)
        for name, part in parts.items():
            part.load_state_dict(saved[name])
        random.setstate(saved["python"])
        np.random.set_state(saved["numpy"])
        torch.set_rng_state(saved["torch"])
        step = saved["step"]
    micro_batches = _forever(train_loader)
    for _ in itertools.islice(itertools.count(), total_steps - step if stop_after is None
                              else min(stop_after, total_steps - step)):
        for _ in range(ACCUMULATE):
            train_micro_batch(model, next(micro_batches), scaler, device)
        optimizer_step(optimizer, scheduler, scaler)
        step += 1
        if step % save_every == 0:
            state = {name: part.state_dict() for name, part in parts.items()}
            state.update(python=random.getstate(), numpy=np.random.get_state(), torch=torch.get_rng_state(), step=step)
            torch.save(state, str(ckpt_path) + ".partial")
            os.replace(str(ckpt_path) + ".partial", ckpt_path)
    return model
