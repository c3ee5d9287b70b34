"""The course as the grader sees it: its lessons, their notebooks' cells, and submissions built from answers.

Plain JSON and text only at import (nbformat is imported where a notebook is written), so that the
trusted checks run where Jupyter is not installed (scripts/gpu_check.sh).

Answer files (.py) hold code for a lesson's answer cells (impl_ cells): see read_answer_file. The
proof answers in autograder/proofs/ are such files; a trick there may name the wrong answer it is
built on and add lines to it instead of copying it (see read_answer_file).
"""
import json
import re
import sys
from pathlib import Path

# jsonschema (imported by nbformat) loads rfc3987_syntax when it is installed (jupyter-events pulls it
# in), and that builds an IRI parser at import: 2.4 s of every grading process's start-up here
# (benchmarks/results.md). Notebook validation checks no IRIs, so the grader goes without it: the
# grading modules import this one before nbformat.
sys.modules.setdefault("rfc3987_syntax", None)

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"
RELEASE = REPO / "notebooks"
PROOFS = REPO / "autograder" / "proofs"


def lessons():
    """The lesson ids, in order: the folders of solutions/ that hold their notebook."""
    return sorted(p.name for p in SOLUTIONS.iterdir() if (p / f"{p.name}.ipynb").is_file())


def _meta(cell):
    return cell["metadata"].get("nbgrader", {})


def _source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def read_notebook(path):
    """A notebook as plain JSON (nbformat is not needed: the GPU check runs the checks without Jupyter)."""
    return json.loads(Path(path).read_text())


def solution_code(source):
    """A source cell's solution: the text with nbgrader's solution markers removed."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def demo_cells(lesson):
    """{grade_id: source} of a lesson's demonstrations: the course cells tagged "demo" in its source
    notebook (none for an unknown lesson). Grading does not run them: no check reads what they compute."""
    path = SOLUTIONS / lesson / f"{lesson}.ipynb"
    if not path.is_file():
        return {}
    return {_meta(c)["grade_id"]: _source(c) for c in read_notebook(path)["cells"]
            if "demo" in c["metadata"].get("tags", []) and _meta(c).get("locked") and not _meta(c).get("grade")}


def answer_cells(nb):
    """[(grade_id, source)] of a notebook's answer cells (nbgrader solution cells), in order."""
    return [(_meta(c)["grade_id"], _source(c)) for c in nb["cells"]
            if c["cell_type"] == "code" and _meta(c).get("solution") and _meta(c).get("grade_id")]


def _answer_parts(text):
    """{grade_id: code} of an answer file's text ({None: code} when it has no `# %% <grade_id>` lines)."""
    parts = re.split(r"^# %% (impl_\w+)[ \t]*$", text, flags=re.M)
    if len(parts) == 1:
        return {None: text.strip() + "\n"}
    return {grade_id: code.strip() + "\n" for grade_id, code in zip(parts[1::2], parts[2::2])}


def twin_of(path):
    """The wrong answer a trick is built on: its first line is `# twin: <name of a mutant>`."""
    first = Path(path).read_text().split("\n", 1)[0]
    match = re.fullmatch(r"# twin: (\w+)\s*", first)
    return match.group(1) if match else None


def read_answer_file(path):
    """Code for impl_ cells from a .py file: {grade_id: code}.

    A file for a lesson with one impl_ cell is just that cell's code. With several, each part
    starts with a line `# %% <grade_id>`.

    A trick (autograder/proofs/tricks/<lesson>/) that only adds lines to the wrong answer it is built
    on names it on its first line and marks where that answer's code goes with a line `# %% twin`:
        # twin: model_only
        <lines run before the twin's code, at the top of its first answer cell>
        # %% twin
        <lines run after it, at the end of its last answer cell>
    """
    path = Path(path)
    text = path.read_text()
    if not re.search(r"^# %% twin[ \t]*$", text, flags=re.M):
        return _answer_parts(text)
    twin = twin_of(path)
    twin_file = PROOFS / "mutants" / path.parent.name / f"{twin}.py"
    if twin is None or not twin_file.is_file():
        raise ValueError(f"{path}: `# %% twin` needs a first line `# twin: <name>` naming a file of {twin_file.parent}")
    before, after = re.split(r"^# %% twin[ \t]*\n?", text.split("\n", 1)[1], maxsplit=1, flags=re.M)
    answers = read_answer_file(twin_file)
    first, last = list(answers)[0], list(answers)[-1]
    answers[first] = before.strip() + "\n\n\n" + answers[first] if before.strip() else answers[first]
    answers[last] = answers[last] + "\n\n" + after.strip() + "\n" if after.strip() else answers[last]
    return answers


def make_submission(lesson, answers=None, blank=False):
    """The learner notebook of `lesson`, answered.

    Every solution cell gets the reference answer, except the impl_ cells named in `answers`
    ({grade_id: code}, or {None: code} for a lesson's only impl_ cell), which get that code.
    With blank=True the notebook is returned as released, unanswered.
    """
    import nbformat

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
    """Write `notebook` where a class's submissions go: submitted/<student>/<lesson>/<lesson>.ipynb."""
    import nbformat

    path = Path(submitted) / student / lesson / f"{lesson}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


