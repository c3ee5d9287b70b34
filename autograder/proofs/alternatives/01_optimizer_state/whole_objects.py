"""Correct but not recommended: pickles the whole model and optimizer objects, then copies their
state into the objects the caller passed (needs weights_only=False, so only for trusted files)."""


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model, "optimizer": optimizer, "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    saved = torch.load(path, map_location=map_location, weights_only=False)
    model.load_state_dict(saved["model"].state_dict())
    optimizer.load_state_dict(saved["optimizer"].state_dict())
    return saved["epochs_done"]
