"""nbgrader's own tools on a fresh clone: its commands as an instructor types them in autograder/,
and the Formgrader of `make lab`.

They run on a copy of the course (autograder/ and a link to solutions/: nbgrader writes notebooks/,
.grading/ and the autograded files next to them), and the trusted checker decides the points.
"""
import json
import os
import shutil
import subprocess
import sys
import urllib.request

from conftest import REPO, start_lab

import course

LESSON = "01_optimizer_state"


def nbgrader(cwd, *args):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "nbgrader"), *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-3000:]}"
    return result


def fresh_course(root):
    """A copy of the course as a fresh clone has it: no gradebook's folder, no submissions."""
    shutil.copytree(REPO / "autograder", root / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "solutions").symlink_to(REPO / "solutions")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    assert not (root / ".grading").exists()
    return root / "autograder"


def submit_two(root):
    """alice answers with the reference solution, bob with a known mistake."""
    mistake = course.read_answer_file(course.PROOFS / "mutants" / LESSON / "optimizer_saved_not_loaded.py")
    course.write_submission(root / "submitted", "alice", LESSON, course.make_submission(LESSON))
    course.write_submission(root / "submitted", "bob", LESSON, course.make_submission(LESSON, mistake))


def test_nbgrader_commands_in_autograder_on_a_fresh_clone(tmp_path):
    here = fresh_course(tmp_path)

    nbgrader(here, "generate_assignment", LESSON, "--force")
    released = tmp_path / "notebooks" / LESSON / f"{LESSON}.ipynb"
    assert course.read_notebook(released)["cells"] == course.read_notebook(REPO / "notebooks" / LESSON / released.name)["cells"]

    submit_two(tmp_path)
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


def test_the_formgrader_of_make_lab(tmp_path):
    """The Formgrader in `make lab` (its REST API, which its buttons call): the course list, the
    course's lessons, generate, autograde with the trusted checker, feedback."""
    here = fresh_course(tmp_path)
    submit_two(tmp_path)
    token = "ckptlab-formgrader-test"
    server, base = start_lab(tmp_path, token, tmp_path / "lab.log", cwd=tmp_path,
                             env_extra={"JUPYTER_CONFIG_PATH": str(here)})  # make lab: autograder/ of this copy
    try:
        def api(method, path):
            request = urllib.request.Request(f"{base}/{path}", method=method,
                                             headers={"Authorization": f"token {token}"},
                                             data=b"" if method == "POST" else None)
            with urllib.request.urlopen(request, timeout=300) as response:
                return json.loads(response.read())

        courses = api("GET", "formgraders")  # Nbgrader > Courses
        assert courses["success"] and [c["course_id"] for c in courses["value"]] == ["ckptlab"], courses
        assert [a["name"] for a in api("GET", "formgrader/api/assignments")] == course.lessons()
        for path in (f"assignment/{LESSON}/assign", f"submission/{LESSON}/alice/autograde",
                     f"submission/{LESSON}/bob/autograde", f"assignment/{LESSON}/generate_feedback"):
            result = api("POST", f"formgrader/api/{path}")
            assert result["success"], f"{path}: {result.get('error', '')[-3000:]}"
        scores = {s["student"]: (s["score"], s["max_score"])
                  for s in api("GET", f"formgrader/api/submissions/{LESSON}")}
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert scores["alice"][0] == scores["alice"][1] > 0 and scores["bob"][0] < scores["bob"][1], scores
    assert "CheckFailed" in (tmp_path / "feedback" / "bob" / LESSON / f"{LESSON}.html").read_text()
