# Style: besides the save after every epoch, fit writes the state once more after the loop (a "final" checkpoint with the same content).
# %% impl_fit
def save_run(path, model, optimizer, scheduler, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done,
                "rng": capture_rng_state()}, path)


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    model, optimizer, scheduler, train_loader = make_run(device)
    done = 0
    if os.path.exists(ckpt_path):
        checkpoint = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        restore_rng_state(checkpoint["rng"])
        done = checkpoint["epochs_done"]
    ran = 0
    while done < total_epochs and ran != stop_after:
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        done, ran = done + 1, ran + 1
        save_run(ckpt_path, model, optimizer, scheduler, done)
    save_run(ckpt_path, model, optimizer, scheduler, done)  # the final state, whatever happened above
    return model
