"""`make grade` on a small class (tests/submissions.py): good, broken, tricky, hanging, crashing and
edited submissions, and three that kill, stop or write into the process their kernel and checks are
forked from (the others must not notice).

The class is graded two at a time, and its summary and grades CSV are checked line by line; the
answers it shares with the proof class (conftest.py) must score the same there, cell by cell. An LMS download (a .zip of Canvas-named files) is unpacked by nbgrader zip_collect
into the same layout.
"""
import os
import zipfile

import nbformat
import pytest

import course
import submissions
from conftest import REPO
from submissions import L1, L3

SCORES = [  # the summary's table
    "student    01_optimizer_state       03_best_weights",
    "alice                   12/12                 12/12",
    "bob                      2/12                  9/12",
    "carol                    9/12                  8/12",
    "dave                    12/12                  0/12",
    "erin                    12/12                     -",
    "fay                      0/12                     -",
    "gus   ",  # stops the fork server: its own kernel may be killed with the server's processes, at any point
    "hal                     12/12                     -",
]
LOST = [  # then each lost point, with the start of its reason
    "bob / 01_optimizer_state / test_adam_state (0/3): AssertionError: optimizer['state'][0] (features.0.weight) is missing",
    "bob / 01_optimizer_state / test_continue_training (0/3): AssertionError: after resuming, training diverges",
    "bob / 01_optimizer_state / test_param_groups (0/2): AssertionError: after loading, param_groups[0]['lr'] is 0.001",
    "bob / 01_optimizer_state / test_sgd_momentum (0/2): AssertionError: optimizer['state'][0] (features.0.weight) is missing",
    "bob / 03_best_weights / test_snapshot (0/3): CheckFailed: in new processes, a snapshot, then more training: "
    "snapshot['features.0.weight'] differs in 144 of 144 values",
    "carol / 01_optimizer_state / test_adam_state (0/3): CheckFailed: in new processes, Adam, path given as a str: "
    f"did not finish within {os.environ['CKPTLAB_CASE_TIMEOUT']} s",
    "carol / 03_best_weights / test_load_best_model (0/2): KernelDied: the kernel died while running test_load_best_model",
    "carol / 03_best_weights / test_quiz (0/1): NotRun: not run: the kernel died in test_load_best_model",
    "carol / 03_best_weights / test_weights_only (0/1): NotRun: not run: the kernel died in test_load_best_model",
    "dave / 03_best_weights / test_load_best_model (0/2): NotImplementedError",
    "dave / 03_best_weights / test_quiz (0/1): NameError: name 'q1' is not defined",
    "dave / 03_best_weights / test_resume_latest (0/3): NotImplementedError",
    "dave / 03_best_weights / test_returned_values (0/2): NotImplementedError",
    "dave / 03_best_weights / test_snapshot (0/3): NotImplementedError",
    "dave / 03_best_weights / test_weights_only (0/1): NotImplementedError",
] + [  # its kernel dies wherever it is when the server goes (the checks kill it first, or its own answer
    # cell): NotRun, or KernelDied if that was a test cell; test_summary_line_by_line checks the words
    f"fay / 01_optimizer_state / {gid}: "
    for gid in ("test_adam_state (0/3)", "test_continue_training (0/3)", "test_epochs_done (0/1)",
                "test_param_groups (0/2)", "test_quiz (0/1)", "test_sgd_momentum (0/2)")
]
CSV = [
    "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score",
    "01_optimizer_state,,,alice,,,,12.0,0.0,12.0,12.0",
    "01_optimizer_state,,,bob,,,,2.0,0.0,2.0,12.0",
    "01_optimizer_state,,,carol,,,,9.0,0.0,9.0,12.0",
    "01_optimizer_state,,,dave,,,,12.0,0.0,12.0,12.0",
    "01_optimizer_state,,,erin,,,,12.0,0.0,12.0,12.0",
    "01_optimizer_state,,,fay,,,,0.0,0.0,0.0,12.0",
    "01_optimizer_state,,,gus,,,,",  # see SCORES
    "01_optimizer_state,,,hal,,,,12.0,0.0,12.0,12.0",
    "03_best_weights,,,alice,,,,12.0,0.0,12.0,12.0",
    "03_best_weights,,,bob,,,,9.0,0.0,9.0,12.0",
    "03_best_weights,,,carol,,,,8.0,0.0,8.0,12.0",
    "03_best_weights,,,dave,,,,0.0,0.0,0.0,12.0",
    "03_best_weights,,,erin,,,,0.0,0.0,0.0,12.0",
    "03_best_weights,,,fay,,,,0.0,0.0,0.0,12.0",
    "03_best_weights,,,gus,,,,0.0,0.0,0.0,12.0",
    "03_best_weights,,,hal,,,,0.0,0.0,0.0,12.0",
]


