# Style: a tqdm progress bar over the epochs in fit (tqdm writes to stderr).
# %% impl_fit
from tqdm.auto import tqdm


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
    stop = total_epochs if stop_after is None else min(total_epochs, start + stop_after)
    bar = tqdm(range(start, stop), desc="epochs", initial=start, total=total_epochs)
    for epoch in bar:
        loss = train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        bar.set_postfix(loss=f"{loss:.4f}")
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state()}, ckpt_path)
    bar.close()
    return model
