"""The submissions make test grades: every proof answer (conftest.py's `proof_class`, read by
test_grading_pipeline.py), and a small class of named students (test_class_grading.py), most of
whose answers are proof answers too: SAME_AS says which, and their scores must agree.
"""
from pathlib import Path

import nbformat

import course

KINDS = ("mutants", "alternatives", "tricks", "failures")
L1, L3 = "01_optimizer_state", "03_best_weights"


def proofs(lid):
    """{student id: notebook} for one lesson: the reference, the untouched release, every proof answer."""
    subs = {"solution": course.make_submission(lid), "release": course.make_submission(lid, blank=True)}
    for kind in KINDS:
        for path in sorted((course.PROOFS / kind / lid).glob("*.py")):
            subs[f"{kind}-{path.stem}"] = course.make_submission(lid, course.read_answer_file(path))
    return subs


def answer(lid, kind, name):
    return course.make_submission(lid, course.read_answer_file(course.PROOFS / kind / lid / f"{name}.py"))


def edited():
    """Lesson 01 answered correctly, with one test cell rewritten to pass and two course cells deleted."""
    nb = course.make_submission(L1)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_adam_state":
            cell.source = 'print("Adam: state restored exactly")'
    nb.cells = [c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") not in ("test_sgd_momentum", "check-helpers")]
    return nb


def warns_after(prefix):
    """Lesson 01 answered correctly (alternatives/warns.py), its answer cell starting with `prefix`."""
    (cell, code), = course.read_answer_file(course.PROOFS / "alternatives" / L1 / "warns.py").items()
    return course.make_submission(L1, {cell: prefix + code})


def sabotaging(action):
    """Lesson 01 answered correctly, but the answer cell first does `action` (with os and signal) to
    the process its kernel was forked from, the worker's fork server; the checks' processes skip it."""
    return warns_after("import os\nimport signal\n\ntry:\n    get_ipython().kernel\nexcept (NameError, AttributeError):\n"
                       "    pass\nelse:\n    " + action.replace("\n", "\n    ") + "\n\n")


def kills_its_parent():
    """Lesson 01 answered correctly, but the answer cell first kills the process its own process was
    forked from (the worker's fork server), in the kernel and in the checks' processes alike."""
    return warns_after("import os\nimport signal\n\nos.kill(os.getppid(), signal.SIGKILL)\n\n")


SAME_AS = {("alice", L1): "alternatives-warns", ("alice", L3): "solution", ("bob", L1): "mutants-model_only",
           ("bob", L3): "tricks-rebind_helpers", ("carol", L1): "failures-hang", ("carol", L3): "failures-crash",
           ("dave", L3): "release", ("erin", L1): "solution"}


def small_class(folder):
    """Good, broken, tricky, hanging, crashing and edited submissions, and three that attack the fork
    server (kill it, stop it, write garbage to its pipe): the others must not notice."""
    course.write_submission(folder, "alice", L1, answer(L1, "alternatives", "warns"))
    course.write_submission(folder, "alice", L3, course.make_submission(L3))
    course.write_submission(folder, "bob", L1, answer(L1, "mutants", "model_only"))
    course.write_submission(folder, "bob", L3, answer(L3, "tricks", "rebind_helpers"))
    course.write_submission(folder, "carol", L1, answer(L1, "failures", "hang"))
    course.write_submission(folder, "carol", L3, answer(L3, "failures", "crash"))
    course.write_submission(folder, "dave", L1, edited())
    course.write_submission(folder, "dave", L3, course.make_submission(L3, blank=True))
    Path(folder, "erin").mkdir(parents=True, exist_ok=True)
    nbformat.write(course.make_submission(L1), Path(folder, "erin", f"{L1}.ipynb"))  # the flat layout
    course.write_submission(folder, "fay", L1, kills_its_parent())
    course.write_submission(folder, "gus", L1, sabotaging("os.kill(os.getppid(), signal.SIGSTOP)"))
    course.write_submission(folder, "hal", L1, sabotaging(
        "with open(f'/proc/{os.getppid()}/fd/1', 'w') as pipe:\n"
        "    pipe.write('not json\\n{\"started\": 99999, \"pid\": 1}\\n{\"ended\": 1, \"status\": 0}\\n[]\\n')"))
