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

The other parts: autograder/workers.py grades in the workers, autograder/reports.py reads the scores,
autograder/course.py builds submissions from answer files (`make_submission`).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by path (tests, benchmarks)
from course import REPO, RELEASE, SOLUTIONS, lessons, write_submission  # noqa: E402
from reports import collect_scores, summary_table  # noqa: E402
from workers import COURSE_ID, Worker, env, job_folder, merge_job, write_config  # noqa: E402

import nbformat  # noqa: E402  (after course, which keeps jsonschema from loading rfc3987_syntax)


# --- nbgrader courses -----------------------------------------------------------------------------

# `python -m nbgrader`, without rfc3987_syntax (see autograder/course.py)
NBGRADER = "import sys; sys.modules['rfc3987_syntax'] = None; from nbgrader.apps.nbgraderapp import main; main()"


def run_nbgrader(workdir, *args):
    cmd = [sys.executable, "-c", NBGRADER, *args]
    result = subprocess.run(cmd, cwd=workdir, env=env(), capture_output=True, text=True)
    with (Path(workdir) / "nbgrader.log").open("a") as log:
        log.write(f"$ nbgrader {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed (exit {result.returncode}); "
                           f"see {Path(workdir) / 'nbgrader.log'}\n{result.stderr[-2000:]}")
    return result


def prepare_workdir(submitted, workdir):
    """A fresh nbgrader course folder: config, link to the sources, a copy of the submissions."""
    workdir = Path(workdir).resolve()
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    write_config(workdir)
    (workdir / "solutions").symlink_to(SOLUTIONS)
    if submitted is not None:
        shutil.copytree(submitted, workdir / "submitted")
    return workdir


def generate_release(dest, workdir):
    """Generate every lesson's learner notebook from solutions/ into dest/<lesson>/<lesson>.ipynb."""
    workdir = prepare_workdir(None, workdir)
    for lid in lessons():
        run_nbgrader(workdir, "generate_assignment", lid, "--force")
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
            run_nbgrader(staging, "zip_collect", lid, "--force",
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
        run_nbgrader(workdir, "generate_assignment", lid, "--force")
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
                        jobdir = job_folder(workdir, student, lid)
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
                    merge_job(gb, workdir, jobdir, student, lid, failure)
                    done += 1
                    sub = gb.find_submission(lid, student)
                    log(f"[{done}/{len(pairs)}] {student} {lid}: {sub.score:g}/{sub.max_score:g} "
                        f"({time.perf_counter() - t0:.0f} s){'  ' + failure if failure else ''}", flush=True)
        finally:
            for worker in workers:
                if worker:
                    worker.close()
    log(f"graded in {time.perf_counter() - started:.0f} s", flush=True)
    run_nbgrader(workdir, "export", "--to", str(workdir / "grades.csv"))
    rows = collect_scores(workdir, failures)
    table = summary_table(rows)
    (workdir / "summary.txt").write_text(table + "\n")
    return rows, table


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
    args = parser.parse_args(argv)
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
