"""nbgrader's own commands, as an instructor types them in autograder/ on a fresh clone.

They run on a copy of the course (autograder/ and a link to solutions/: nbgrader writes notebooks/,
.grading/ and the autograded files next to them), and the trusted checker decides the points.
"""
import os
import shutil
import subprocess
import sys

from conftest import REPO

import course

LESSON = "01_optimizer_state"


def nbgrader(cwd, *args):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "nbgrader"), *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
    return result


def test_nbgrader_commands_in_autograder_on_a_fresh_clone(tmp_path):
    shutil.copytree(REPO / "autograder", tmp_path / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "solutions").symlink_to(REPO / "solutions")
    assert not (tmp_path / ".grading").exists()  # as on a fresh clone: the gradebook's folder is not there yet
    here = tmp_path / "autograder"

    nbgrader(here, "generate_assignment", LESSON, "--force")
    released = tmp_path / "notebooks" / LESSON / f"{LESSON}.ipynb"
    assert course.read_notebook(released)["cells"] == course.read_notebook(REPO / "notebooks" / LESSON / released.name)["cells"]

    mistake = course.read_answer_file(course.PROOFS / "mutants" / LESSON / "optimizer_saved_not_loaded.py")
    course.write_submission(tmp_path / "submitted", "alice", LESSON, course.make_submission(LESSON))
    course.write_submission(tmp_path / "submitted", "bob", LESSON, course.make_submission(LESSON, mistake))
    nbgrader(here, "autograde", LESSON)
    nbgrader(here, "generate_feedback", LESSON)
    result = nbgrader(here, "export", "--to", str(tmp_path / "grades.csv"))
    assert "Exporting grades" in result.stdout + result.stderr

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{tmp_path / '.grading' / 'gradebook.db'}", "ckptlab") as gb:
        scores = {s.student.id: (s.score, s.max_score) for s in gb.assignment_submissions(LESSON)}
    assert scores["alice"][0] == scores["alice"][1] > 0, scores
    assert scores["bob"][0] < scores["bob"][1], scores
    feedback = (tmp_path / "feedback" / "bob" / LESSON / f"{LESSON}.html").read_text()
    assert "CheckFailed" in feedback  # the trusted checker's verdict, with its reason
