# Checks for the checkpoint inside the loop's set-up (a helper that returns the start), keeps the loader's
# state as bytes of its own serialisation, and counts the micro-batches of the current step in a variable that
# is reset at each step.
import io


def _load(path, model, optimizer, scheduler, scaler, loader, device):
    if not os.path.exists(path):
        return 0
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    for key, obj in (("m", model), ("o", optimizer), ("s", scheduler), ("g", scaler)):
        obj.load_state_dict(checkpoint[key])
    loader.load_state_dict(torch.load(io.BytesIO(checkpoint["loader_bytes"].numpy().tobytes()), weights_only=True))
    random.setstate(checkpoint["py"])
    np.random.set_state(("MT19937", checkpoint["np_keys"].numpy().astype(np.uint32), *checkpoint["np_rest"]))
    torch.set_rng_state(checkpoint["pt"])
    return checkpoint["step"]


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    model, optimizer, scheduler, scaler, loader = make_step_run(device)
    step = _load(ckpt_path, model, optimizer, scheduler, scaler, loader, device)
    budget = float("inf") if stop_after is None else stop_after
    pending = 0
    while step < total_steps and budget > 0:
        for batch in loader:
            train_micro_batch(model, batch, scaler, device)
            pending += 1
            if pending < ACCUMULATE:
                continue
            pending = 0
            optimizer_step(optimizer, scheduler, scaler)
            step, budget = step + 1, budget - 1
            if step % save_every == 0:
                buffer = io.BytesIO()
                torch.save(loader.state_dict(), buffer)
                _, keys, pos, has_gauss, cached = np.random.get_state()
                torch.save({"m": model.state_dict(), "o": optimizer.state_dict(), "s": scheduler.state_dict(),
                            "g": scaler.state_dict(), "step": step, "py": random.getstate(),
                            "loader_bytes": torch.frombuffer(bytearray(buffer.getvalue()), dtype=torch.uint8),
                            "np_keys": torch.from_numpy(keys.astype(np.int64)), "np_rest": [pos, has_gauss, cached],
                            "pt": torch.get_rng_state()}, f"{ckpt_path}.part")
                os.replace(f"{ckpt_path}.part", ckpt_path)
            if step == total_steps or budget == 0:
                break
    return model
