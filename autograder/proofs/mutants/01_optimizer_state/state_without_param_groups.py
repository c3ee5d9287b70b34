"""The per-parameter state is copied back, but not param_groups: a decayed learning rate is lost."""


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer_state": optimizer.state_dict()["state"],
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    full = optimizer.state_dict()
    full["state"] = checkpoint["optimizer_state"]
    optimizer.load_state_dict(full)
    return checkpoint["epochs_done"]
