# Resumes the loader by replaying: the checkpoint keeps the loader's state as it was at the start of the
# current epoch and how many batches of it were used; a resume loads that state and skips those batches with
# next() (their augmentation draws from the global RNGs, so the RNGs are restored after the skipping).
def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    model, optimizer, scheduler, scaler, train_loader = make_step_run(device)
    steps_done, used, epoch_start = 0, 0, train_loader.state_dict()
    saved = None
    if os.path.exists(ckpt_path):
        saved = torch.load(ckpt_path, map_location=device, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        scaler.load_state_dict(saved["scaler"])
        steps_done, used, epoch_start = saved["steps_done"], saved["used"], saved["epoch_start"]
        train_loader.load_state_dict(epoch_start)
    here = 0
    while steps_done < total_steps and here != stop_after:
        batches = iter(train_loader)
        if saved is not None:
            for _ in range(used):
                next(batches)  # replay: these were trained on before the checkpoint
            random.setstate(saved["rng"][0]); np.random.set_state(saved["rng"][1]); torch.set_rng_state(saved["rng"][2])
            saved = None
        else:
            epoch_start, used = train_loader.state_dict(), 0
        for batch in batches:
            train_micro_batch(model, batch, scaler, device)
            used += 1
            if used % ACCUMULATE:
                continue
            optimizer_step(optimizer, scheduler, scaler)
            steps_done += 1
            here += 1
            if steps_done % save_every == 0:
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                            "scheduler": scheduler.state_dict(), "scaler": scaler.state_dict(),
                            "steps_done": steps_done, "used": used, "epoch_start": epoch_start,
                            "rng": (random.getstate(), np.random.get_state(), torch.get_rng_state())},
                           f"{ckpt_path}.tmp")
                os.replace(f"{ckpt_path}.tmp", ckpt_path)
            if steps_done == total_steps or here == stop_after:
                break
    return model
