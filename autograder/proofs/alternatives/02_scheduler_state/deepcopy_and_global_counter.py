# Style: copy.deepcopy of the states before saving (the set-up imports copy) and a `global` count of loads.
LOADS = 0


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    state = copy.deepcopy({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                           "scheduler": scheduler.state_dict()})
    state["epochs_done"] = int(epochs_done)
    torch.save(state, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    global LOADS
    state = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    LOADS += 1
    return state["epochs_done"]
