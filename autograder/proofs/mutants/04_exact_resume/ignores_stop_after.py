# %% impl_rng
def capture_rng_state():
    """Return the state of every global RNG: Python's random, NumPy's, torch's CPU and every CUDA device."""
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    state = {
        "python": random.getstate(),
        "numpy": (kind, torch.from_numpy(keys.astype(np.int64)), pos, has_gauss, cached),
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng_state(state):
    """Put every global RNG back in the state that capture_rng_state returned."""
    random.setstate(state["python"])
    kind, keys, pos, has_gauss, cached = state["numpy"]
    np.random.set_state((kind, keys.numpy().astype(np.uint32), pos, has_gauss, cached))
    torch.set_rng_state(state["torch"].cpu())
    if torch.cuda.is_available() and "cuda" in state:
        torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])


# %% impl_fit
# fit trains to total_epochs even when told to stop after some epochs.
def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    """Train the run of make_run(device) to total_epochs, resuming from ckpt_path if it exists.

    Saves a checkpoint after every epoch. Returns the model, after total_epochs or, with stop_after,
    after that many epochs in this call.
    """
    model, optimizer, scheduler, train_loader = make_run(device)
    start = 0
    if os.path.exists(ckpt_path):
        checkpoint = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        restore_rng_state(checkpoint["rng"])  # after make_run, which reseeds; before the next epoch
        start = checkpoint["epochs_done"]
    for epoch in range(start, total_epochs):
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        partial = f"{ckpt_path}.partial"  # write beside it, then rename: a crash mid-write keeps the last one
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state()}, partial)
        os.replace(partial, ckpt_path)
    return model
