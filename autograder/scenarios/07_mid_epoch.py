"""Lesson 07's trusted checks: fit_steps, stopped at optimizer steps on and between checkpoints, mid-epoch and on an
epoch boundary, and finished in a new process.

The save side starts the run of make_step_run from a secret seed (ckptlab.steps.STEP_SEED: the model's weights, the
loader's shuffling and the augmentation) and stops it after some optimizer steps; the load side, in another process
where make_step_run uses the usual seed, must finish it from the checkpoint alone. Both are compared with the
reference solution's run from the same secret seed: the model each call returns, bit for bit, and in the resumed
call, step by step, the digits each micro-batch saw, the loss scale and the scaler's growth counter, and the learning
rate. train_micro_batch and optimizer_step (one optimizer step is ACCUMULATE calls of the first, then the second)
note them themselves while ckptlab.steps.NOTES is set, whichever way the answer calls them.
"""
from pathlib import Path

import torch
from scenario_common import Case, learner, model_state, quiz_case

import ckptlab
import ckptlab.steps
from ckptlab import seed_everything

def recording():
    """Make train_micro_batch and optimizer_step note what they do (ckptlab.steps.NOTES), whichever way the
    answer calls them; the notes."""
    notes = ckptlab.steps.NOTES = {"batches": [], "steps": []}
    return notes


def returned(model):
    return model_state(model) if isinstance(model, torch.nn.Module) else f"a {type(model).__name__}"


def save_fit(ctx):
    ckptlab.steps.STEP_SEED = ctx.secret  # a run the other process could not start itself
    recording()
    fit = learner(ctx, "fit_steps")
    path = ctx.path if ctx.as_str else Path(ctx.path)
    got = {}
    for i, k in enumerate(ctx.stops):
        model = fit(path, ctx.total, ctx.every, stop_after=k, device=ctx.device)
        got[f"the model returned by call {i + 1}, fit_steps(path, {ctx.total}, {ctx.every}"
            f"{'' if k is None else f', stop_after={k}'})"] = returned(model)
    ckptlab.steps.NOTES = None
    return got


def load_fit(ctx):
    ckptlab.steps.STEP_SEED = 0
    if ctx.reseed:
        seed_everything(ctx.reseed)
    notes = recording()
    model = learner(ctx, "fit_steps")(Path(ctx.path), ctx.total, ctx.every, device=ctx.device)
    ckptlab.steps.NOTES = None
    # the notes first: the first difference named is then the cause (the data, the scale, the learning rate)
    return {"in the resumed call: each micro-batch's [labels, pixel sum]": notes["batches"],
            "in the resumed call: after each step, [scale, growth counter, learning rates]": notes["steps"],
            f"the model returned by fit_steps(path, {ctx.total}, {ctx.every}) in a new process": returned(model)}


def fit_case(grade_id, title, total, every, stops, as_str=False, reseed=None, **flags):
    return Case(grade_id, title, save_fit, load_fit, total=total, every=every, stops=stops, as_str=as_str,
                reseed=reseed, cells=("impl_",), **flags)


# An epoch is 6 optimizer steps (12 micro-batches of 32 digits). No resume starts from a step that is a multiple of
# the scaler's growth interval (5): there its growth counter is 0 whether or not it was saved.
CASES = {
    "on_save": fit_case("test_resume_on_save", "10 steps saving every 2, stopped after 4 (mid-epoch)", 10, 2, [4]),
    "on_save_str": fit_case("test_resume_on_save", "9 steps saving every 3, stopped after 3 (the path as a str)",
                            9, 3, [3], as_str=True),
    "between": fit_case("test_resume_between_saves", "10 steps saving every 3, stopped after 5 (mid-epoch, 2 steps "
                        "after the last checkpoint)", 10, 3, [5]),
    "between_epochs": fit_case("test_resume_between_saves", "11 steps saving every 4, stopped after 7 (the second "
                               "epoch; the last checkpoint in the first)", 11, 4, [7]),
    "end_not_saved": fit_case("test_resume_between_saves", "5 steps saving every 2, run to the end, called again (the "
                              "last checkpoint is step 4)", 5, 2, [None]),
    "boundary": fit_case("test_epoch_boundary", "10 steps saving every 3, stopped after 6 (an epoch boundary)", 10, 3,
                         [6]),
    "several": fit_case("test_epoch_boundary", "13 steps saving every 2, stopped after 5, 3 and 2 more", 13, 2,
                        [5, 3, 2]),
    "new_process": fit_case("test_new_process", "10 steps saving every 2, stopped after 8, resumed after reseeding",
                            10, 2, [8], reseed=99),
    "new_process_late": fit_case("test_new_process", "14 steps saving every 3, stopped after 11, resumed after "
                                 "reseeding", 14, 3, [11], reseed=7),
    "finished": fit_case("test_finished_run", "fit_steps(path, 4, 2) called again on the finished run", 4, 2, [None],
                         unchanged_by_load=True),
    "quiz": quiz_case(),
}
