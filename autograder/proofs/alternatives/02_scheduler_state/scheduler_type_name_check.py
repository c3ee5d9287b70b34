# Style: stores type(scheduler).__name__ and type(optimizer).__name__ in the file and checks them on load.
def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save({
        "kinds": {"optimizer": type(optimizer).__name__, "scheduler": type(scheduler).__name__},
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epochs_done": epochs_done,
    }, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    for name, obj in (("optimizer", optimizer), ("scheduler", scheduler)):
        if ckpt["kinds"][name] != type(obj).__name__:
            raise ValueError(f"this checkpoint holds a {ckpt['kinds'][name]}, not a {type(obj).__name__}")
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    return ckpt["epochs_done"]
