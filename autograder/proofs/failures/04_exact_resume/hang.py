# %% impl_fit
# The reference answer, except that fit never returns when the path is a str.
def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    """Train the run of make_run(device) to total_epochs, resuming from ckpt_path if it exists.

    Saves a checkpoint after every epoch. Returns the model, after total_epochs or, with stop_after,
    after that many epochs in this call.
    """
    while isinstance(ckpt_path, str):  # never returns for a path given as a str
        pass
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
        if stop_after is not None and epoch - start == stop_after:
            break
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state()}, ckpt_path)
    return model
