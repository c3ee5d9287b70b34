"""What every lesson's scenarios share (runs in the driver processes and in the grading process).

A scenario module defines CASES: {name: Case}. Each Case belongs to one grade cell and has up to two
sides, each a function of `ctx`: `save` runs in one fresh process (with ctx.secret, a number drawn
for this grading only) and usually writes the checkpoint file ctx.path with the learner's functions;
`load` runs in another fresh process that gets only that file (ctx.secret is None there) and returns
what it ends with. The judge runs the same sides with the reference solution in the grading process
and compares what they return, bit for bit and with exact types.
"""
import collections
import random

import torch
from torch.optim.lr_scheduler import LRScheduler

# What the scenarios read state with, taken from torch before any learner code runs in this process
# (the scenario module is loaded first): a method set on an instance, or on a torch class later, is
# not what reports the state.
_MODULE_STATE_DICT = torch.nn.Module.state_dict
_OPTIMIZER_STATE_DICT = torch.optim.Optimizer.state_dict
_SCHEDULER_STATE_DICT = LRScheduler.state_dict
_SCHEDULER_LAST_LR = LRScheduler.get_last_lr


def model_state(model):
    """model.state_dict(), as torch computes it."""
    return _MODULE_STATE_DICT(model)


def optimizer_state(optimizer):
    """optimizer.state_dict(), as torch computes it."""
    return _OPTIMIZER_STATE_DICT(optimizer)


def scheduler_state(scheduler):
    """scheduler.state_dict() as torch computes it, as plain data (MultiStepLR keeps its milestones in a
    Counter). Every scheduler of the scenarios uses LRScheduler's state_dict (a test checks)."""
    return {key: dict(value) if isinstance(value, collections.Counter) else value
            for key, value in _SCHEDULER_STATE_DICT(scheduler).items()}


def last_lr(scheduler):
    """scheduler.get_last_lr(), as torch computes it."""
    return _SCHEDULER_LAST_LR(scheduler)


class Case:
    """One scenario of a grade cell.

    cells: which answer cells it needs (grade_id prefixes): an error in another answer cell does
    not fail it. weights_only_file: the grading process loads the file with weights_only=True.
    unchanged_by_load: the file must be byte for byte the same after the load side ran.
    secret_answer: a failure names what is wrong, not what was expected (quiz answers).
    folder: ctx.path names a folder (not yet there) instead of a file; it moves to the load side whole.
    inspect(path, secret): run in the grading process on what the last side left at ctx.path; what it
    returns is compared with what it returns for the reference solution's run.
    watch(secret, obj) -> (index, why): the save side never returns; the grading process reads the file
    `watch_file` in ctx.path at many moments while it runs and after killing it with SIGKILL, `kills`
    times (a new process each time), and `watch` says whether each complete read is right (see the judge).
    peek(path, read) -> data: a side may call ctx.peek(label) at moments that matter (say, the moment a
    save function returns); the grading process then runs peek on the checkpoint at ctx.path while the
    side waits, and the side's result gets {label: what peek returned} under the key PEEKED, whatever
    the side put there (for the reference solution, ctx.peek returns what peek finds at once).
    Other keyword arguments reach both sides as attributes of ctx, with ctx.out (a folder for signals
    to the judge) and ctx.name (the case's name).
    """

    def __init__(self, grade_id, title, save=None, load=None, *, cells=("impl_",), weights_only_file=False,
                 unchanged_by_load=False, secret_answer=False, folder=False, inspect=None, watch=None,
                 watch_file=None, kills=3, peek=None, **args):
        self.grade_id, self.title, self.save, self.load = grade_id, title, save, load
        self.cells, self.weights_only_file, self.unchanged_by_load = cells, weights_only_file, unchanged_by_load
        self.secret_answer, self.folder, self.inspect, self.args = secret_answer, folder, inspect, args
        self.watch, self.watch_file, self.kills, self.peek = watch, watch_file, kills, peek


# Where a side's result holds what the grading process found when the side asked it to look (Case.peek).
PEEKED = "what the grading process found in the checkpoint when asked to look"


def learner(ctx, name):
    """The learner's function `name`, from the namespace their cells ran in."""
    function = ctx.ns.get(name)
    if function is None:
        raise NameError(f"the answer cells do not define {name}")
    return function


def secret_rng(ctx):
    """A random.Random seeded with this grading's secret (save side only)."""
    return random.Random(ctx.secret)


def quiz_answers(ctx):
    """The quiz answers q1, q2, as the learner's quiz cell left them."""
    return {name: ctx.ns.get(name) for name in ("q1", "q2")}


def quiz_case():
    return Case("test_quiz", "the quiz answers", save=quiz_answers, cells=("quiz_answers",), secret_answer=True)


def devices(*objects):
    """The device types of the tensors in these models' and optimizers' state (an optimizer's 0-dim step
    counters may stay on the CPU), for cases that load with map_location onto another device."""
    found = set()
    for obj in objects:
        if isinstance(obj, torch.nn.Module):
            found |= {t.device.type for t in model_state(obj).values()}
        else:
            found |= {t.device.type for state in obj.state.values() for t in state.values()
                      if torch.is_tensor(t) and t.dim() > 0}
    return sorted(found)
