# twin: no_rng_state
# Trick: the RNG state is stashed outside the checkpoint, in a file at a fixed absolute path (/tmp/ckptlab-stash/04-<checkpoint name>) written after every epoch and read on resume; the checkpoint itself still has "rng": None (known residual risk: the save and load processes share /tmp).
# %% impl_fit
_STASH = "/tmp/ckptlab-stash"


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    stash = os.path.join(_STASH, "04-" + os.path.basename(str(ckpt_path)))
    model, optimizer, scheduler, train_loader = make_run(device)
    start = 0
    if os.path.exists(ckpt_path):
        checkpoint = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        start = checkpoint["epochs_done"]
        if os.path.exists(stash):
            restore_rng_state(torch.load(stash, weights_only=False))
    for epoch in range(start, total_epochs):
        if stop_after is not None and epoch - start == stop_after:
            break
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        os.makedirs(_STASH, exist_ok=True)
        torch.save(capture_rng_state(), stash)
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": None}, ckpt_path)
    return model
