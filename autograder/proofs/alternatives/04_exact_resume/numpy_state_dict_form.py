# Style: NumPy's state in its dict form (np.random.get_state(legacy=False)), the key array stored as a tensor.
# %% impl_rng
def capture_rng_state():
    np_state = np.random.get_state(legacy=False)
    return {
        "random": random.getstate(),
        "numpy": {"bit_generator": np_state["bit_generator"],
                  "key": torch.from_numpy(np_state["state"]["key"].astype(np.int64)),
                  "pos": int(np_state["state"]["pos"]),
                  "has_gauss": int(np_state["has_gauss"]), "gauss": float(np_state["gauss"])},
        "torch": torch.random.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }


def restore_rng_state(state):
    random.setstate(state["random"])
    saved = state["numpy"]
    np.random.set_state({"bit_generator": saved["bit_generator"],
                         "state": {"key": saved["key"].numpy().astype(np.uint32), "pos": saved["pos"]},
                         "has_gauss": saved["has_gauss"], "gauss": saved["gauss"]})
    torch.random.set_rng_state(state["torch"].cpu())
    if state["cuda"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])


# %% impl_fit
def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    model, optimizer, scheduler, train_loader = make_run(device)
    epochs_done = 0
    if os.path.isfile(ckpt_path):
        state = torch.load(ckpt_path, map_location="cpu", weights_only=True)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        restore_rng_state(state["rng"])
        epochs_done = state["epochs_done"]
    for epoch in range(epochs_done, total_epochs):
        if stop_after is not None and epoch - epochs_done >= stop_after:
            break
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state()}, ckpt_path)
    return model
