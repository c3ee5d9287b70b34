"""Grade a class: autograde every submission with nbgrader, in parallel, then feedback, CSV and summary.

    python autograder/grade.py [SUBMITTED] [--workdir .grading] [--jobs N]
    python autograder/grade.py --release      # regenerate notebooks/ from solutions/
    python autograder/grade.py --check [LESSON...]   # grade your own notebooks/ (make check)

SUBMITTED (default: submitted/) is a folder with one folder per student, holding
<lesson>/<lesson>.ipynb (nbgrader's layout) or <lesson>.ipynb, or an LMS download: a .zip (or a
folder of them) of files named <student>_<n>_<n>_<lesson>.ipynb, unpacked by nbgrader zip_collect.

Each submission is autograded in its own nbgrader course (nbgrader itself grades one at a time), by
N long-lived worker processes (default: one per core) that each grade one submission after another;
this process alone writes the class gradebook, copying each finished submission's grades into it, so
parallel workers never share a database. A submission that cannot be graded at all (nbgrader fails,
or it runs past --limit: its worker is stopped and replaced) scores 0 with the reason.
Everything is written under the working folder, rebuilt each run: gradebook.db, autograded/,
feedback/<student>/<lesson>/ (HTML: each check and why it failed), grades.csv and summary.txt
(student x lesson scores and every lost point with its reason).

The module also builds submissions for tests and instructors: `make_submission` fills a lesson's
learner notebook with the reference answers and, by grade_id, with other code for the impl_ cells.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

# jsonschema (imported by nbformat) loads rfc3987_syntax when it is installed (jupyter-events pulls it
# in), and that builds an IRI parser at import: 2.4 s of every grading worker's start-up here
# (benchmarks/results.md). Notebook validation checks no IRIs, so grading goes without it.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by path (tests, benchmarks)
from judge import solution_code  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"
RELEASE = REPO / "notebooks"
COURSE_ID = "ckptlab"


# --- building submissions -------------------------------------------------------------------------

def lessons():
    """The lesson ids, in order: the folders of solutions/."""
    return sorted(p.name for p in SOLUTIONS.iterdir() if (p / f"{p.name}.ipynb").is_file())


def read_answer_file(path):
    """Code for impl_ cells from a .py file: {grade_id: code}.

    A file for a lesson with one impl_ cell is just that cell's code. With several, each part
    starts with a line `# %% <grade_id>`.
    """
    text = Path(path).read_text()
    parts = re.split(r"^# %% (impl_\w+)[ \t]*$", text, flags=re.M)
    if len(parts) == 1:
        return {None: text.strip() + "\n"}
    return {grade_id: code.strip() + "\n" for grade_id, code in zip(parts[1::2], parts[2::2])}


def make_submission(lesson, answers=None, blank=False):
    """The learner notebook of `lesson`, answered.

    Every solution cell gets the reference answer, except the impl_ cells named in `answers`
    ({grade_id: code}, or {None: code} for a lesson's only impl_ cell), which get that code.
    With blank=True the notebook is returned as released, unanswered.
    """
    release = nbformat.read(RELEASE / lesson / f"{lesson}.ipynb", as_version=4)
    if blank:
        return release
    source = nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4)
    reference = {c.metadata["nbgrader"]["grade_id"]: solution_code(c.source)
                 for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}
    answers = dict(answers or {})
    impl_ids = [gid for gid in reference if gid.startswith("impl_")]
    if None in answers:
        if len(impl_ids) != 1:
            raise ValueError(f"{lesson} has impl_ cells {impl_ids}: mark each part with '# %% <grade_id>'")
        answers[impl_ids[0]] = answers.pop(None)
    unknown = set(answers) - set(impl_ids)
    if unknown:
        raise ValueError(f"{lesson} has no impl_ cells named {sorted(unknown)} (it has {impl_ids})")
    for cell in release.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers.get(gid, reference[gid])
    return release


def write_submission(submitted, student, lesson, notebook):
    path = Path(submitted) / student / lesson / f"{lesson}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


# --- grading ---------------------------------------------------------------------------------------

def _env():
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")  # nbgrader runs alembic
    env.pop("PYTHONWARNINGS", None)  # kernels must show warnings as a learner's would: grading ignores them
    return env


# `python -m nbgrader`, without rfc3987_syntax (see the top of this file)
NBGRADER = "import sys; sys.modules['rfc3987_syntax'] = None; from nbgrader.apps.nbgraderapp import main; main()"


def _nbgrader(workdir, *args):
    cmd = [sys.executable, "-c", NBGRADER, *args]
    result = subprocess.run(cmd, cwd=workdir, env=_env(), capture_output=True, text=True)
    with (Path(workdir) / "nbgrader.log").open("a") as log:
        log.write(f"$ nbgrader {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed (exit {result.returncode}); "
                           f"see {Path(workdir) / 'nbgrader.log'}\n{result.stderr[-2000:]}")
    return result


def _write_config(workdir):
    (workdir / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"load_subconfig({str(REPO / 'autograder' / 'nbgrader_config.py')!r})\n"
        f"c.CourseDirectory.root = {str(workdir)!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(workdir / 'gradebook.db')!r}\n"
        "c.CourseDirectory.release_directory = 'release'\n")


def prepare_workdir(submitted, workdir):
    """A fresh nbgrader course folder: config, link to the sources, a copy of the submissions."""
    workdir = Path(workdir).resolve()
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    _write_config(workdir)
    (workdir / "solutions").symlink_to(SOLUTIONS)
    if submitted is not None:
        shutil.copytree(submitted, workdir / "submitted")
    return workdir


def generate_release(dest, workdir):
    """Generate every lesson's learner notebook from solutions/ into dest/<lesson>/<lesson>.ipynb."""
    workdir = prepare_workdir(None, workdir)
    for lid in lessons():
        _nbgrader(workdir, "generate_assignment", lid, "--force")
        target = Path(dest) / lid / f"{lid}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(workdir / "release" / lid / f"{lid}.ipynb", target)
        print(f"wrote {target}")


# Submissions arrive as folders or as an LMS download -------------------------------------------------

LMS_NAME = r".*[/\\](?P<student_id>[^_/\\]+)_(?:late_)?\d+_\d+_(?P<file_id>{lesson}\.ipynb)$"


def collect_submissions(source, dest, name_pattern=LMS_NAME):
    """Copy submissions into dest/<student>/<lesson>/<lesson>.ipynb; return {(student, lesson)}.

    `source` is one of:
      - a folder <student>/<lesson>/<lesson>.ipynb (nbgrader's layout) or <student>/<lesson>.ipynb;
      - an LMS download: a .zip, or a folder of .zip files, whose files are named like
        <student>_<number>_<number>_<lesson>.ipynb (Canvas; `name_pattern` sets another form),
        unpacked and sorted by `nbgrader zip_collect`.
    """
    source, dest = Path(source), Path(dest)
    known = lessons()
    zips = [source] if source.suffix == ".zip" else sorted(source.glob("*.zip")) if source.is_dir() else []
    if not source.exists():
        raise SystemExit(f"{source} does not exist. Give a folder of submissions "
                         "(<student>/<lesson>/<lesson>.ipynb) or an LMS download (.zip).")
    found = set()
    if zips:
        staging = prepare_workdir(None, dest.parent / "zip_collect")
        with (staging / "nbgrader_config.py").open("a") as config:  # zip_collect checks names against these
            config.write(f"c.CourseDirectory.release_directory = {str(RELEASE)!r}\n")
        for lid in known:
            archive = staging / "downloaded" / lid / "archive"
            archive.mkdir(parents=True, exist_ok=True)
            for z in zips:
                shutil.copyfile(z, archive / z.name)
            _nbgrader(staging, "zip_collect", lid, "--force",
                      f"--FileNameCollectorPlugin.named_regexp={name_pattern.format(lesson=re.escape(lid))}")
        submitted_root = staging / "submitted"
    else:
        submitted_root = source
    for path in sorted(submitted_root.glob("*/*.ipynb")) + sorted(submitted_root.glob("*/*/*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        student, lid = path.relative_to(submitted_root).parts[0], path.stem
        if lid not in known or (len(path.relative_to(submitted_root).parts) == 3 and path.parent.name != lid):
            continue
        target = dest / student / lid / f"{lid}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        found.add((student, lid))
    if not found:
        raise SystemExit(f"no submissions found in {source}: expected <student>/<lesson>/<lesson>.ipynb, "
                         f"<student>/<lesson>.ipynb or an LMS .zip, for lessons {known}")
    return found


# Each submission is graded in its own nbgrader course, by long-lived worker processes -----------------
#
# A worker grades one submission after another (nbgrader's API in-process, one kernel per submission),
# so that it and the trusted checks' fork server import nbgrader, torch and the course once, not once
# per submission. It reads "JOBDIR<TAB>STUDENT<TAB>LESSON" lines on stdin and, for each, writes
# JOBDIR/done.json: {"steps": {step: seconds}} or {"error": why}.

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
    import json

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
    """A `grade.py --worker` process (its own process group: the worker, its kernels and checks)."""

    def __init__(self, logdir, number):
        self.log = Path(logdir) / "workers" / f"worker{number}.log"
        self.log.parent.mkdir(exist_ok=True)
        with self.log.open("a") as log:  # a file, not a pipe: a kernel's output cannot fill it and stall
            self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker"],
                                         stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, text=True,
                                         env=_env(), cwd=logdir, start_new_session=True)
        self.job = None  # (student, lesson, jobdir, start time)

    def give(self, student, lesson, jobdir):
        self.proc.stdin.write(f"{jobdir}\t{student}\t{lesson}\n")
        self.proc.stdin.flush()
        self.job = (student, lesson, jobdir, time.perf_counter())

    def outcome(self, limit):
        """None while the job runs; else {"steps"} or {"error"}. The worker is stopped when its job ran
        past `limit` seconds or it ended; then it is not used again."""
        import json

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
            os.killpg(self.proc.pid, signal.SIGKILL)  # the worker, its kernels and the checks' fork server
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


def _job_folder(workdir, student, lesson):
    """The submission's own nbgrader course: config, sources, a copy of the gradebook and the submission."""
    jobdir = workdir / "jobs" / f"{student}--{lesson}"
    jobdir.mkdir(parents=True)
    _write_config(jobdir)
    (jobdir / "solutions").symlink_to(SOLUTIONS)
    shutil.copyfile(workdir / "gradebook.db", jobdir / "gradebook.db")
    shutil.copytree(workdir / "submitted" / student / lesson, jobdir / "submitted" / student / lesson)
    return jobdir


def _merge_job(gb, workdir, jobdir, student, lesson, failure):
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


def grade(submitted, workdir, jobs=None, limit=1200, name_pattern=LMS_NAME, log=print):
    """Grade every submission in `submitted` (see collect_submissions), `jobs` at a time.

    Writes to `workdir`: gradebook.db, autograded/, feedback/<student>/<lesson>/ (HTML), grades.csv
    and summary.txt. Returns (rows, summary text); see collect_scores.
    """
    from nbgrader.api import Gradebook

    jobs = jobs or os.cpu_count() or 1
    workdir = prepare_workdir(None, workdir)
    pairs = sorted(collect_submissions(submitted, workdir / "submitted", name_pattern),
                   key=lambda pair: (pair[1], pair[0]))
    lesson_ids = sorted({lid for _, lid in pairs})
    log(f"{len(pairs)} submissions: {len({s for s, _ in pairs})} students, lessons {', '.join(lesson_ids)}; "
        f"{jobs} at a time", flush=True)
    for lid in lesson_ids:
        _nbgrader(workdir, "generate_assignment", lid, "--force")
    failures, started, done = {}, time.perf_counter(), 0
    workers = [None] * min(jobs, len(pairs))
    with Gradebook(f"sqlite:///{workdir / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for student in sorted({s for s, _ in pairs}):  # in order, so that the CSV export is too
            gb.update_or_create_student(student)
        queue = list(pairs)
        try:
            while queue or any(w and w.job for w in workers):
                for i, worker in enumerate(workers):
                    if queue and not (worker and worker.job):
                        if worker is None or not worker.alive():
                            worker = workers[i] = Worker(workdir, i + 1)
                        student, lid = queue.pop(0)
                        jobdir = _job_folder(workdir, student, lid)
                        try:
                            worker.give(student, lid, jobdir)
                        except OSError:  # it ended while idle: a new one takes the job
                            worker = workers[i] = Worker(workdir, i + 1)
                            worker.give(student, lid, jobdir)
                finished = []
                for i, worker in enumerate(workers):
                    outcome = worker.outcome(limit) if worker and worker.job else None
                    if outcome is not None:
                        finished.append((worker.job, outcome))
                        worker.job = None
                        if not worker.alive():
                            workers[i] = None
                if not finished:
                    time.sleep(0.1)
                for (student, lid, jobdir, t0), outcome in finished:
                    failure = outcome.get("error")
                    if failure:
                        failures[(student, lid)] = failure
                    _merge_job(gb, workdir, jobdir, student, lid, failure)
                    done += 1
                    sub = gb.find_submission(lid, student)
                    log(f"[{done}/{len(pairs)}] {student} {lid}: {sub.score:g}/{sub.max_score:g} "
                        f"({time.perf_counter() - t0:.0f} s){'  ' + failure if failure else ''}", flush=True)
        finally:
            for worker in workers:
                if worker:
                    worker.close()
    log(f"graded in {time.perf_counter() - started:.0f} s", flush=True)
    _nbgrader(workdir, "export", "--to", str(workdir / "grades.csv"))
    rows = collect_scores(workdir, failures)
    table = summary_table(rows)
    (workdir / "summary.txt").write_text(table + "\n")
    return rows, table


def failure_reasons(notebook_path):
    """{grade_id: one-line reason} for each test cell of an autograded notebook that failed."""
    reasons = {}
    nb = nbformat.read(notebook_path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                text = f"{out.ename}: {out.evalue}" if str(out.evalue).strip() else out.ename
                reasons[meta["grade_id"]] = text.strip().splitlines()[0][:300]
                break
            if out.output_type == "stream" and out.name == "stderr":
                reasons[meta["grade_id"]] = "wrote to stderr: " + out.text.strip().splitlines()[0][:200]
                break
    return reasons


def collect_scores(workdir, failures=None):
    """[{student, lesson, score, max_score, cells: {grade_id: (score, max)}, failures: {grade_id: why},
    problem: why the whole submission could not be graded, or None}], from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    workdir, failures = Path(workdir), failures or {}
    rows = []
    with Gradebook(f"sqlite:///{workdir / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for assignment in gb.assignments:
            for student in gb.students:
                try:
                    submission = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    continue
                cells, reasons = {}, {}
                for nb in submission.notebooks:
                    for g in sorted(nb.grades, key=lambda g: g.name):
                        if g.max_score:
                            cells[g.name] = (g.score, g.max_score)
                    path = workdir / "autograded" / student.id / assignment.name / f"{nb.name}.ipynb"
                    if path.is_file():
                        reasons.update(failure_reasons(path))
                rows.append({"student": student.id, "lesson": assignment.name,
                             "score": submission.score, "max_score": submission.max_score,
                             "cells": cells, "failures": reasons,
                             "problem": failures.get((student.id, assignment.name))})
    return sorted(rows, key=lambda r: (r["student"], r["lesson"]))


def summary_table(rows):
    """Student x lesson scores, then each failing check and why."""
    lesson_ids = sorted({r["lesson"] for r in rows})
    students = sorted({r["student"] for r in rows})
    by_key = {(r["student"], r["lesson"]): r for r in rows}
    width = max([len("student")] + [len(s) for s in students])
    lines = ["student".ljust(width) + "".join(f"  {lid:>20}" for lid in lesson_ids)]
    for s in students:
        cells = []
        for lid in lesson_ids:
            r = by_key.get((s, lid))
            text = "-" if r is None else f"{r['score']:g}/{r['max_score']:g}"
            cells.append(f"  {text:>20}")
        lines.append(s.ljust(width) + "".join(cells))
    failing = [r for r in rows if r["score"] < r["max_score"] or r.get("problem")]
    if failing:
        lines += ["", "Lost points:"]
        for r in failing:
            if r.get("problem"):
                lines.append(f"  {r['student']} / {r['lesson']}: {r['problem']}; every check scored 0")
                continue
            for gid, (score, max_score) in r["cells"].items():
                if score < max_score:
                    why = r["failures"].get(gid, "no output")
                    lines.append(f"  {r['student']} / {r['lesson']} / {gid} ({score:g}/{max_score:g}): {why}")
    return "\n".join(lines)


def check_mine(lesson_ids=None, workdir=REPO / ".grading" / "check", notebooks=RELEASE, log=print):
    """Grade the learner's own notebooks (notebooks/<lesson>/<lesson>.ipynb) as the autograder does.

    Prints, per lesson and check, whether it passed and, if not, why; returns the rows (see grade).
    """
    import tempfile

    lesson_ids = lesson_ids or lessons()
    unknown = sorted(set(lesson_ids) - set(lessons()))
    if unknown:
        raise SystemExit(f"no lesson {', '.join(unknown)}: the lessons are {', '.join(lessons())}")
    with tempfile.TemporaryDirectory(prefix="ckptlab-check-") as folder:
        for lid in lesson_ids:
            path = Path(notebooks) / lid / f"{lid}.ipynb"
            if not path.is_file():
                raise SystemExit(f"{path} is missing: run `git checkout {path.relative_to(REPO)}` to get it back")
            write_submission(folder, "you", lid, nbformat.read(path, as_version=4))
        rows, _ = grade(folder, workdir, jobs=1, log=lambda *a, **k: None)
    for r in rows:
        log(f"\n{r['lesson']}: {r['score']:g}/{r['max_score']:g}")
        if r.get("problem"):
            log(f"  could not be graded: {r['problem']}")
            continue
        source = nbformat.read(SOLUTIONS / r["lesson"] / f"{r['lesson']}.ipynb", as_version=4)
        order = [c.metadata.get("nbgrader", {}).get("grade_id") for c in source.cells]
        for gid, (score, max_score) in sorted(r["cells"].items(), key=lambda item: order.index(item[0])):
            verdict = "passed" if score == max_score else f"FAILED: {r['failures'].get(gid, 'no output')}"
            log(f"  {gid:<28} {score:g}/{max_score:g}  {verdict}")
        log(f"  feedback: {Path(workdir) / 'feedback' / 'you' / r['lesson'] / (r['lesson'] + '.html')}")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("submitted", nargs="?", default=str(REPO / "submitted"),
                        help="a folder of <student>/<lesson>/<lesson>.ipynb, or an LMS download (.zip)")
    parser.add_argument("--workdir", default=str(REPO / ".grading"))
    parser.add_argument("--jobs", type=int, default=None,
                        help="submissions graded at once (default: the number of cores)")
    parser.add_argument("--limit", type=float, default=1200, help="seconds one submission may take in all")
    parser.add_argument("--name-pattern", default=LMS_NAME,
                        help="regular expression for file names in an LMS download ({lesson} is filled in)")
    parser.add_argument("--release", action="store_true",
                        help="instead of grading, regenerate notebooks/ from solutions/")
    parser.add_argument("--check", nargs="*", metavar="LESSON",
                        help="instead of grading a class, grade your own notebooks/ (all lessons, or those named)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        serve_jobs()
        return
    if args.release:
        generate_release(RELEASE, Path(args.workdir) / "release-build")
        return
    if args.check is not None:
        check_mine(args.check or None)
        return
    rows, table = grade(args.submitted, args.workdir, jobs=args.jobs, limit=args.limit,
                        name_pattern=args.name_pattern)
    print(table)
    print(f"\nfeedback: {Path(args.workdir) / 'feedback'}\ngrades:   {Path(args.workdir) / 'grades.csv'}")


if __name__ == "__main__":
    main()