@pytest.fixture(scope="session")  # test_grading_is_repeatable runs last, with the proof class (conftest.py)
def graded(grade, tmp_path_factory):
    """The small class graded alone: (rows, summary table, working folder)."""
    folder = tmp_path_factory.mktemp("class")
    submissions.small_class(folder)
    workdir = tmp_path_factory.mktemp("grading")
    rows, table = grade.grade(folder, workdir, jobs=2)
    return rows, table, workdir


def test_summary_line_by_line(graded):
    rows, table, workdir = graded
    print(table)
    assert (workdir / "summary.txt").read_text() == table + "\n"
    lines = table.splitlines()
    assert len(lines) > len(SCORES) and all(line.startswith(start) for line, start in zip(lines, SCORES)), table
    assert lines[len(SCORES):len(SCORES) + 2] == ["", "Lost points:"]
    lost = [line for line in lines[len(SCORES) + 2:] if not line.strip().startswith("gus /")]
    assert len(lost) == len(LOST), "\n".join(lost)
    for line, expected in zip(lost, LOST):
        assert line.strip().startswith(expected), f"{line!r}\n  should start with\n{expected!r}"
    assert all("the kernel died" in line for line in lost if line.strip().startswith("fay /")), lost
    for line in lines[len(SCORES) + 2:]:  # what gus loses, if anything, is its kernel or checks, killed with the server
        if line.strip().startswith("gus /"):
            assert any(why in line for why in ("the kernel died", "killed or stopped", "fork server")), line


def test_csv_line_by_line(graded):
    lines = (graded[2] / "grades.csv").read_text().splitlines()
    assert len(lines) == len(CSV) and all(line.startswith(start) for line, start in zip(lines, CSV)), lines


def test_feedback_for_every_submission(graded):
    _, _, workdir = graded
    pages = sorted(str(p.relative_to(workdir / "feedback")) for p in (workdir / "feedback").glob("*/*/*.html"))
    assert pages == sorted(f"{s}/{lid}/{lid}.html" for s in ("alice", "bob", "carol", "dave") for lid in (L1, L3)) \
        + [f"{s}/{L1}/{L1}.html" for s in ("erin", "fay", "gus", "hal")]
    page = (workdir / "feedback" / "carol" / L3 / f"{L3}.html").read_text()
    assert "KernelDied" in page and "NotRun" in page


def test_edited_and_deleted_test_cells_are_graded_as_released(graded):
    _, _, workdir = graded
    nb = nbformat.read(workdir / "autograded" / "dave" / L1 / f"{L1}.ipynb", as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    source = nbformat.read(REPO / "solutions" / L1 / f"{L1}.ipynb", as_version=4)
    assert ids == [c.metadata.get("nbgrader", {}).get("grade_id") for c in source.cells]
    adam = nb.cells[ids.index("test_adam_state")].source
    assert adam == source.cells[ids.index("test_adam_state")].source


def test_grading_is_repeatable(graded, proof_class):
    # The same answers in the proof class (conftest.py), graded by other workers in another order,
    # score the same, cell by cell.
    rows = {(r["student"], r["lesson"]): r for r in graded[0]}
    for (student, lid), proof in submissions.SAME_AS.items():
        assert rows[(student, lid)]["cells"] == proof_class[0][(proof, lid)]["cells"], (student, lid, proof)


def test_lms_download_is_collected(grade, tmp_path):
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as z:
        z.writestr(f"alice_1001_2001_{L1}.ipynb", nbformat.writes(course.make_submission(L1)))
        z.writestr(f"bob_late_1002_2002_{L1}.ipynb", nbformat.writes(course.make_submission(L1, blank=True)))
        z.writestr(f"bob_1002_2003_{L3}.ipynb", nbformat.writes(course.make_submission(L3)))
    found = grade.collect_submissions(download, tmp_path / "course" / "submitted")
    assert found == {("alice", L1), ("bob", L1), ("bob", L3)}
    for student, lid in found:
        nb = nbformat.read(tmp_path / "course" / "submitted" / student / lid / f"{lid}.ipynb", as_version=4)
        assert any(c.metadata.get("nbgrader", {}).get("grade_id") == "test_quiz" for c in nb.cells)


def test_a_submission_past_the_limit_scores_0_with_the_reason(grade, tmp_path):
    course.write_submission(tmp_path / "late", "frank", L1, course.make_submission(L1))
    rows, table = grade.grade(tmp_path / "late", tmp_path / "grading", jobs=1, limit=3)
    assert [(r["student"], r["score"], r["problem"]) for r in rows] == [("frank", 0, "grading stopped after 3 s")]
    assert "frank / 01_optimizer_state: grading stopped after 3 s; every check scored 0" in table
    assert (tmp_path / "grading" / "grades.csv").read_text().splitlines()[1] == \
        "01_optimizer_state,,,frank,,,,0.0,0.0,0.0,12.0"


