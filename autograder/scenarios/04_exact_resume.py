"""Lesson 04's trusted checks: capture_rng_state, restore_rng_state and fit, across processes.

The save side starts the run of make_run from a secret seed (ckptlab.train.RUN_SEED) and stops it
after some epochs; the load side, in another process where make_run uses the usual seed, must finish
it from the checkpoint alone. The reference is the reference solution's run from the same secret seed:
what fit(stop_after=k) returns, and what it leaves on disk (fit(path, k) of that checkpoint trains
nothing and returns it), are compared with the reference after k epochs, the finished model with the
reference after all of them. A fit that never trains, ignores stop_after or starts again from scratch
ends with other weights.
"""
import random
from pathlib import Path

import numpy as np
import torch
from scenario_common import Case, learner, model_state, quiz_case

import ckptlab.train
from ckptlab import seed_everything


def draws(device):
    values = [random.random(), float(np.random.rand()), float(np.random.normal()), torch.rand(3).tolist()]
    if device == "cuda":
        values.append(torch.rand(3, device="cuda").tolist())
    return values


def save_rng(ctx):
    seed_everything(ctx.secret)
    for _ in range(ctx.secret % 5):
        random.random(), np.random.rand(), torch.rand(2)
    np.random.normal()  # NumPy caches a second Gaussian: its state includes that value
    state = learner(ctx, "capture_rng_state")()
    torch.save(state, ctx.path)  # any object: the learner's own state, read back in the other process
    return {"draws right after capturing": draws(ctx.device)}


def load_rng(ctx):
    seed_everything(4321)
    if ctx.device == "cuda":
        torch.cuda.manual_seed_all(4321)
    learner(ctx, "restore_rng_state")(torch.load(ctx.path, weights_only=False))
    return {"draws after restoring in a new process": draws(ctx.device)}


def save_fit(ctx):
    ckptlab.train.RUN_SEED = ctx.secret  # a run the other process could not start itself
    fit = learner(ctx, "fit")
    path = ctx.path if ctx.as_str else Path(ctx.path)
    returned = {}
    for i, k in enumerate(ctx.stops):
        model = fit(path, ctx.epochs, stop_after=k, device=ctx.device)
        call = f"the model returned by call {i + 1}, fit(path, {ctx.epochs}{'' if k is None else f', stop_after={k}'})"
        returned[call] = model_state(model) if isinstance(model, torch.nn.Module) else f"a {type(model).__name__}"
    return returned


def load_fit(ctx):
    ckptlab.train.RUN_SEED = 0
    if ctx.reseed:
        seed_everything(ctx.reseed)
    fit, path, reported = learner(ctx, "fit"), Path(ctx.path), {}
    done = sum(k for k in ctx.stops if k is not None)
    if done:  # what the stopped call left on disk: a run of `done` epochs, finished, trains nothing more
        model = fit(path, done, device=ctx.device)
        reported[f"the model fit(path, {done}) returns from the checkpoint left by the stop"] = (
            model_state(model) if isinstance(model, torch.nn.Module) else f"a {type(model).__name__}")
    model = fit(path, ctx.epochs, device=ctx.device)
    reported[f"the model returned by fit(path, {ctx.epochs}) in a new process"] = (
        model_state(model) if isinstance(model, torch.nn.Module) else f"a {type(model).__name__}")
    return reported


def fit_case(grade_id, title, epochs, stops, as_str=False, reseed=None, **flags):
    return Case(grade_id, title, save_fit, load_fit, epochs=epochs, stops=stops, as_str=as_str, reseed=reseed,
                cells=("impl_",), **flags)


CASES = {
    "rng": Case("test_rng_round_trip", "RNG state captured in one process, restored in another", save_rng, load_rng,
                cells=("impl_rng",)),
    # The load side always trains at least 2 epochs: state missing from the file shows there, even the
    # scheduler's, whose learning rate the restored optimizer still holds for the first of them.
    "stop1_of3": fit_case("test_resume", "fit(3 epochs) stopped after 1, finished in a new process", 3, [1]),
    "stop2_of4": fit_case("test_resume", "fit(4 epochs) stopped after 2, finished in a new process", 4, [2]),
    "stop3_of5": fit_case("test_resume", "fit(5 epochs) stopped after 3, finished in a new process", 5, [3],
                          as_str=True),
    "stops_1_1_of4": fit_case("test_several_interruptions", "fit(4 epochs) stopped after 1 and 1 more", 4, [1, 1]),
    "stops_1_2_of5": fit_case("test_several_interruptions", "fit(5 epochs) stopped after 1 and 2 more", 5, [1, 2]),
    "new_process": fit_case("test_new_process", "fit(5 epochs) stopped after 2, resumed after reseeding", 5, [2],
                            reseed=99),
    "finished": fit_case("test_finished_run", "fit(2 epochs) called again on the finished run", 2, [None],
                         unchanged_by_load=True),
    "quiz": quiz_case(),
}
