# Epochs counted separately (epoch, step in epoch); the scheduler is not saved but fast-forwarded with step()
# (LambdaLR is a closed form of the step count); checkpoint keys nested by kind; RNG as tensors and lists.
import warnings


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    model, optimizer, scheduler, scaler, train_loader = make_step_run(device)
    steps_per_epoch = len(train_loader) // ACCUMULATE
    epoch, step_in_epoch = 0, 0
    if os.path.isfile(ckpt_path):
        ck = torch.load(ckpt_path, weights_only=True)
        model.load_state_dict(ck["state"]["model"])
        optimizer.load_state_dict(ck["state"]["optimizer"])
        scaler.load_state_dict(ck["state"]["scaler"])
        train_loader.load_state_dict(ck["state"]["loader"])
        epoch, step_in_epoch = ck["position"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(epoch * steps_per_epoch + step_in_epoch):
                scheduler.step()
        version, internal, gauss = ck["rng"]["python"]
        random.setstate((version, tuple(internal), gauss))
        np.random.set_state(("MT19937", ck["rng"]["np_key"].numpy().astype(np.uint32), *ck["rng"]["np_tail"]))
        torch.set_rng_state(ck["rng"]["torch"])
    done = lambda: epoch * steps_per_epoch + step_in_epoch
    this_call = 0
    while done() < total_steps and this_call != stop_after:
        micro = 0
        for batch in train_loader:
            train_micro_batch(model, batch, scaler, device)
            micro += 1
            if micro < ACCUMULATE:
                continue
            micro = 0
            optimizer_step(optimizer, scheduler, scaler)
            step_in_epoch += 1
            this_call += 1
            if done() % save_every == 0:
                version, internal, gauss = random.getstate()
                _, key, pos, has_gauss, cached = np.random.get_state()
                ck = {"state": {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                                "scaler": scaler.state_dict(), "loader": train_loader.state_dict()},
                      "position": [epoch, step_in_epoch],
                      "rng": {"python": [version, list(internal), gauss], "np_key": torch.tensor(key.astype(np.int64)),
                              "np_tail": [pos, has_gauss, cached], "torch": torch.get_rng_state()}}
                torch.save(ck, f"{ckpt_path}~")
                os.replace(f"{ckpt_path}~", ckpt_path)
            if done() >= total_steps or this_call == stop_after:
                break
        else:
            epoch, step_in_epoch = epoch + 1, 0
            continue
        break
    return model
