"""Correct: moves every tensor to the CPU before saving (a checkpoint that opens anywhere), and
lets load_state_dict move it back onto the parameters' device."""


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.detach().cpu().clone()
    if isinstance(obj, dict):
        return {k: to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(v) for v in obj)
    return obj


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save(to_cpu({"model": model.state_dict(), "optim": optimizer.state_dict(),
                       "done": epochs_done}), path)


def load_checkpoint(path, model, optimizer, map_location=None):
    state = torch.load(path, map_location=map_location or "cpu")
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optim"])
    return state["done"]
