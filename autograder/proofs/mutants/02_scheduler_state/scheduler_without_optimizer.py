"""The scheduler is restored but the optimizer is not: get_last_lr() and the real learning rate disagree."""


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save({"model": model.state_dict(), "scheduler": scheduler.state_dict(),
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return checkpoint["epochs_done"]
