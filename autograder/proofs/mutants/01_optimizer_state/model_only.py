"""The article's first checkpoint: the model's weights and the epoch, no optimizer state."""


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    return checkpoint["epochs_done"]
