"""The real nbgrader pipeline (`make grade`, two at a time): every grader proven on every lesson.

For every lesson, graded together in one class through autograder/grade.py (conftest.py's
`proof_class`):
- the reference solution and every file in autograder/proofs/alternatives/<lesson>/ (correct answers in the
  styles students write: classes and instances, `global` counters, dataclasses, stderr output, ...)
  get full marks;
- every file in autograder/proofs/mutants/<lesson>/ (one real bug each) loses points;
- every file in autograder/proofs/tricks/<lesson>/ (a wrong answer plus a trick to pass the checks: patched
  instances, objects whose __eq__ always agrees, torch.library kernels, rebinding torch.equal, ...)
  scores no more, cell by cell, than the same wrong answer without the trick, named on its first
  line (`# twin: <mutant>`);
- autograder/proofs/failures/<lesson>/hang.py and crash.py (a function that never returns, or kills its
  process, for some input) lose exactly the check that calls it that way, with the reason: in the
  kernel, a timeout or a dead kernel (later cells are then reported as not run); in the trusted
  checker's processes, the case that hung or died (with the shorter limits of tests/conftest.py);
- the untouched learner notebook gets 0 on every graded cell.
Prints the score table.
"""
from pathlib import Path

import nbformat
import pytest

import course
from conftest import LESSONS, REPO

MIN_MUTANTS, MIN_ALTERNATIVES, MIN_TRICKS = 5, 5, 6
# Where each failure strikes: (grade cell, start of the reason). "kernel" failures stop the kernel.
HANGS = {
    "01_optimizer_state": ("test_adam_state", "CheckFailed: in new processes, Adam, path given as a str: did not finish"),
    "02_scheduler_state": ("test_optimizer_lr", "CellTimeoutError: this cell ran for more than"),
    "03_best_weights": ("test_resume_latest", "CheckFailed: in new processes, resuming an SGD run: did not finish"),
    "04_exact_resume": ("test_resume", "CheckFailed: in new processes, fit(5 epochs) stopped after 3, finished in a new "
                                       "process: did not finish"),
    "05_crash_safe": ("test_load_latest", "CheckFailed: in new processes, load_latest(folder as a str, "
                                          "map_location='cpu'): did not finish"),
    "06_distributed": ("test_load_ddp", "CheckFailed: in new processes, load_ddp(..., map_location=a function) passes "
                                        "it on to torch.load and resumes as well: "),
    "07_mid_epoch": ("test_resume_on_save", "CheckFailed: in new processes, 9 steps saving every 3, stopped after 3 "
                                            "(the path as a str): did not finish"),
}
CRASHES = {
    "01_optimizer_state": ("test_epochs_done", "CheckFailed: in new processes, epochs_done=0: the process running it "
                                               "ended (exit status 1)"),
    "02_scheduler_state": ("test_epochs_done", "kernel"),
    "03_best_weights": ("test_load_best_model", "kernel"),
    "04_exact_resume": ("test_new_process", "CheckFailed: in new processes, fit(5 epochs) stopped after 2, resumed after "
                                            "reseeding: the process running it ended"),
    "05_crash_safe": ("test_clean_state_dict", "CheckFailed: in new processes, clean_state_dict of "
                                               "torch.compile(DDP(torch.compile(DataParallel(model)))): the process "
                                               "running it ended"),
    "06_distributed": ("test_resharding", "CheckFailed: in new processes, saved by 2 processes, loaded into a plain "
                                          "SmallCNN in one process without a process group: the process running it "
                                          "ended"),
    "07_mid_epoch": ("test_epoch_boundary", "CheckFailed: in new processes, 13 steps saving every 2, stopped after 5, 3 "
                                            "and 2 more: the process running it ended"),
}


def grade_order(lid):
    """The test cells of a lesson, in notebook order."""
    nb = nbformat.read(REPO / "solutions" / lid / f"{lid}.ipynb", as_version=4)
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")]


@pytest.fixture(scope="module")
def graded(proof_class):
    return proof_class


def test_score_table(graded, capsys):
    with capsys.disabled():
        print("\n\nScore table (real nbgrader autograde):\n" + graded[1] + "\n")


@pytest.mark.parametrize("lid", LESSONS)
def test_correct_answers_get_full_marks(graded, lid):
    rows = {s: r for (s, l), r in graded[0].items() if l == lid}
    alternatives = [s for s in rows if s.startswith("alternatives-")]
    assert len(alternatives) >= MIN_ALTERNATIVES and "alternatives-warns" in alternatives
    for student in ["solution", *alternatives]:
        r = rows[student]
        assert r["score"] == r["max_score"] > 0, f"{student} lost points: {r['failures']}"


