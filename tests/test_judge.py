"""The trusted checker (autograder/judge.py) without nbgrader: its comparison, and its scenarios.

The end-to-end proof, through real nbgrader with mutants, alternatives, tricks and failures, is in
test_grading_pipeline.py.
"""
import collections
import sys

import nbformat
import pytest
import torch

from conftest import LESSONS, REPO

import course  # noqa: E402
import driver  # noqa: E402
import judge  # noqa: E402



class AlwaysEqual:
    def __eq__(self, other):
        return True


class Int(int):
    pass


@pytest.mark.parametrize("expected, got, message", [
    (3, 3.0, "the result is 3.0 (a float), expected 3 (an int)"),
    (3, True, "the result is True (a bool), expected 3 (an int)"),
    (3, Int(3), "the result is 3 (an Int), expected 3 (an int)"),
    (0.5, AlwaysEqual(), "(an AlwaysEqual), expected 0.5 (a float)"),
    ({"a": [1, 2]}, {"a": (1, 2)}, "a is a tuple, expected a list"),
    ({"a": 1}, {"a": 1, "b": 2}, "b is there, but should not be"),
    ({"lr": 0.1}, {}, "lr is missing: the learning rate"),
    (torch.zeros(3), torch.zeros(3, dtype=torch.float64), "is a torch.float64 tensor of shape (3,)"),
    (torch.zeros(3), torch.tensor([0.0, -0.0, 0.0]), "differs in 1 of 3 values"),  # bit for bit: -0.0 is not 0.0
    (torch.tensor([float("nan")]), torch.tensor([1.0]), "differs in 1 of 1 values"),
])
def test_difference_names_what_differs(expected, got, message):
    found = judge.difference(expected, got)
    assert found is not None and message in found, found


@pytest.mark.parametrize("expected, got", [
    ({"model": collections.OrderedDict(w=torch.ones(2))}, {"model": {"w": torch.ones(2)}}),
    (torch.tensor([float("nan"), 1.0]), torch.tensor([float("nan"), 1.0])),
    ([1, "a", None, 2.5, (True,)], [1, "a", None, 2.5, (True,)]),
    (float("nan"), float("nan")),
])
def test_difference_accepts_the_same_data(expected, got):
    assert judge.difference(expected, got) is None


def test_optimizer_state_is_named_by_parameter():
    found = judge.difference({"optimizer": {"state": {0: {"exp_avg": torch.ones(1)}}}},
                             {"optimizer": {"state": {0: {"exp_avg": torch.zeros(1)}}}})
    assert found == ("optimizer['state'][0]['exp_avg'] (features.0.weight) differs in 1 of 1 values: "
                     "Adam's running mean of gradients (first moment)")


def test_only_plain_data_leaves_a_driver():
    assert driver.plain_problem({"a": [1, 2.0, "x", None, torch.ones(1)]}) is None
    assert "Int" in driver.plain_problem({"a": Int(1)})
    assert "AlwaysEqual" in driver.plain_problem([AlwaysEqual()])


