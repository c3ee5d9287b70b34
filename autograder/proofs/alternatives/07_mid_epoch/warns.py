# The reference answer, talkative: a progress bar and warnings on stderr, prints on stdout.
import sys
import warnings

from tqdm.auto import tqdm


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    model, optimizer, scheduler, scaler, train_loader = make_step_run(device)
    steps_done = 0
    if os.path.exists(ckpt_path):
        warnings.warn(f"resuming from {ckpt_path}")
        checkpoint = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        scaler.load_state_dict(checkpoint["scaler"])
        train_loader.load_state_dict(checkpoint["loader"])
        kind, keys, pos, has_gauss, cached = checkpoint["rng"]["numpy"]
        random.setstate(checkpoint["rng"]["python"])
        np.random.set_state((kind, keys.numpy().astype(np.uint32), pos, has_gauss, cached))
        torch.set_rng_state(checkpoint["rng"]["torch"])
        steps_done = checkpoint["steps_done"]
    bar = tqdm(total=total_steps, initial=steps_done, file=sys.stderr, desc="steps")
    steps_here, micro = 0, 0
    while steps_done < total_steps and steps_here != stop_after:
        for batch in train_loader:
            loss = train_micro_batch(model, batch, scaler, device)
            micro += 1
            if micro % ACCUMULATE:
                continue
            optimizer_step(optimizer, scheduler, scaler)
            steps_done += 1
            steps_here += 1
            bar.update()
            print(f"step {steps_done}: loss {loss:.3f}, scale {scaler.get_scale():.0f}")
            if steps_done % save_every == 0:
                kind, keys, pos, has_gauss, cached = np.random.get_state()
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                            "scheduler": scheduler.state_dict(), "scaler": scaler.state_dict(),
                            "loader": train_loader.state_dict(), "steps_done": steps_done,
                            "rng": {"python": random.getstate(), "torch": torch.get_rng_state(),
                                    "numpy": (kind, torch.from_numpy(keys.astype(np.int64)), pos, has_gauss,
                                              cached)}}, f"{ckpt_path}.tmp")
                os.replace(f"{ckpt_path}.tmp", ckpt_path)
                print("saved", file=sys.stderr)
            if steps_done == total_steps or steps_here == stop_after:
                break
    bar.close()
    return model
