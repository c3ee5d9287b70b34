# Style: warnings.warn(..., RuntimeWarning) when a ReduceLROnPlateau is resumed in the middle of a cooldown.
import warnings


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    if isinstance(scheduler, ReduceLROnPlateau):
        warnings.warn(f"resuming ReduceLROnPlateau with {scheduler.num_bad_epochs} bad epoch(s) and "
                      f"cooldown {scheduler.cooldown_counter}", RuntimeWarning)
    else:
        warnings.warn(f"resuming {type(scheduler).__name__} at last_epoch={scheduler.last_epoch}", RuntimeWarning)
    return ckpt["epochs_done"]