@pytest.mark.parametrize("lid", LESSONS)
def test_every_grade_cell_has_trusted_cases(lid):
    source = nbformat.read(REPO / "solutions" / lid / f"{lid}.ipynb", as_version=4)
    cells = {c.metadata["nbgrader"]["grade_id"] for c in source.cells
             if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")}
    module, _ = judge.load_scenarios(lid)
    assert {case.grade_id for case in module.CASES.values()} == cells
    for name, case in module.CASES.items():
        assert case.save, f"{name}: every case starts in a process of its own"


@pytest.mark.parametrize("lid", LESSONS)
def test_the_reference_passes_its_own_checks(lid):
    j = judge.Judge(lid, judge.answer_cells(judge.read_notebook(REPO / "solutions" / lid / f"{lid}.ipynb")))
    verdict = j.run()
    assert verdict and all(not failed for failed in verdict.values()), verdict


@pytest.mark.parametrize("answer, passes", [(None, True), ("tricks/01_optimizer_state/rebind_helpers.py", False)])
def test_validate_gives_the_autograders_verdict(grade, tmp_path, answer, passes):
    # nbgrader validate (what JupyterLab's Validate button runs) with the course's configuration.
    import os
    import subprocess

    lesson = "01_optimizer_state"
    answers = course.read_answer_file(course.PROOFS / answer) if answer else None
    path = tmp_path / lesson / f"{lesson}.ipynb"
    path.parent.mkdir()
    nbformat.write(course.make_submission(lesson, answers), path)
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(REPO / "autograder"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", path.name], cwd=path.parent, env=env,
                          capture_output=True, text=True, timeout=600)
    if passes:
        assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout[-3000:]
    else:
        assert "VALIDATION FAILED" in done.stdout and "CheckFailed: in new processes" in done.stdout, done.stdout[-3000:]


def test_scenario_schedulers_report_state_through_lrscheduler():
    # common.scheduler_state uses LRScheduler.state_dict, taken before learner code runs.
    from torch.optim import lr_scheduler

    module, _ = judge.load_scenarios("02_scheduler_state")
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    for make in module.SCHEDULERS.values():
        cls = type(make(optimizer))
        assert cls.state_dict is lr_scheduler.LRScheduler.state_dict, cls
        assert cls.get_last_lr is lr_scheduler.LRScheduler.get_last_lr, cls


def test_a_trick_adds_lines_to_its_twin(tmp_path):
    # A trick that only adds lines names its twin and keeps those lines around `# %% twin`.
    twin = course.read_answer_file(course.PROOFS / "mutants" / "01_optimizer_state" / "model_only.py")
    folder = tmp_path / "tricks" / "01_optimizer_state"
    folder.mkdir(parents=True)
    trick = folder / "t.py"
    trick.write_text("# twin: model_only\nimport torch\n# %% twin\nKEPT = 1\n")
    built = course.read_answer_file(trick)
    assert list(built) == list(twin) == [None]
    assert built[None] == "import torch\n\n\n" + twin[None] + "\n\nKEPT = 1\n"
    trick.write_text("# twin: no_such_mutant\n# %% twin\n")
    with pytest.raises(ValueError, match="no_such_mutant|# twin"):
        course.read_answer_file(trick)


def test_only_a_released_demonstration_is_skipped():
    # Grading does not run a lesson's demonstrations; a cell given a demonstration's name and tag runs.
    import safeguards

    lesson = LESSONS[0]
    demos = course.demo_cells(lesson)
    nb = nbformat.read(REPO / "notebooks" / lesson / f"{lesson}.ipynb", as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    assert demos and all(safeguards.released_demo(demos, cells[gid]) for gid in demos)
    test = cells["test_adam_state"]
    test.metadata["nbgrader"]["grade_id"], test.metadata["tags"] = next(iter(demos)), ["demo"]
    assert not safeguards.released_demo(demos, test)
    assert not any(safeguards.released_demo(demos, c) for gid, c in cells.items() if gid not in demos)


def test_a_kernel_that_dies_before_its_first_cell_is_started_again(tmp_path):
    # Nothing of a submission runs in a kernel that dies as it starts (a port taken by another process
    # under load, a fork server killed by the submission's own checks): grading starts another one.
    from jupyter_client.manager import AsyncKernelManager

    import safeguards

    starts = []

    class FailsFirst(AsyncKernelManager):
        async def start_kernel(self, **kw):
            starts.append(1)
            if len(starts) == 1:
                raise RuntimeError("Kernel died before replying to kernel_info")
            return await super().start_kernel(**kw)

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    executor = safeguards.GuardedExecute(kernel_manager_class=FailsFirst, timeout=60)
    ran, _ = executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert len(starts) == 2 and ran.cells[0].outputs[0]["text"] == "42\n"
