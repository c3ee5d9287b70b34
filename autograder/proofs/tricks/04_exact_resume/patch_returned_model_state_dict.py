# twin: ignores_stop_after
# Trick: a method patched on the instance the check gets back: fit trains to total_epochs whatever stop_after says (as the twin), but remembers the weights after every epoch and, when told to stop, returns a model whose state_dict() answers the weights of the epoch where it should have stopped.
# %% impl_fit
_epochs_states = {}
_believed_done = {}


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    model, optimizer, scheduler, train_loader = make_run(device)
    start = 0
    if os.path.exists(ckpt_path):
        checkpoint = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        restore_rng_state(checkpoint["rng"])
        start = checkpoint["epochs_done"]
    states = _epochs_states.setdefault(str(ckpt_path), {})
    believed = _believed_done.get(str(ckpt_path), start)
    for epoch in range(start, total_epochs):
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        states[epoch + 1] = {k: v.detach().clone() for k, v in model.state_dict().items()}
        partial = f"{ckpt_path}.partial"
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state()}, partial)
        os.replace(partial, ckpt_path)
    if stop_after is not None and believed + stop_after in states:
        _believed_done[str(ckpt_path)] = believed + stop_after
        pretend = states[believed + stop_after]
        model.state_dict = lambda *args, **kwargs: dict(pretend)
    else:
        _believed_done.pop(str(ckpt_path), None)
    return model
