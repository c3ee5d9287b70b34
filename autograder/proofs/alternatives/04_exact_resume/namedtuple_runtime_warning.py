# Style: capture_rng_state returns a namedtuple (._asdict() before torch.save for weights_only loading); warnings.warn(..., RuntimeWarning) on resume.
# %% impl_rng
from collections import namedtuple

RngState = namedtuple("RngState", ["python", "numpy", "torch", "cuda"])


def capture_rng_state():
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    return RngState(random.getstate(), (kind, torch.from_numpy(keys.astype(np.int64)), pos, has_gauss, cached),
                    torch.get_rng_state(), torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [])


def restore_rng_state(state):
    if isinstance(state, dict):
        state = RngState(**state)
    random.setstate(state.python)
    kind, keys, pos, has_gauss, cached = state.numpy
    np.random.set_state((kind, keys.numpy().astype(np.uint32), pos, has_gauss, cached))
    torch.set_rng_state(state.torch.cpu())
    if state.cuda and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in state.cuda])


# %% impl_fit
import warnings


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    model, optimizer, scheduler, train_loader = make_run(device)
    start = 0
    if os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        restore_rng_state(ckpt["rng"])
        start = ckpt["epochs_done"]
        warnings.warn(f"resuming from {ckpt_path} at epoch {start}", RuntimeWarning)
    for epoch in range(start, total_epochs):
        if stop_after is not None and epoch - start == stop_after:
            break
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": dict(capture_rng_state()._asdict())}, ckpt_path)
    return model
