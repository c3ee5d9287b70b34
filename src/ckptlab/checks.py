"""Compare training state (model, optimizer, scheduler) and say where it first differs.

Messages name the first differing entry the way you would write it in code, for example
``optimizer['state'][2]['exp_avg'] (features.1.bias) differs in 1 of 16 values (largest gap 1)``,
followed by what that entry means: ``: Adam's running mean of gradients (first moment)``.
"""
import math

import torch

MEANINGS = {
    "exp_avg": "Adam's running mean of gradients (first moment)",
    "exp_avg_sq": "Adam's running mean of squared gradients (second moment)",
    "max_exp_avg_sq": "AMSGrad's running maximum of the second moment",
    "step": "the optimizer's step counter, used for Adam's bias correction",
    "momentum_buffer": "SGD's momentum (velocity)",
    "lr": "the learning rate",
    "betas": "Adam's moment decay rates",
    "weight_decay": "the weight decay",
    "momentum": "SGD's momentum factor",
    "running_mean": "a BatchNorm running mean (a buffer, not a parameter)",
    "running_var": "a BatchNorm running variance (a buffer, not a parameter)",
    "num_batches_tracked": "a BatchNorm batch counter (a buffer)",
    "last_epoch": "the scheduler's epoch counter",
    "num_bad_epochs": "ReduceLROnPlateau's count of epochs without improvement",
    "cooldown_counter": "ReduceLROnPlateau's remaining cooldown epochs",
    "best": "ReduceLROnPlateau's best metric so far",
}


def _state(obj):
    return obj.state_dict() if hasattr(obj, "state_dict") else obj


def param_names(model, optimizer):
    """Map the optimizer's state_dict parameter indices to the model's parameter names."""
    by_id = {id(p): name for name, p in model.named_parameters()}
    params = [p for group in optimizer.param_groups for p in group["params"]]
    return {i: by_id.get(id(p), f"param {i}") for i, p in enumerate(params)}


def _leaf_key(path):
    for key in reversed(path):
        if isinstance(key, str):
            return key
    return None


def _fmt(path):
    return "".join(f"[{k!r}]" for k in path)


def _label(what, path, names):
    text = f"{what}{_fmt(path)}"
    if names and len(path) >= 2 and path[0] == "state" and path[1] in names:
        text += f" ({names[path[1]]})"
    meaning = MEANINGS.get(_leaf_key(path))
    return text, (f": {meaning}" if meaning else "")


def _tensor_difference(a, b):
    if a.shape != b.shape:
        return f"has shape {tuple(b.shape)}, expected {tuple(a.shape)}"
    if a.dtype != b.dtype:
        return f"has dtype {b.dtype}, expected {a.dtype}"
    a, b = a.detach().cpu(), b.detach().cpu()
    if torch.equal(a, b):
        return None
    if a.numel() == 1 and not (a.is_floating_point() and torch.isnan(a).all() and torch.isnan(b).all()):
        return f"is {b.item()}, expected {a.item()}"
    if a.is_floating_point():
        both_nan = torch.isnan(a) & torch.isnan(b)
        differ = (a != b) & ~both_nan
        if not differ.any():
            return None
        gap = (a[differ] - b[differ]).abs().max().item()
        return f"differs in {int(differ.sum())} of {a.numel()} values (largest gap {gap:.3g})"
    differ = a != b
    return f"differs in {int(differ.sum())} of {a.numel()} values"


def _difference(a, b, path):
    """Return (path, text) of the first difference between nested states a (expected) and b."""
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
            return path, f"is {type(b).__name__}, expected {type(a).__name__}"
        text = _tensor_difference(a, b)
        return (path, text) if text else None
    if isinstance(a, dict) and isinstance(b, dict):
        missing = [k for k in a if k not in b]
        if missing:
            return path + [missing[0]], "is missing"
        extra = [k for k in b if k not in a]
        if extra:
            return path + [extra[0]], "is there but should not be"
        for k in a:
            found = _difference(a[k], b[k], path + [k])
            if found:
                return found
        return None
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return path, f"has {len(b)} entries, expected {len(a)}"
        for i, (x, y) in enumerate(zip(a, b)):
            found = _difference(x, y, path + [i])
            if found:
                return found
        return None
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return None
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return path, f"is {b!r} ({type(b).__name__}), expected {a!r} ({type(a).__name__})"
    if a != b:
        return path, f"is {b!r}, expected {a!r}"
    return None


def first_difference(expected, actual, what="state", names=None):
    """Describe the first difference between two states, or return None if they are identical.

    `expected` and `actual` are modules, optimizers, schedulers (their state_dict() is compared)
    or nested dicts/lists of tensors and plain values. Tensors must match bit for bit.
    `names` maps optimizer parameter indices to names (see `param_names`).
    """
    found = _difference(_state(expected), _state(actual), [])
    if found is None:
        return None
    path, text = found
    label, meaning = _label(what, path, names)
    return f"{label} {text}{meaning}"


def assert_same_state(expected, actual, what="state", names=None, hint=None):
    """Raise AssertionError naming the first entry where `actual` differs from `expected`.

    `hint`, if given, is added to the message: what the learner should look at.
    """
    diff = first_difference(expected, actual, what, names)
    if diff is not None:
        raise AssertionError(f"{diff}. {hint}" if hint else diff)


def misplaced_state(optimizer):
    """Describe the first optimizer state tensor that is not on its parameter's device, or return None.

    A scalar `step` on the CPU is not misplaced: torch keeps Adam's step counter there unless the
    optimizer is `capturable` or `fused`.
    """
    for group in optimizer.param_groups:
        for p in group["params"]:
            for key, value in optimizer.state.get(p, {}).items():
                if not isinstance(value, torch.Tensor) or value.device == p.device:
                    continue
                if key == "step" and value.dim() == 0 and value.device.type == "cpu":
                    continue
                return f"state['{key}'] of a parameter on {p.device} is on {value.device}"
    return None


def fixed_batches(n=3, batch_size=32, seed=0):
    """`n` deterministic training batches of the digits, for quick checks."""
    from .data import get_dataset

    ds = get_dataset("digits", "train")
    idx = torch.randperm(len(ds), generator=torch.Generator().manual_seed(seed))[: n * batch_size]
    xs, ys = zip(*(ds[int(i)] for i in idx))
    x, y = torch.stack(xs), torch.tensor(ys)
    return [(x[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(y), batch_size)]


def train_steps(model, optimizer, batches, device="cpu", seed=0):
    """One optimizer step per batch, in train mode, dropout seeded by `seed`; returns the losses."""
    torch.manual_seed(seed)
    model.train()
    losses = []
    for x, y in batches:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x.to(device)), y.to(device))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
