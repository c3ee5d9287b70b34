"""Grading one submission after another in a long-lived worker process: `python autograder/workers.py`.

`make grade` (autograder/grade.py) starts one worker per job. A worker grades submissions with
nbgrader's API in-process, one kernel per submission, so that it and the trusted checks' fork server
(autograder/forkserver.py) import nbgrader and torch once, not once per submission. It
reads "JOBDIR<TAB>STUDENT<TAB>LESSON" lines on stdin and, for each, autogrades the submission in JOBDIR
(an nbgrader course of its own, see job_folder) and writes JOBDIR/done.json: {"steps": {step:
seconds}} or {"error": why}. The main process copies each finished job into the class gradebook.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by path
from course import REPO, SOLUTIONS  # noqa: E402

COURSE_ID = "ckptlab"


def env():
    """The environment of nbgrader's processes and kernels."""
    found = dict(os.environ)
    found["PATH"] = os.path.dirname(sys.executable) + os.pathsep + found.get("PATH", "")  # nbgrader runs alembic
    found.pop("PYTHONWARNINGS", None)  # kernels must show warnings as a learner's would: grading ignores them
    return found


def write_config(workdir):
    """An nbgrader course in `workdir` (its own root and gradebook) with the course's configuration."""
    (workdir / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"load_subconfig({str(REPO / 'autograder' / 'nbgrader_config.py')!r})\n"
        f"c.CourseDirectory.root = {str(workdir)!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(workdir / 'gradebook.db')!r}\n"
        "c.CourseDirectory.release_directory = 'release'\n")


def run_job(jobdir, student, lesson):
    """Autograde one submission and make its feedback, in `jobdir`; {step: seconds}."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    os.chdir(jobdir)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(jobdir)).load_config()
    api = NbGraderAPI(config=config)
    steps = {}
    for name, step in (("autograde", api.autograde), ("feedback", api.generate_feedback)):
        start = time.perf_counter()
        result = step(lesson, student)
        with Path(jobdir, "nbgrader.log").open("a") as log:
            log.write(result.get("log", "") + result.get("error", ""))
        if not result["success"]:
            lines = [line for line in result.get("error", "").splitlines() if line.strip()]
            raise RuntimeError(f"nbgrader {name} failed: {lines[-1] if lines else 'no message'}")
        steps[name] = time.perf_counter() - start
    return steps


def serve_jobs():
    """The worker: grade the jobs named on stdin, one at a time, until stdin closes."""
    for line in sys.stdin:
        jobdir, student, lesson = line.rstrip("\n").split("\t")
        print(f"grading {student} {lesson}", flush=True)
        try:
            outcome = {"steps": run_job(jobdir, student, lesson)}
        except Exception as err:  # noqa: BLE001 (reported as the reason this submission scored 0)
            outcome = {"error": str(err) or type(err).__name__}
        done = Path(jobdir, "done.json")
        done.with_suffix(".tmp").write_text(json.dumps(outcome))
        done.with_suffix(".tmp").replace(done)


class Worker:
    """A `python autograder/workers.py` process, in a process group of its own."""

    def __init__(self, logdir, number):
        self.log = Path(logdir) / "workers" / f"worker{number}.log"
        self.log.parent.mkdir(exist_ok=True)
        with self.log.open("a") as log:  # a file, not a pipe: a kernel's output cannot fill it and stall
            self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve())],
                                         stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, text=True,
                                         env=env(), cwd=logdir, start_new_session=True)
        self.job = None  # (student, lesson, jobdir, start time)

    def give(self, student, lesson, jobdir):
        self.proc.stdin.write(f"{jobdir}\t{student}\t{lesson}\n")
        self.proc.stdin.flush()
        self.job = (student, lesson, jobdir, time.perf_counter())

    def outcome(self, limit):
        """None while the job runs; else {"steps"} or {"error"}. The worker is stopped when its job ran
        past `limit` seconds or it ended; then it is not used again."""
        student, lesson, jobdir, start = self.job
        done = jobdir / "done.json"
        if done.exists():
            return json.loads(done.read_text())
        if self.proc.poll() is not None:
            lines = [line for line in self.log.read_text(errors="replace").splitlines() if line.strip()]
            return {"error": f"the grading process ended (exit {self.proc.returncode}): "
                             f"{lines[-1] if lines else 'no message'}"}
        if time.perf_counter() - start > limit:
            self.stop()
            return {"error": f"grading stopped after {limit:.0f} s"}
        return None

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        try:
            # the worker; its fork server then sees its stdin close and kills the kernels and checks it started
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def close(self, timeout=30):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout)
        except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
            pass
        self.stop()


def job_folder(workdir, student, lesson):
    """The submission's own nbgrader course: config, sources, a copy of the gradebook and the submission."""
    jobdir = workdir / "jobs" / f"{student}--{lesson}"
    jobdir.mkdir(parents=True)
    write_config(jobdir)
    (jobdir / "solutions").symlink_to(SOLUTIONS)
    shutil.copyfile(workdir / "gradebook.db", jobdir / "gradebook.db")
    shutil.copytree(workdir / "submitted" / student / lesson, jobdir / "submitted" / student / lesson)
    return jobdir


def merge_job(gb, workdir, jobdir, student, lesson, failure):
    """Copy one worker's grades and files into the class gradebook (the only writer)."""
    from nbgrader.api import Gradebook, MissingEntry

    gb.update_or_create_student(student)
    try:
        gb.remove_submission(lesson, student)
    except MissingEntry:
        pass
    scores, comments, timestamp = {}, {}, None
    if failure is None:
        with Gradebook(f"sqlite:///{jobdir / 'gradebook.db'}", course_id=COURSE_ID) as job_gb:
            submission = job_gb.find_submission(lesson, student)
            timestamp = submission.timestamp
            for nb in submission.notebooks:
                for g in nb.grades:
                    scores[(nb.name, g.name)] = (g.auto_score, g.needs_manual_grade)
                for c in nb.comments:
                    comments[(nb.name, c.name)] = c.auto_comment
    with warnings.catch_warnings():  # nbgrader's add_submission trips a harmless SQLAlchemy autoflush warning
        warnings.simplefilter("ignore")
        submission = gb.add_submission(lesson, student, timestamp=timestamp)
    for nb in submission.notebooks:
        for g in nb.grades:
            g.auto_score, g.needs_manual_grade = scores.get((nb.name, g.name), (0, False))
        for c in nb.comments:
            c.auto_comment = comments.get((nb.name, c.name))
    gb.db.commit()
    for kind in ("autograded", "feedback"):
        src, dst = jobdir / kind / student / lesson, workdir / kind / student / lesson
        if src.is_dir():
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst)




if __name__ == "__main__":
    serve_jobs()