@pytest.mark.parametrize("lid", LESSONS)
def test_mutants_lose_points(graded, lid):
    rows = {s: r for (s, l), r in graded[0].items() if l == lid}
    mutants = [s for s in rows if s.startswith("mutants-")]
    assert len(mutants) >= MIN_MUTANTS
    for student in mutants:
        assert rows[student]["score"] < rows[student]["max_score"], f"{student}: the graders miss this bug"
    release = rows["release"]
    assert release["cells"] and all(score == 0 for score, _ in release["cells"].values()), release["cells"]


def twin(lid, trick):
    name = course.twin_of(course.PROOFS / "tricks" / lid / f"{trick}.py")
    assert name, f"tricks/{lid}/{trick}.py must start with '# twin: <mutant>'"
    return name


@pytest.mark.parametrize("lid", LESSONS)
def test_tricks_gain_nothing(graded, lid):
    rows = {s: r for (s, l), r in graded[0].items() if l == lid}
    tricks = [s.split("-", 1)[1] for s in rows if s.startswith("tricks-")]
    assert len(tricks) >= MIN_TRICKS
    for trick in tricks:
        r, base = rows[f"tricks-{trick}"], rows[f"mutants-{twin(lid, trick)}"]
        assert r["score"] <= base["score"] < r["max_score"], (
            f"{trick}: {r['score']} points, more than the same wrong answer without the trick ({base['score']})")
        for gid, (score, _) in r["cells"].items():
            assert score <= base["cells"][gid][0], f"{trick}: {gid} scored more than without the trick"


@pytest.mark.parametrize("lid", LESSONS)
def test_a_hang_costs_only_its_check(graded, lid):
    r = graded[0][("failures-hang", lid)]
    hung, reason = HANGS[lid]
    for gid, (score, max_score) in r["cells"].items():
        if gid == hung:
            assert score == 0 and r["failures"][gid].startswith(reason), r["failures"].get(gid)
        else:
            assert score == max_score, f"{gid} lost points to a hang elsewhere: {r['failures'].get(gid)}"


@pytest.mark.parametrize("lid", LESSONS)
def test_a_crash_is_reported_and_keeps_other_points(graded, lid):
    r = graded[0][("failures-crash", lid)]
    order = grade_order(lid)
    crashed, reason = CRASHES[lid]
    at = order.index(crashed)
    assert r["cells"][crashed][0] == 0
    if reason != "kernel":  # a process of the trusted checks died: that case alone fails
        assert r["failures"][crashed].startswith(reason), r["failures"][crashed]
        for gid in order[:at] + order[at + 1:]:
            assert r["cells"][gid][0] == r["cells"][gid][1], f"{gid} lost points: {r['failures'].get(gid)}"
        return
    for gid in order[:at]:
        assert r["cells"][gid][0] == r["cells"][gid][1], f"{gid} ran before the crash but lost points"
    assert r["failures"][crashed].startswith(f"KernelDied: the kernel died while running {crashed}")
    for gid in order[at + 1:]:
        assert r["cells"][gid][0] == 0
        assert r["failures"][gid] == f"NotRun: not run: the kernel died in {crashed}"


def test_release_errors_only_in_exercise_and_test_cells(graded):
    for path in Path(graded[2], "autograded", "release").glob("*/*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            if errors:
                assert meta.get("grade") or meta.get("solution"), (
                    f"{path.name}: an error outside exercise and test cells:\n{cell.source[:300]}")


def test_feedback_and_csv_are_written(graded):
    rows, _, workdir = graded
    csv = (Path(workdir) / "grades.csv").read_text().splitlines()
    students = {s for s, _ in rows}
    assert csv[0].startswith("assignment,") and len(csv) == 1 + len(students) * len(LESSONS)  # every pair
    assert {p.name for p in (Path(workdir) / "feedback").iterdir()} == students
    for (student, lid) in rows:
        page = Path(workdir, "feedback", student, lid, f"{lid}.html")
        assert "test_quiz" in page.read_text(), f"{page} does not list the checks"


def test_demos_are_not_run_while_grading(graded):
    # The lessons' demonstrations (course cells tagged "demo") only train and plot for the reader: grading
    # shows a note instead of running them, and every check still passes without them (the reference's
    # full marks above).
    import safeguards

    for lid in LESSONS:
        demos = course.demo_cells(lid)
        assert demos, f"{lid} has no cell tagged demo"
        nb = nbformat.read(Path(graded[2], "autograded", "solution", lid, f"{lid}.ipynb"), as_version=4)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") in demos:
                assert [o.get("text") for o in cell.outputs] == [safeguards.DEMO_NOTE], cell.source[:200]
