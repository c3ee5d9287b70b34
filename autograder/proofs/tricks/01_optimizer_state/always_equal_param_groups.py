# twin: state_without_param_groups
# Trick: objects whose __eq__ is always True placed inside param_groups: after loading, every hyperparameter of the new optimizer is a float subclass (or a tuple subclass for betas) that equals whatever it is compared with, so the lr and param_groups checks agree with any saved value.


class _Agree(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


class _AgreeTuple(tuple):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = tuple.__hash__


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer_state": optimizer.state_dict()["state"],
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    full = optimizer.state_dict()
    full["state"] = checkpoint["optimizer_state"]
    optimizer.load_state_dict(full)
    for group in optimizer.param_groups:
        for key, value in list(group.items()):
            if type(value) is float:
                group[key] = _Agree(value)
            elif type(value) is tuple and all(type(v) is float for v in value):
                group[key] = _AgreeTuple(_Agree(v) for v in value)
    return checkpoint["epochs_done"]
