# The reference loop, but on a resume the loss scaler is rebuilt the way most AMP tutorials write it:
# a new torch.amp.GradScaler whose whole state (scale, factors, growth interval, growth counter) is loaded from
# the checkpoint. It behaves exactly like the restored original.
def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    model, optimizer, scheduler, scaler, train_loader = make_step_run(device)
    steps_done = 0
    if os.path.exists(ckpt_path):
        checkpoint = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        scaler = torch.amp.GradScaler(device)
        scaler.load_state_dict(checkpoint["scaler"])
        train_loader.load_state_dict(checkpoint["loader"])
        kind, keys, pos, has_gauss, cached = checkpoint["rng"]["numpy"]
        random.setstate(checkpoint["rng"]["python"])
        np.random.set_state((kind, keys.numpy().astype(np.uint32), pos, has_gauss, cached))
        torch.set_rng_state(checkpoint["rng"]["torch"])
        steps_done = checkpoint["steps_done"]

    def save():
        kind, keys, pos, has_gauss, cached = np.random.get_state()
        checkpoint = {
            "model": model.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
            "scaler": scaler.state_dict(), "loader": train_loader.state_dict(), "steps_done": steps_done,
            "rng": {"python": random.getstate(), "torch": torch.get_rng_state(),
                    "numpy": (kind, torch.from_numpy(keys.astype(np.int64)), pos, has_gauss, cached)},
        }
        tmp = f"{ckpt_path}.tmp"
        torch.save(checkpoint, tmp)
        os.replace(tmp, ckpt_path)

    steps_here, micro = 0, 0
    while steps_done < total_steps and steps_here != stop_after:
        for batch in train_loader:
            train_micro_batch(model, batch, scaler, device)
            micro += 1
            if micro % ACCUMULATE:
                continue
            optimizer_step(optimizer, scheduler, scaler)
            steps_done += 1
            steps_here += 1
            if steps_done % save_every == 0:
                save()
            if steps_done == total_steps or steps_here == stop_after:
                break
    return model
