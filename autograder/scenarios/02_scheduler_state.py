"""Lesson 02's trusted checks: save_checkpoint and load_checkpoint with a scheduler, in two processes.

The save side runs a secret number of epochs (one small training step, then scheduler.step, with a
secret metric for ReduceLROnPlateau), so only the file can carry the scheduler's counters, the
learning rate and the momentum to the load side, which restores a fresh run and keeps stepping.
"""
from pathlib import Path

import torch
from scenario_common import (Case, devices, last_lr, learner, model_state, optimizer_state, quiz_case, scheduler_state,
                             secret_rng)
from torch.optim import lr_scheduler

from ckptlab import SmallCNN, fixed_batches, train_steps

SCHEDULERS = {
    "plateau": lambda opt: lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2, cooldown=2),
    "plateau_max": lambda opt: lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.3, patience=1, cooldown=3,
                                                              threshold=0.01, threshold_mode="abs", min_lr=1e-3),
    "step": lambda opt: lr_scheduler.StepLR(opt, step_size=2, gamma=0.5),
    "step3": lambda opt: lr_scheduler.StepLR(opt, step_size=3, gamma=0.3),
    "cosine": lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=8),
    "cosine_min": lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=9, eta_min=1e-3),
    "exponential": lambda opt: lr_scheduler.ExponentialLR(opt, gamma=0.7),
    "multistep": lambda opt: lr_scheduler.MultiStepLR(opt, milestones=[2, 5], gamma=0.1),
}


def build(ctx, seed, on):
    torch.manual_seed(seed)
    model = SmallCNN().to(on)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    return model, optimizer, SCHEDULERS[ctx.scheduler](optimizer)


def epoch(model, optimizer, scheduler, metric, seed, on):
    train_steps(model, optimizer, fixed_batches(n=1, batch_size=16, seed=seed), on, seed=seed)
    if isinstance(scheduler, lr_scheduler.ReduceLROnPlateau):
        scheduler.step(metric)
    else:
        scheduler.step()
    return [group["lr"] for group in optimizer.param_groups]


def save_run(ctx):
    rng = secret_rng(ctx)
    on = ctx.save_on or ctx.device
    model, optimizer, scheduler = build(ctx, ctx.secret, on)
    epochs = rng.randrange(3, 8)
    for i in range(epochs):
        epoch(model, optimizer, scheduler, round(rng.uniform(0.5, 1.5), 2), ctx.secret % 1000 + i, on)
    epochs_done = rng.randrange(10, 100) if ctx.report == "epochs_done" else epochs
    path = ctx.path if ctx.as_str else Path(ctx.path)
    learner(ctx, "save_checkpoint")(path, model, optimizer, scheduler, epochs_done)


def load_run(ctx):
    on = ctx.load_on or ctx.device
    model, optimizer, scheduler = build(ctx, 12345, on)
    kwargs = {"map_location": on} if ctx.map_location else {}
    path = ctx.path if ctx.as_str else Path(ctx.path)
    returned = learner(ctx, "load_checkpoint")(path, model, optimizer, scheduler, **kwargs)
    if ctx.report == "epochs_done":
        return {"epochs_done": returned}
    if ctx.report == "counters":
        return {"scheduler": scheduler_state(scheduler)}
    if ctx.report == "lr":
        return {"optimizer": optimizer_state(optimizer), "scheduler.get_last_lr()": last_lr(scheduler),
                "model": model_state(model), "devices after loading": devices(model, optimizer)}
    # "next": the learning rates of the epochs after the resume
    lrs = [epoch(model, optimizer, scheduler, metric, 500 + i, on) for i, metric in enumerate(NEXT_METRICS)]
    return {"learning rates after resuming": lrs, "scheduler": scheduler_state(scheduler)}


NEXT_METRICS = [0.9, 0.95, 0.7, 0.75, 0.8, 0.85, 0.9, 0.6]


def case(grade_id, title, scheduler, report, as_str=False, map_location=False, save_on=None, load_on=None):
    return Case(grade_id, title, save_run, load_run, scheduler=scheduler, report=report, as_str=as_str,
                map_location=map_location, save_on=save_on, load_on=load_on)


CASES = {
    "plateau": case("test_plateau_counters", "ReduceLROnPlateau's counters", "plateau", "counters"),
    "plateau_max": case("test_plateau_counters", "ReduceLROnPlateau(mode='max') counters", "plateau_max", "counters"),
    "lr_step": case("test_optimizer_lr", "StepLR: the optimizer's learning rate", "step", "lr"),
    "lr_plateau": case("test_optimizer_lr", "ReduceLROnPlateau: the optimizer's learning rate", "plateau", "lr"),
    "lr_cosine": case("test_optimizer_lr", "CosineAnnealingLR: the optimizer's learning rate", "cosine_min", "lr",
                      as_str=True),
    "lr_multistep": case("test_optimizer_lr", "MultiStepLR: the optimizer's learning rate", "multistep", "lr",
                         map_location=True),
    **{f"next_{name}": case("test_next_lrs", f"{name} stepped on after resuming", name, "next")
       for name in ("step", "plateau", "cosine", "step3", "cosine_min", "exponential", "multistep", "plateau_max")},
    "epochs_done": case("test_epochs_done", "epochs_done", "step", "epochs_done", as_str=True, map_location=True),
    "epochs_plateau": case("test_epochs_done", "epochs_done", "plateau", "epochs_done"),
    "quiz": quiz_case(),
}
if torch.cuda.is_available():
    CASES["gpu_to_cpu"] = case("test_optimizer_lr", "saved on the GPU, loaded on the CPU", "step", "lr",
                               map_location=True, save_on="cuda", load_on="cpu")
    CASES["cpu_to_gpu"] = case("test_optimizer_lr", "saved on the CPU, loaded on the GPU", "step", "lr",
                               map_location=True, save_on="cpu", load_on="cuda")
