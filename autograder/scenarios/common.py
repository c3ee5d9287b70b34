"""What every lesson's scenarios share (runs in the driver processes and in the grading process).

A scenario module defines CASES: {name: Case}. Each Case belongs to one grade cell and has up to two
sides, each a function of `ctx`: `save` runs in one fresh process (with ctx.secret, a number drawn
for this grading only) and usually writes the checkpoint file ctx.path with the learner's functions;
`load` runs in another fresh process that gets only that file (ctx.secret is None there) and returns
what it ends with. The judge runs the same sides with the reference solution in the grading process
and compares what they return, bit for bit and with exact types.
"""
import random


class Case:
    """One scenario of a grade cell.

    cells: which answer cells it needs (grade_id prefixes): an error in another answer cell does
    not fail it. weights_only_file: the grading process loads the file with weights_only=True.
    unchanged_by_load: the file must be byte for byte the same after the load side ran.
    secret_answer: a failure names what is wrong, not what was expected (quiz answers).
    Other keyword arguments reach both sides as attributes of ctx.
    """

    def __init__(self, grade_id, title, save=None, load=None, *, cells=("impl_",), weights_only_file=False,
                 unchanged_by_load=False, secret_answer=False, **args):
        self.grade_id, self.title, self.save, self.load = grade_id, title, save, load
        self.cells, self.weights_only_file, self.unchanged_by_load = cells, weights_only_file, unchanged_by_load
        self.secret_answer, self.args = secret_answer, args


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


def scheduler_state(scheduler):
    """scheduler.state_dict() as plain data (MultiStepLR keeps its milestones in a Counter)."""
    import collections

    return {key: dict(value) if isinstance(value, collections.Counter) else value
            for key, value in scheduler.state_dict().items()}


def devices(*objects):
    """The device types of the tensors in these models' and optimizers' state (an optimizer's 0-dim step
    counters may stay on the CPU), for cases that load with map_location onto another device."""
    import torch

    found = set()
    for obj in objects:
        if isinstance(obj, torch.nn.Module):
            found |= {t.device.type for t in obj.state_dict().values()}
        else:
            found |= {t.device.type for state in obj.state.values() for t in state.values()
                      if torch.is_tensor(t) and t.dim() > 0}
    return sorted(found)
