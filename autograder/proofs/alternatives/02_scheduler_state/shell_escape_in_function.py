# Style: IPython syntax inside the functions, run at each call: a %time line magic around torch.save and a `!ls -l {path}` shell escape.
def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    %time torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "epochs_done": epochs_done}, path)
    !ls -l {path}


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return checkpoint["epochs_done"]
