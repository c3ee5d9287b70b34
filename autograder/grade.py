"""Autograde every submission in a folder with nbgrader, then feedback, a grades CSV and a summary.

    python autograder/grade.py [SUBMITTED] [--workdir .grading]
    python autograder/grade.py --release      # regenerate notebooks/ from solutions/

SUBMITTED (default: submitted/) holds one folder per student, each with one folder per lesson:
    SUBMITTED/<student>/<lesson>/<lesson>.ipynb
Everything is written under the working folder: gradebook.db, autograded/, feedback/ (one HTML
page per student and lesson), grades.csv and summary.txt. The working folder is rebuilt each run,
so grading the same submissions again gives the same result.

The module also builds submissions for tests and instructors: `make_submission` fills a lesson's
learner notebook with the reference answers and, by grade_id, with other code for the impl_ cells.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"
RELEASE = REPO / "notebooks"
COURSE_ID = "ckptlab"


# --- building submissions -------------------------------------------------------------------------

def lessons():
    """The lesson ids, in order: the folders of solutions/."""
    return sorted(p.name for p in SOLUTIONS.iterdir() if (p / f"{p.name}.ipynb").is_file())


def _solution_code(source):
    """A source cell's solution: the text with nbgrader's solution markers removed."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


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
    reference = {c.metadata["nbgrader"]["grade_id"]: _solution_code(c.source)
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


# --- grading --------------------------------------------------------------------------------------

def _nbgrader(workdir, *args):
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")  # nbgrader runs alembic
    env["PYTHONWARNINGS"] = "ignore"
    cmd = [sys.executable, "-m", "nbgrader", *args]
    result = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True)
    (Path(workdir) / "nbgrader.log").open("a").write(
        f"$ nbgrader {' '.join(args)}\n{result.stdout}{result.stderr}\n")
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
    (workdir / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"load_subconfig({str(REPO / 'autograder' / 'nbgrader_config.py')!r})\n"
        f"c.CourseDirectory.root = {str(workdir)!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(workdir / 'gradebook.db')!r}\n"
        "c.CourseDirectory.release_directory = 'release'\n")
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
                reasons[meta["grade_id"]] = f"{out.ename}: {out.evalue}".strip().splitlines()[0][:300]
                break
            if out.output_type == "stream" and out.name == "stderr":
                reasons[meta["grade_id"]] = "wrote to stderr: " + out.text.strip().splitlines()[0][:200]
                break
    return reasons


def collect_scores(workdir):
    """[{student, lesson, score, max_score, cells: {grade_id: (score, max)}, failures: {...}}]."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{workdir / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for assignment in gb.assignments:
            for student in gb.students:
                try:
                    submission = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    continue
                cells, failures = {}, {}
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        if grade.max_score:
                            cells[grade.name] = (grade.score, grade.max_score)
                    path = workdir / "autograded" / student.id / assignment.name / f"{nb.name}.ipynb"
                    if path.is_file():
                        failures.update(failure_reasons(path))
                rows.append({"student": student.id, "lesson": assignment.name,
                             "score": submission.score, "max_score": submission.max_score,
                             "cells": cells, "failures": failures})
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
    failing = sorted((r for r in rows if r["score"] < r["max_score"]), key=lambda r: (r["student"], r["lesson"]))
    if failing:
        lines += ["", "Lost points:"]
        for r in failing:
            for gid, (score, max_score) in r["cells"].items():
                if score < max_score:
                    why = r["failures"].get(gid, "no output")
                    lines.append(f"  {r['student']} / {r['lesson']} / {gid} ({score:g}/{max_score:g}): {why}")
    return "\n".join(lines)


def grade(submitted, workdir):
    """Autograde, generate feedback and export grades for every lesson found in `submitted`."""
    submitted = Path(submitted)
    if not submitted.is_dir():
        raise SystemExit(f"{submitted} is not a folder. Put submissions in "
                         f"{submitted}/<student>/<lesson>/<lesson>.ipynb, or name another folder.")
    found = sorted({p.name for p in submitted.glob("*/*") if p.is_dir()})
    unknown = [lid for lid in found if lid not in lessons()]
    if unknown:
        raise SystemExit(f"{submitted} has folders for unknown lessons {unknown}; lessons are {lessons()}")
    if not found:
        raise SystemExit(f"no submissions in {submitted}: expected <student>/<lesson>/<lesson>.ipynb")
    workdir = prepare_workdir(submitted, workdir)
    for lid in found:
        print(f"grading {lid}: {len(list(submitted.glob(f'*/{lid}/*.ipynb')))} submissions", flush=True)
        _nbgrader(workdir, "generate_assignment", lid, "--force")
        _nbgrader(workdir, "autograde", lid, "--force")
        _nbgrader(workdir, "generate_feedback", lid, "--force")
    _nbgrader(workdir, "export", "--to", str(workdir / "grades.csv"))
    rows = collect_scores(workdir)
    table = summary_table(rows)
    (workdir / "summary.txt").write_text(table + "\n")
    return rows, table


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("submitted", nargs="?", default=str(REPO / "submitted"))
    parser.add_argument("--workdir", default=str(REPO / ".grading"))
    parser.add_argument("--release", action="store_true",
                        help="instead of grading, regenerate notebooks/ from solutions/")
    args = parser.parse_args(argv)
    if args.release:
        generate_release(RELEASE, Path(args.workdir) / "release-build")
        return
    rows, table = grade(args.submitted, args.workdir)
    print(table)
    print(f"\nfeedback: {Path(args.workdir) / 'feedback'}\ngrades:   {Path(args.workdir) / 'grades.csv'}")


if __name__ == "__main__":
    main()
