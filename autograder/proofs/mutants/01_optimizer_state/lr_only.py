"""Only the learning rate of the optimizer is kept; Adam's moments and step counter are lost."""


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "lrs": [g["lr"] for g in optimizer.param_groups],
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    for group, lr in zip(optimizer.param_groups, checkpoint["lrs"]):
        group["lr"] = lr
    return checkpoint["epochs_done"]
