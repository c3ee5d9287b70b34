# twin: scheduler_saved_not_loaded
# Trick: methods patched on the scheduler instance the check passed in: load_checkpoint leaves the scheduler as built but makes its state_dict() answer the state that was saved, and its get_last_lr() answer the optimizer's learning rates.


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    saved = checkpoint["scheduler"]
    scheduler.state_dict = lambda: saved
    scheduler.get_last_lr = lambda: [group["lr"] for group in optimizer.param_groups]
    return checkpoint["epochs_done"]
