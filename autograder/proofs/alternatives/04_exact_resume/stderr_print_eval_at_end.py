# Style: `import sys`, per-epoch lines printed to sys.stderr, and the model returned in eval mode (model.eval()).
# %% impl_fit
import sys


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    model, optimizer, scheduler, train_loader = make_run(device)
    first = 0
    if Path(ckpt_path).exists():
        saved = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        restore_rng_state(saved["rng"])
        first = saved["epochs_done"]
        print(f"resumed after epoch {first}", file=sys.stderr)
    last = total_epochs if stop_after is None else min(total_epochs, first + stop_after)
    for epoch in range(first, last):
        loss = train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epoch + 1,
                    "rng": capture_rng_state()}, ckpt_path)
        print(f"epoch {epoch + 1}/{total_epochs}: loss {loss:.4f}", file=sys.stderr)
    model.eval()  # hand back a model ready for evaluation
    return model
