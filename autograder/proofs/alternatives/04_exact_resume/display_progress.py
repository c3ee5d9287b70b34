# Style: fit reports each epoch with display(...), the function every Jupyter notebook has without an import.
# %% impl_fit
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
    for epoch in range(start, total_epochs):
        if stop_after is not None and epoch - start == stop_after:
            break
        loss = train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state()}, ckpt_path)
        display({"epoch": epoch + 1, "loss": round(loss, 4), "lr": scheduler.get_last_lr()[0]})
    return model
