"""`make grade` on a small class: good, broken, tricky, hanging, crashing and edited submissions, and one
that kills the process its kernel and checks are forked from (the others must not notice).

The whole class is graded twice, two at a time; the summary and the grades CSV are checked
line by line, and every run must give the same scores cell by cell. An LMS download (a .zip of
Canvas-named files) is unpacked by nbgrader zip_collect into the same layout.
"""
import os
import zipfile
from pathlib import Path

import nbformat
import pytest

import course
from conftest import REPO

L1, L3 = "01_optimizer_state", "03_best_weights"

SCORES = [  # the summary's table
    "student    01_optimizer_state       03_best_weights",
    "alice                   12/12                 12/12",
    "bob                      2/12                  9/12",
    "carol                    9/12                  8/12",
    "dave                    12/12                  0/12",
    "erin                    12/12                     -",
    "fay                      0/12                     -",
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
    "03_best_weights,,,alice,,,,12.0,0.0,12.0,12.0",
    "03_best_weights,,,bob,,,,9.0,0.0,9.0,12.0",
    "03_best_weights,,,carol,,,,8.0,0.0,8.0,12.0",
    "03_best_weights,,,dave,,,,0.0,0.0,0.0,12.0",
    "03_best_weights,,,erin,,,,0.0,0.0,0.0,12.0",
    "03_best_weights,,,fay,,,,0.0,0.0,0.0,12.0",
]


def answer(grade, lid, kind, name):
    return course.make_submission(lid, course.read_answer_file(course.PROOFS / kind / lid / f"{name}.py"))


def edited(grade):
    """Lesson 01 answered correctly, with one test cell rewritten to pass and two course cells deleted."""
    nb = course.make_submission(L1)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_adam_state":
            cell.source = 'print("Adam: state restored exactly")'
    nb.cells = [c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") not in ("test_sgd_momentum", "check-helpers")]
    return nb


def build_class(grade, folder):
    course.write_submission(folder, "alice", L1, answer(grade, L1, "alternatives", "warns"))
    course.write_submission(folder, "alice", L3, course.make_submission(L3))
    course.write_submission(folder, "bob", L1, answer(grade, L1, "mutants", "model_only"))
    course.write_submission(folder, "bob", L3, answer(grade, L3, "tricks", "rebind_helpers"))
    course.write_submission(folder, "carol", L1, answer(grade, L1, "failures", "hang"))
    course.write_submission(folder, "carol", L3, answer(grade, L3, "failures", "crash"))
    course.write_submission(folder, "dave", L1, edited(grade))
    course.write_submission(folder, "dave", L3, course.make_submission(L3, blank=True))
    nbformat.write(course.make_submission(L1), Path(folder, "erin", f"{L1}.ipynb"))  # the flat layout
    course.write_submission(folder, "fay", L1, kills_its_parent())


def kills_its_parent():
    """Lesson 01 answered correctly, but the answer cell first kills the process its own process was
    forked from (the worker's fork server): its kernel and checks die with it, and the submissions
    the same worker grades next still get their scores (they are checked line by line)."""
    (cell, code), = course.read_answer_file(course.PROOFS / "alternatives" / L1 / "warns.py").items()
    return course.make_submission(L1, {cell: "import os\nimport signal\n\nos.kill(os.getppid(), signal.SIGKILL)\n\n" + code})


@pytest.fixture(scope="module")
def runs(grade, tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    (folder / "erin").mkdir()
    build_class(grade, folder)
    results = []
    for i in range(2):
        workdir = tmp_path_factory.mktemp(f"grading{i}")
        rows, table = grade.grade(folder, workdir, jobs=2)
        results.append((rows, table, workdir))
    return results


def test_summary_line_by_line(runs):
    rows, table, workdir = runs[0]
    print(table)
    assert (workdir / "summary.txt").read_text() == table + "\n"
    lines = table.splitlines()
    assert lines[:len(SCORES)] == SCORES
    assert lines[len(SCORES):len(SCORES) + 2] == ["", "Lost points:"]
    lost = lines[len(SCORES) + 2:]
    assert len(lost) == len(LOST), "\n".join(lost)
    for line, expected in zip(lost, LOST):
        assert line.strip().startswith(expected), f"{line!r}\n  should start with\n{expected!r}"
    assert all("the kernel died" in line for line in lost if line.strip().startswith("fay /")), lost


def test_csv_line_by_line(runs):
    assert (runs[0][2] / "grades.csv").read_text().splitlines() == CSV


def test_feedback_for_every_submission(runs):
    _, _, workdir = runs[0]
    pages = sorted(str(p.relative_to(workdir / "feedback")) for p in (workdir / "feedback").glob("*/*/*.html"))
    assert pages == sorted(f"{s}/{lid}/{lid}.html" for s in ("alice", "bob", "carol", "dave") for lid in (L1, L3)) \
        + [f"erin/{L1}/{L1}.html", f"fay/{L1}/{L1}.html"]
    page = (workdir / "feedback" / "carol" / L3 / f"{L3}.html").read_text()
    assert "KernelDied" in page and "NotRun" in page


def test_edited_and_deleted_test_cells_are_graded_as_released(runs):
    _, _, workdir = runs[0]
    nb = nbformat.read(workdir / "autograded" / "dave" / L1 / f"{L1}.ipynb", as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    source = nbformat.read(REPO / "solutions" / L1 / f"{L1}.ipynb", as_version=4)
    assert ids == [c.metadata.get("nbgrader", {}).get("grade_id") for c in source.cells]
    adam = nb.cells[ids.index("test_adam_state")].source
    assert adam == source.cells[ids.index("test_adam_state")].source


def test_grading_is_repeatable(runs):
    first = {(r["student"], r["lesson"]): r["cells"] for r in runs[0][0]}
    for rows, _, workdir in runs[1:]:
        assert {(r["student"], r["lesson"]): r["cells"] for r in rows} == first
        assert (workdir / "grades.csv").read_text() == (runs[0][2] / "grades.csv").read_text()


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



SABOTAGE = {  # run in the kernel only, where the answer cell's code starts (the checks' processes skip it)
    "stops_the_server": "os.kill(os.getppid(), signal.SIGSTOP)",
    "writes_to_its_pipe": ("with open(f'/proc/{os.getppid()}/fd/1', 'w') as pipe:\n"
                           "        pipe.write('not json\\n{\"started\": 99999, \"pid\": 1}\\n{\"ended\": 1, \"status\": 0}\\n[]\\n')"),
}


def test_a_submission_that_stops_or_feeds_the_fork_server_costs_the_next_one_nothing(grade, tmp_path):
    # A kernel can signal the process it was forked from, or write to that process's stdout. The
    # submission graded next by the same worker (one at a time here) must keep its full marks.
    (cell, code), = course.read_answer_file(course.PROOFS / "alternatives" / L1 / "warns.py").items()
    for i, (name, action) in enumerate(SABOTAGE.items()):
        sabotage = ("import os\nimport signal\n\ntry:\n    get_ipython().kernel\nexcept (NameError, AttributeError):\n"
                    "    pass\nelse:\n    " + action + "\n\n")
        course.write_submission(tmp_path / "class", f"{i}a-{name}", L1, course.make_submission(L1, {cell: sabotage + code}))
        course.write_submission(tmp_path / "class", f"{i}b-next", L1, course.make_submission(L1))
    rows, table = grade.grade(tmp_path / "class", tmp_path / "grading", jobs=1)
    for r in rows:
        assert r["problem"] is None, table
        if r["student"].endswith("-next"):
            assert r["score"] == r["max_score"] == 12, table
