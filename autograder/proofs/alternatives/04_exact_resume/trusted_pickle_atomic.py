# %% impl_rng
"""Correct: a list of the raw states, restored in the same order; the checkpoint is a trusted file of
our own, written atomically and loaded with weights_only=False."""


def capture_rng_state():
    cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None
    return {"states": [random.getstate(), np.random.get_state(), torch.get_rng_state()], "cuda": cuda}


def restore_rng_state(state):
    python_state, numpy_state, torch_state = state["states"]
    random.setstate(python_state)
    np.random.set_state(numpy_state)
    torch.set_rng_state(torch_state)
    if state["cuda"] is not None:
        torch.cuda.set_rng_state_all(state["cuda"])


# %% impl_fit
def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    model, optimizer, scheduler, loader = make_run(device)
    epoch = 0
    if Path(ckpt_path).is_file():
        saved = torch.load(ckpt_path, map_location=device, weights_only=False)
        for obj, key in ((model, "m"), (optimizer, "o"), (scheduler, "s")):
            obj.load_state_dict(saved[key])
        restore_rng_state(saved["rng"])
        epoch = saved["epoch"]
    ran = 0
    while epoch < total_epochs and (stop_after is None or ran < stop_after):
        train_one_epoch(model, optimizer, loader, device)
        scheduler.step()
        epoch, ran = epoch + 1, ran + 1
        tmp = Path(f"{ckpt_path}.tmp")
        torch.save({"m": model.state_dict(), "o": optimizer.state_dict(), "s": scheduler.state_dict(),
                    "epoch": epoch, "rng": capture_rng_state()}, tmp)
        os.replace(tmp, ckpt_path)
    return model
