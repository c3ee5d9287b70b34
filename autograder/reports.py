"""What a graded class scored, from its gradebook and autograded notebooks: rows, reasons, the summary table."""
from pathlib import Path

from workers import COURSE_ID  # first: it imports course, which keeps nbformat's import light

import nbformat  # noqa: E402


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
