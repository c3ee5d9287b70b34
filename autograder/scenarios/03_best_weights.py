"""Lesson 03's trusted checks: snapshot_weights, save_checkpoint, load_checkpoint and load_best_model.

The save side trains a secret number of short epochs from a secret seed, keeps the best weights at a
secret epoch, and saves them with a secret best accuracy and secret hyperparameters; the load side,
in another process, has only the file to restore the latest state, the best weights and the rest.
"""
from pathlib import Path

import torch
from scenario_common import Case, devices, learner, model_state, optimizer_state, quiz_case, scheduler_state, secret_rng
from torch.optim.lr_scheduler import StepLR

from ckptlab import SmallCNN, fixed_batches, train_steps

OPTIMIZERS = {
    "adam": lambda m: torch.optim.Adam(m.parameters(), lr=0.01),
    "sgd": lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, nesterov=True),
}


def build(ctx, seed, on=None):
    torch.manual_seed(seed)
    model = SmallCNN().to(on or ctx.device)
    optimizer = OPTIMIZERS[ctx.optimizer](model)
    return model, optimizer, StepLR(optimizer, step_size=1, gamma=0.5)


def short_epoch(model, optimizer, scheduler, seed, on):
    train_steps(model, optimizer, fixed_batches(2, seed=seed), on, seed=seed)
    scheduler.step()


def copy_of(model):
    return {name: tensor.detach().clone() for name, tensor in model_state(model).items()}


def secret_hparams(rng):
    return {"lr": rng.choice([1e-3, 3e-4, 0.01, 0.1 / 3]), "schedule": [{"milestone": rng.randrange(2, 9), "gamma": 0.1}],
            "tags": rng.sample(["a", "b", "c", "d"], 2), "seed": rng.randrange(1000), "note": rng.choice([None, "x"]),
            "flags": {"amp": rng.random() < 0.5, "workers": rng.randrange(4)}, "name": f"run-{rng.randrange(100)}"}


def save_snapshot(ctx):
    model, optimizer, scheduler = build(ctx, ctx.secret)
    short_epoch(model, optimizer, scheduler, ctx.secret % 1000, ctx.device)
    snapshot = learner(ctx, "snapshot_weights")(model)
    if ctx.then == "train":
        short_epoch(model, optimizer, scheduler, ctx.secret % 1000 + 1, ctx.device)  # changes weights and buffers
    else:
        model.load_state_dict(SmallCNN().to(ctx.device).state_dict())  # load_state_dict copies in place, too
        with torch.no_grad():
            model.features[1].running_var.mul_(3)
    return {"snapshot": snapshot}


def save_run(ctx):
    rng = secret_rng(ctx)
    on = ctx.save_on or ctx.device
    model, optimizer, scheduler = build(ctx, ctx.secret, on)
    epochs = rng.randrange(3, 6)
    best_at = rng.randrange(1, epochs)
    for epoch in range(epochs):
        short_epoch(model, optimizer, scheduler, ctx.secret % 1000 + epoch, on)
        if epoch + 1 == best_at:
            best = copy_of(model)
    best_acc = rng.random()
    path = ctx.path if ctx.as_str else Path(ctx.path)
    learner(ctx, "save_checkpoint")(path, model, optimizer, scheduler, epochs, best_acc, best, secret_hparams(rng))


def load_run(ctx):
    on = ctx.load_on or ctx.device
    path = ctx.path if ctx.as_str else Path(ctx.path)
    kwargs = {"map_location": on} if ctx.map_location else {}
    if ctx.report == "best":
        model = SmallCNN().to(on)
        returned = learner(ctx, "load_best_model")(path, model, **kwargs)
        return {"returned best_acc": returned, "model": model_state(model), "devices after loading": devices(model)}
    model, optimizer, scheduler = build(ctx, 12345, on)
    info = learner(ctx, "load_checkpoint")(path, model, optimizer, scheduler, **kwargs)
    if ctx.report == "returned":
        if not isinstance(info, dict):  # any dict, OrderedDict included, read through dict's own method
            return {"returned": f"a {type(info).__name__}, not a dict"}
        return {"returned": {key: dict.get(info, key) for key in ("epochs_done", "best_acc", "best_weights", "hparams")}}
    state = {"model": model_state(model), "optimizer": optimizer_state(optimizer), "scheduler": scheduler_state(scheduler)}
    short_epoch(model, optimizer, scheduler, 777, on)
    return {**state, "model after one more epoch": model_state(model)}


def case(grade_id, title, report, optimizer="adam", as_str=False, map_location=False, save_on=None, load_on=None,
         **flags):
    return Case(grade_id, title, save_run, load_run if report else None, report=report, optimizer=optimizer,
                as_str=as_str, map_location=map_location, save_on=save_on, load_on=load_on, **flags)


CASES = {
    "snapshot_train": Case("test_snapshot", "a snapshot, then more training", save_snapshot, cells=("impl_snapshot",),
                           optimizer="adam", then="train"),
    "snapshot_load": Case("test_snapshot", "a snapshot, then load_state_dict and a changed buffer", save_snapshot,
                          cells=("impl_snapshot",), optimizer="sgd", then="load"),
    "latest_adam": case("test_resume_latest", "resuming an Adam run", "latest"),
    "latest_sgd": case("test_resume_latest", "resuming an SGD run", "latest", optimizer="sgd", as_str=True),
    "returned": case("test_returned_values", "the values load_checkpoint returns", "returned"),
    "returned_sgd": case("test_returned_values", "the values load_checkpoint returns", "returned", optimizer="sgd",
                         map_location=True),
    "best": case("test_load_best_model", "load_best_model", "best"),
    "best_str": case("test_load_best_model", "load_best_model, path as a str, map_location given", "best",
                     optimizer="sgd", as_str=True, map_location=True),
    "weights_only": case("test_weights_only", "the checkpoint file", None, weights_only_file=True),
    "quiz": quiz_case(),
}
if torch.cuda.is_available():
    CASES["best_gpu_to_cpu"] = case("test_load_best_model", "best weights saved on the GPU, loaded on the CPU",
                                    "best", map_location=True, save_on="cuda", load_on="cpu")
    CASES["best_cpu_to_gpu"] = case("test_load_best_model", "best weights saved on the CPU, loaded on the GPU",
                                    "best", map_location=True, save_on="cpu", load_on="cuda")
