"""Lesson 01's trusted checks: save_checkpoint and load_checkpoint, in two processes.

The save side trains a SmallCNN a few steps from a secret seed on secret batches, so only the file can
carry its state to the load side, which builds a fresh model and optimizer, calls load_checkpoint
and returns their state (and, for some cases, what training on the same batches does next).
"""
from pathlib import Path

import torch
from scenario_common import Case, devices, learner, model_state, optimizer_state, quiz_case, secret_rng

from ckptlab import SmallCNN, fixed_batches, train_steps


def two_groups(model, lr=2e-3):
    decay = [p for p in model.parameters() if p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.ndim <= 1]
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                             lr=lr, betas=(0.9, 0.98))


OPTIMIZERS = {
    "adam": lambda m: torch.optim.Adam(m.parameters(), lr=1e-3),
    "adamw_amsgrad": lambda m: torch.optim.AdamW(m.parameters(), lr=3e-3, betas=(0.8, 0.99), weight_decay=0.05,
                                                 amsgrad=True),
    "sgd": lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9),
    "sgd_nesterov": lambda m: torch.optim.SGD(m.parameters(), lr=0.02, momentum=0.8, nesterov=True,
                                              weight_decay=1e-4),
    "sgd_wd": lambda m: torch.optim.SGD(m.parameters(), lr=0.03, momentum=0.9, weight_decay=5e-4),
    "rmsprop": lambda m: torch.optim.RMSprop(m.parameters(), lr=1e-3, momentum=0.5),
    "adam_betas": lambda m: torch.optim.Adam(m.parameters(), lr=1e-3, betas=(0.85, 0.995), weight_decay=1e-4),
    "two_groups": two_groups,
}


def change_hyperparameters(optimizer, rng):
    # What a scheduler or a person does during training: the values the optimizer was built with change.
    for group in optimizer.param_groups:
        group["lr"] = rng.choice([5e-4, 2.5e-4, 1e-4, 7.5e-5])
    optimizer.param_groups[-1]["betas"] = (rng.choice([0.7, 0.75, 0.8]), 0.9)


def save_trained(ctx):
    rng = secret_rng(ctx)
    on = ctx.save_on or ctx.device
    torch.manual_seed(ctx.secret)
    model = SmallCNN().to(on)
    optimizer = OPTIMIZERS[ctx.optimizer](model)
    train_steps(model, optimizer, fixed_batches(n=3, seed=ctx.secret % 100_000), on, seed=ctx.secret)
    if ctx.change:
        change_hyperparameters(optimizer, rng)
    epochs_done = rng.randrange(10, 100) if ctx.epochs is None else ctx.epochs
    path = ctx.path if ctx.as_str else Path(ctx.path)
    learner(ctx, "save_checkpoint")(path, model, optimizer, epochs_done)


def load_trained(ctx):
    on = ctx.load_on or ctx.device
    torch.manual_seed(12345)  # other initial weights than the saved run's, as in a new process
    model = SmallCNN().to(on)
    optimizer = OPTIMIZERS[ctx.optimizer](model)  # built with the initial hyperparameters
    kwargs = {"map_location": ctx.device if ctx.map_location == "DEVICE" else ctx.map_location} if ctx.map_location else {}
    path = ctx.path if ctx.as_str else Path(ctx.path)
    returned = learner(ctx, "load_checkpoint")(path, model, optimizer, **kwargs)
    if ctx.report == "epochs_done":
        return {"epochs_done": returned}
    state = {"model": model_state(model), "optimizer": optimizer_state(optimizer)}
    if ctx.load_on:
        state["devices after loading"] = devices(model, optimizer)
    if ctx.report == "continued":
        losses = train_steps(model, optimizer, fixed_batches(n=4, seed=1), on, seed=3)
        state.update(losses=losses, model=model_state(model), optimizer=optimizer_state(optimizer))
    return state


def case(grade_id, title, optimizer, report="state", change=False, epochs=3, as_str=False, map_location=None,
         save_on=None, load_on=None):
    return Case(grade_id, title, save_trained, load_trained, optimizer=optimizer, report=report, change=change,
                epochs=epochs, as_str=as_str, map_location=map_location, save_on=save_on, load_on=load_on)


CASES = {
    "adam": case("test_adam_state", "Adam", "adam"),
    "adamw_amsgrad": case("test_adam_state", "AdamW with amsgrad", "adamw_amsgrad"),
    "adam_str_path": case("test_adam_state", "Adam, path given as a str", "adam", as_str=True),
    "sgd": case("test_sgd_momentum", "SGD with momentum", "sgd"),
    "sgd_nesterov": case("test_sgd_momentum", "SGD with Nesterov momentum", "sgd_nesterov"),
    "changed_lr": case("test_param_groups", "Adam whose learning rate changed", "adam_betas", change=True),
    "two_groups": case("test_param_groups", "AdamW with two parameter groups whose values changed", "two_groups",
                       change=True),
    "epochs_zero": case("test_epochs_done", "epochs_done=0", "sgd", report="epochs_done", epochs=0),
    "epochs_secret": case("test_epochs_done", "another epochs_done", "adam", report="epochs_done", epochs=None),
    "continue_adam": case("test_continue_training", "Adam, training continued", "adam", report="continued"),
    "continue_sgd": case("test_continue_training", "SGD with weight decay, map_location given", "sgd_wd",
                         report="continued", map_location="DEVICE"),
    "continue_rmsprop": case("test_continue_training", "RMSprop with momentum", "rmsprop", report="continued"),
    "quiz": quiz_case(),
}
if torch.cuda.is_available():
    CASES["gpu_to_cpu"] = case("test_continue_training", "saved on the GPU, loaded on the CPU", "adam",
                               report="continued", save_on="cuda", load_on="cpu", map_location="cpu")
    CASES["cpu_to_gpu"] = case("test_continue_training", "saved on the CPU, loaded on the GPU", "adam",
                               report="continued", save_on="cpu", load_on="cuda", map_location="cuda")
