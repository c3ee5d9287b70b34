# %% impl_rng
"""Correct: keeps NumPy's state as NumPy returns it and allowlists NumPy's types when loading, so the
checkpoint still loads with weights_only=True."""


def capture_rng_state():
    state = {"py": random.getstate(), "np": np.random.get_state(), "cpu": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng_state(state):
    random.setstate(state["py"])
    np.random.set_state(state["np"])
    torch.set_rng_state(state["cpu"])
    if "cuda" in state:
        torch.cuda.set_rng_state_all(state["cuda"])


# %% impl_fit
NUMPY_GLOBALS = [np.ndarray, np.dtype, np._core.multiarray._reconstruct, type(np.dtype(np.uint32))]


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    model, optimizer, scheduler, loader = make_run(device)
    done = 0
    if os.path.exists(ckpt_path):
        with torch.serialization.safe_globals(NUMPY_GLOBALS):
            ckpt = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        restore_rng_state(ckpt["rng"])
        done = ckpt["done"]
    epochs = total_epochs - done if stop_after is None else min(stop_after, total_epochs - done)
    for _ in range(epochs):
        train_one_epoch(model, optimizer, loader, device)
        scheduler.step()
        done += 1
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "done": done, "rng": capture_rng_state()}, ckpt_path)
    return model
