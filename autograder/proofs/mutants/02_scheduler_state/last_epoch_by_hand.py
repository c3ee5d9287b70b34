"""Only the scheduler's last_epoch is set by hand; its other counters start over."""


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "last_epoch": scheduler.last_epoch, "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.last_epoch = checkpoint["last_epoch"]
    return checkpoint["epochs_done"]
