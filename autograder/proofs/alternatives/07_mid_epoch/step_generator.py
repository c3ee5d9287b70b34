# A generator that trains one optimizer step per next() and yields the step count; the caller decides when to
# save and when to stop. NumPy's state in its dict form (get_state(legacy=False)); Python's as a list; the
# next save computed ahead (next_save) instead of a modulo; a NamedTemporaryFile beside the target, replaced.
import tempfile


def _train_steps(model, optimizer, scheduler, scaler, loader, done, device):
    micro = 0
    while True:
        for batch in loader:
            train_micro_batch(model, batch, scaler, device)
            micro += 1
            if micro == ACCUMULATE:
                micro = 0
                optimizer_step(optimizer, scheduler, scaler)
                done += 1
                yield done


def _rng_now():
    np_state = np.random.get_state(legacy=False)
    return {"py": [list(x) if isinstance(x, tuple) else x for x in random.getstate()],
            "np_key": torch.from_numpy(np_state["state"]["key"].astype(np.int64)),
            "np_pos": np_state["state"]["pos"], "np_has_gauss": np_state["has_gauss"], "np_gauss": np_state["gauss"],
            "torch": torch.get_rng_state()}


def _rng_restore(s):
    version, internal, gauss_next = s["py"]
    random.setstate((version, tuple(internal), gauss_next))
    np.random.set_state({"bit_generator": "MT19937", "state": {"key": s["np_key"].numpy().astype(np.uint32),
                         "pos": s["np_pos"]}, "has_gauss": s["np_has_gauss"], "gauss": s["np_gauss"]})
    torch.set_rng_state(s["torch"])


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    run = make_step_run(device)
    model, optimizer, scheduler, scaler, loader = run
    names = ("model", "optimizer", "scheduler", "scaler", "loader")
    done = 0
    if Path(ckpt_path).is_file():
        saved = torch.load(ckpt_path, map_location=device, weights_only=True)
        for name, obj in zip(names, run):
            obj.load_state_dict(saved[name])
        _rng_restore(saved["rng"])
        done = saved["done"]
    if done >= total_steps:
        return model
    last = total_steps if stop_after is None else min(total_steps, done + stop_after)
    next_save = (done // save_every + 1) * save_every
    for done in _train_steps(model, optimizer, scheduler, scaler, loader, done, device):
        if done == next_save:
            next_save += save_every
            state = {name: obj.state_dict() for name, obj in zip(names, run)}
            state.update(rng=_rng_now(), done=done)
            target = Path(ckpt_path)
            with tempfile.NamedTemporaryFile(dir=target.parent, prefix=target.name, delete=False) as f:
                torch.save(state, f)
            os.replace(f.name, target)
        if done == last:
            break
    return model
