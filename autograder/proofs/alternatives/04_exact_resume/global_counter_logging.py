# Style: a module-level counter updated with `global` (epochs trained in this session) and logging.warning on resume.
# %% impl_fit
import logging

EPOCHS_TRAINED_HERE = 0


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    global EPOCHS_TRAINED_HERE
    model, optimizer, scheduler, train_loader = make_run(device)
    start = 0
    if os.path.exists(ckpt_path):
        checkpoint = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        restore_rng_state(checkpoint["rng"])
        start = checkpoint["epochs_done"]
        logging.warning("resuming %s after %d of %d epochs", ckpt_path, start, total_epochs)
    for epoch in range(start, total_epochs):
        if stop_after is not None and epoch - start == stop_after:
            logging.warning("stopping after %d epochs (simulated crash)", stop_after)
            break
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        EPOCHS_TRAINED_HERE += 1
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state()}, ckpt_path)
    return model
