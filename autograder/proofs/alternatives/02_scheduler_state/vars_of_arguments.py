# Style: vars() (the function's own arguments) picks out everything that has a state_dict.
def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    arguments = dict(vars())  # path, model, optimizer, scheduler, epochs_done
    state = {name: value.state_dict() for name, value in arguments.items() if hasattr(value, "state_dict")}
    state["epochs_done"] = epochs_done
    torch.save(state, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    arguments = dict(vars())
    state = torch.load(path, map_location=map_location)
    for name, value in arguments.items():
        if hasattr(value, "load_state_dict"):
            value.load_state_dict(state[name])
    return state["epochs_done"]
