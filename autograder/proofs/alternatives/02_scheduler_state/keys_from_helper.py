# Style: a constant computed at the top of the cell by the learner's own helper function (KEYS = make_keys()).
def make_keys(prefix="ckpt"):
    return {part: f"{prefix}/{part}" for part in ("model", "optimizer", "scheduler", "epochs_done")}


KEYS = make_keys()


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save({KEYS["model"]: model.state_dict(), KEYS["optimizer"]: optimizer.state_dict(),
                KEYS["scheduler"]: scheduler.state_dict(), KEYS["epochs_done"]: epochs_done}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location)
    model.load_state_dict(ckpt[KEYS["model"]])
    optimizer.load_state_dict(ckpt[KEYS["optimizer"]])
    scheduler.load_state_dict(ckpt[KEYS["scheduler"]])
    return ckpt[KEYS["epochs_done"]]
