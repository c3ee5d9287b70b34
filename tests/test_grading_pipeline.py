"""The real nbgrader pipeline, in a temporary course: graders fail the mutants and pass correct answers.

For every lesson: the reference solution and every file in autograder/alternatives/<lesson>/ must get
full marks; every file in autograder/mutants/<lesson>/ must lose points; the untouched learner
notebook must get 0 on every graded cell. Prints the score table.
"""
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO

MIN_MUTANTS, MIN_ALTERNATIVES = 5, 2
LESSONS = sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())


def submissions(grade, lid):
    """{student id: notebook} for one lesson."""
    subs = {"solution": grade.make_submission(lid), "release": grade.make_submission(lid, blank=True)}
    for kind in ("mutants", "alternatives"):
        for path in sorted((REPO / "autograder" / kind / lid).glob("*.py")):
            subs[f"{kind[:-1]}-{path.stem}"] = grade.make_submission(lid, grade.read_answer_file(path))
    return subs


@pytest.fixture(scope="module")
def graded(grade, tmp_path_factory):
    """Grade every lesson's submissions, split over two nbgrader courses run side by side."""
    batches = [tmp_path_factory.mktemp(f"submitted{i}") for i in range(2)]
    count = 0
    for lid in grade.lessons():
        for student, nb in submissions(grade, lid).items():
            grade.write_submission(batches[count % 2], student, lid, nb)
            count += 1
    workdirs = [tmp_path_factory.mktemp(f"course{i}") for i in range(2)]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(grade.grade, batches, workdirs))
    rows = [row for batch_rows, _ in results for row in batch_rows]
    return rows, workdirs


def test_score_table(graded, grade, capsys):
    rows, _ = graded
    with capsys.disabled():
        print("\n\nScore table (real nbgrader autograde):\n" + grade.summary_table(rows) + "\n")


@pytest.mark.parametrize("lid", LESSONS)
def test_each_lesson_is_proven(graded, grade, lid):
    rows = {r["student"]: r for r in graded[0] if r["lesson"] == lid}
    mutants = [s for s in rows if s.startswith("mutant-")]
    alternatives = [s for s in rows if s.startswith("alternative-")]
    assert len(mutants) >= MIN_MUTANTS and len(alternatives) >= MIN_ALTERNATIVES

    for student in ["solution", *alternatives]:
        r = rows[student]
        assert r["score"] == r["max_score"] > 0, f"{student} lost points: {r['failures']}"
    for student in mutants:
        r = rows[student]
        assert r["score"] < r["max_score"], f"{student} got full marks: the graders miss this bug"
    release = rows["release"]
    assert release["cells"] and all(score == 0 for score, _ in release["cells"].values()), release["cells"]


def test_release_errors_only_in_exercise_and_test_cells(graded, grade):
    import nbformat

    for workdir in graded[1]:
        for path in Path(workdir, "autograded", "release").glob("*/*.ipynb"):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
                if errors:
                    assert meta.get("grade") or meta.get("solution"), (
                        f"{path.name}: an error outside exercise and test cells:\n{cell.source[:300]}")


def test_feedback_and_csv_are_written(graded):
    rows, workdirs = graded
    for workdir in workdirs:
        csv = (Path(workdir) / "grades.csv").read_text().splitlines()
        assert csv[0].startswith("assignment,") and len(csv) > 1
        students = {p.name for p in (Path(workdir) / "feedback").iterdir()}
        assert students == {p.name for p in (Path(workdir) / "submitted").iterdir()}
        for page in (Path(workdir) / "feedback").glob("*/*/*.html"):
            assert "test_quiz" in page.read_text(), f"{page} does not list the checks"
