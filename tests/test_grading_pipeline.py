"""The real nbgrader pipeline (`make grade`, two at a time): every grader proven on every lesson.

For every lesson, graded together in one class through autograder/grade.py:
- the reference solution and every file in autograder/alternatives/<lesson>/ get full marks (warns.py
  is the reference answer emitting a UserWarning, a FutureWarning and a DeprecationWarning);
- every file in autograder/mutants/<lesson>/ (one real bug each) loses points;
- every file in autograder/tampering/<lesson>/ (a wrong answer that also rebinds torch.equal,
  torch.allclose, torch.testing.assert_close, math.isclose, the course's check helpers or the
  notebook's own names) scores no more than the same wrong answer without tampering;
- autograder/failures/<lesson>/hang.py (a function that never returns for some input) loses exactly
  the check that calls it that way, with a timeout as the reason, and nothing else;
- autograder/failures/<lesson>/crash.py (kills the kernel) keeps the checks that ran before, and the
  rest score 0, reported as not run because the kernel died;
- the untouched learner notebook gets 0 on every graded cell.
Prints the score table.
"""
from pathlib import Path

import nbformat
import pytest

from conftest import REPO

MIN_MUTANTS, MIN_ALTERNATIVES = 5, 2
LESSONS = sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())
TAMPERING_KINDS = {"torch_equal", "allclose", "assert_close", "isclose", "helpers", "notebook_names"}
TAMPERING_BASE = {  # the wrong answer each lesson's tampering files are built on
    "01_optimizer_state": "model_only", "02_scheduler_state": "scheduler_never_saved",
    "03_best_weights": "alias_state_dict", "04_exact_resume": "no_rng_state",
}
HANGS_IN = {"01_optimizer_state": "test_adam_state", "02_scheduler_state": "test_epochs_done",
            "03_best_weights": "test_resume_latest", "04_exact_resume": "test_new_process"}
CRASHES_IN = {"01_optimizer_state": "test_epochs_done", "02_scheduler_state": "test_epochs_done",
              "03_best_weights": "test_load_best_model", "04_exact_resume": "test_new_process"}
KINDS = ("mutants", "alternatives", "tampering", "failures")


def submissions(grade, lid):
    """{student id: notebook} for one lesson."""
    subs = {"solution": grade.make_submission(lid), "release": grade.make_submission(lid, blank=True)}
    for kind in KINDS:
        for path in sorted((REPO / "autograder" / kind / lid).glob("*.py")):
            subs[f"{kind}-{path.stem}"] = grade.make_submission(lid, grade.read_answer_file(path))
    return subs


def grade_order(lid):
    """The test cells of a lesson, in notebook order."""
    nb = nbformat.read(REPO / "solutions" / lid / f"{lid}.ipynb", as_version=4)
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")]


@pytest.fixture(scope="module")
def graded(grade, tmp_path_factory):
    submitted = tmp_path_factory.mktemp("submitted")
    for lid in grade.lessons():
        for student, nb in submissions(grade, lid).items():
            grade.write_submission(submitted, student, lid, nb)
    workdir = tmp_path_factory.mktemp("course")
    rows, table = grade.grade(submitted, workdir, jobs=2)
    return {(r["student"], r["lesson"]): r for r in rows}, table, workdir


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


@pytest.mark.parametrize("lid", LESSONS)
def test_tampering_gains_nothing(graded, lid):
    rows = {s: r for (s, l), r in graded[0].items() if l == lid}
    found = {s.split("-", 1)[1] for s in rows if s.startswith("tampering-")}
    assert found == TAMPERING_KINDS
    base = rows[f"mutants-{TAMPERING_BASE[lid]}"]
    for kind in found:
        r = rows[f"tampering-{kind}"]
        assert r["score"] <= base["score"] < r["max_score"], (
            f"{kind}: {r['score']} points, more than the same wrong answer without tampering ({base['score']})")
        for gid, (score, _) in r["cells"].items():
            assert score <= base["cells"][gid][0], f"{kind}: {gid} scored more than without tampering"


@pytest.mark.parametrize("lid", LESSONS)
def test_a_hang_costs_only_its_check(graded, lid):
    r = graded[0][("failures-hang", lid)]
    for gid, (score, max_score) in r["cells"].items():
        if gid == HANGS_IN[lid]:
            assert score == 0 and r["failures"][gid].startswith("CellTimeoutError: this cell ran for more than")
        else:
            assert score == max_score, f"{gid} lost points to a hang elsewhere: {r['failures'].get(gid)}"


@pytest.mark.parametrize("lid", LESSONS)
def test_a_dead_kernel_is_reported_and_keeps_earlier_points(graded, lid):
    r = graded[0][("failures-crash", lid)]
    order = grade_order(lid)
    crashed = order.index(CRASHES_IN[lid])
    for gid in order[:crashed]:
        assert r["cells"][gid][0] == r["cells"][gid][1], f"{gid} ran before the crash but lost points"
    assert r["cells"][order[crashed]][0] == 0
    assert r["failures"][order[crashed]].startswith(f"KernelDied: the kernel died while running {order[crashed]}")
    for gid in order[crashed + 1:]:
        assert r["cells"][gid][0] == 0
        assert r["failures"][gid] == f"NotRun: not run: the kernel died in {order[crashed]}"


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
