# fit changes torch's thread count while it trains (to all cores, for speed). Its resumed runs match its own
# uninterrupted ones, but it no longer trains the lesson's run: with another thread count the same epochs end
# with other low-order bits, so it does not match the reference run of make_run.
# %% impl_fit
def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(os.cpu_count() or 1)  # every call trains with the same number of threads
    try:
        model, optimizer, scheduler, train_loader = make_run(device)
        start = 0
        if os.path.exists(ckpt_path):
            checkpoint = torch.load(ckpt_path, map_location=device, weights_only=True)
            model.load_state_dict(checkpoint["model"])
            optimizer.load_state_dict(checkpoint["optimizer"])
            scheduler.load_state_dict(checkpoint["scheduler"])
            restore_rng_state(checkpoint["rng"])
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
    finally:
        torch.set_num_threads(previous_threads)
