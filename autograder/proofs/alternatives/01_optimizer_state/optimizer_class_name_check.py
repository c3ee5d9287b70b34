# Style: stores optimizer.__class__.__name__ in the file and checks it on load.
def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({
        "optimizer_class": optimizer.__class__.__name__,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "epochs_done": epochs_done,
    }, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    saved_class = ckpt["optimizer_class"]
    if saved_class != optimizer.__class__.__name__:
        raise TypeError(f"checkpoint was saved with {saved_class}, not {optimizer.__class__.__name__}")
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    return ckpt["epochs_done"]
