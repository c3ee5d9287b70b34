"""The static layer of autograder/safeguards.py: what an answer cell runs when it is graded.

Fast and without nbgrader; the end-to-end proof (real nbgrader, real kernels) is in
test_grading_pipeline.py and test_class_grading.py.
"""
import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import REPO

spec = importlib.util.spec_from_file_location("safeguards", REPO / "autograder" / "safeguards.py")
safeguards = importlib.util.module_from_spec(spec)
sys.modules["safeguards"] = safeguards
spec.loader.exec_module(safeguards)
spec = importlib.util.spec_from_file_location("grade", REPO / "autograder" / "grade.py")
grade = importlib.util.module_from_spec(spec)
spec.loader.exec_module(grade)
read_answer_file = grade.read_answer_file

COURSE = {"torch", "np", "work", "device", "check_restored", "round_trip", "SmallCNN", "first_difference"}
EXPECTED = {"save_checkpoint", "load_checkpoint"}
MODULES = {"torch", "np", "math", "os", "random", "ckptlab"}


def isolate(source):
    return safeguards.isolate(source, COURSE, EXPECTED, MODULES)


def honest_answers():
    """Every reference answer and every alternative answer of every lesson."""
    for path in sorted((REPO / "solutions").glob("*/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                yield f"{path.stem}/{cell.metadata['nbgrader']['grade_id']}", cell.source
    for path in sorted((REPO / "autograder").glob("alternatives/*/*.py")) + \
            sorted((REPO / "autograder").glob("mutants/*/*.py")) + \
            sorted((REPO / "autograder").glob("failures/*/*.py")):
        for part, code in read_answer_file(path).items():
            yield f"{path.relative_to(REPO)}:{part or ''}", code


@pytest.mark.parametrize("name, source", list(honest_answers()), ids=lambda v: v if "/" in str(v)[:60] else "")
def test_honest_answers_run_unchanged(name, source):
    # Buggy answers (mutants) are honest too: they must be graded as written.
    assert isolate(source) == source, f"{name} would not be graded as written"


@pytest.mark.parametrize("line", [
    "torch.equal = lambda *a, **k: True",
    "import math; math.isclose = lambda *a, **k: True",
    "ckptlab.checks.first_difference = lambda *a, **k: None",
    "setattr(torch, 'allclose', lambda *a, **k: True)",
    "print('hello')",
    "for i in range(3):\n    pass",
    "%timeit 1 + 1",
    "work = '/tmp'",
    "x = get_ipython()",
])
def test_top_level_statements_do_not_run(line):
    out = isolate(line + "\n\ndef save_checkpoint(path, model, optimizer, epochs_done):\n    pass\n")
    assert "# [not run when grading" in out and "\ndef save_checkpoint(" in out
    run = [l for l in out.splitlines() if l.strip() and not l.startswith("#")]
    assert run[-2:] == ["def save_checkpoint(path, model, optimizer, epochs_done):", "    pass"]
    assert all(l.startswith("import ") for l in run[:-2]), run


def test_redefining_a_course_name_is_dropped():
    out = isolate("def check_restored(*args):\n    return None\n\n\ndef save_checkpoint(p, m, o, e):\n    pass\n")
    assert "def check_restored" not in out.replace("# [not run", "").split("redefines check_restored")[0]
    assert "it redefines check_restored, which the course defines" in out
    assert "\ndef save_checkpoint(p, m, o, e):" in out


@pytest.mark.parametrize("body, why", [
    ("    global check_restored\n    check_restored = None", "global check_restored"),
    ("    torch.allclose = None", "it changes `torch.allclose`"),
    ("    for torch.equal in [None]:\n        pass", "it changes `torch.equal`"),
    ("    import math as m\n    m.isclose = None", "it changes `m.isclose`"),
    ("    globals()['x'] = 1", "it uses `globals`"),
    ("    vars(torch)['equal'] = None", "it uses `vars` on a module"),
    ("    getattr(torch, '__dict__')['equal'] = None", "it uses `getattr` with a name"),
    ("    setattr(torch, 'equal', None)", "it uses `setattr`"),
    ("    (lambda: 0).__globals__['x'] = 1", "it uses `.__globals__`"),
    ("    import sys\n    sys.modules['torch'].equal = None", "it imports `sys`"),
    ("    import ctypes\n    ctypes.string_at(0)", "it imports `ctypes`"),
])
def test_functions_that_could_tamper_raise_when_called(body, why):
    out = isolate(f"def save_checkpoint(path, model, optimizer, epochs_done):\n{body}\n")
    namespace = {}
    exec(out, namespace)  # the rewritten cell defines a stub; it does not run the body
    with pytest.raises(RuntimeError, match="save_checkpoint was not graded") as err:
        namespace["save_checkpoint"]("x.pt", None, None, 1)
    assert why in str(err.value)


def test_allowed_module_writes_and_decorators_are_kept():
    source = ("import os\n\nimport torch\n\nKEYS = ('model', 'optimizer')\n\n\n@torch.no_grad()\n"
              "def save_checkpoint(path, model, optimizer, epochs_done, device=torch.device('cpu')):\n"
              "    torch.backends.cudnn.deterministic = True\n"
              "    os.environ['CUBLAS_WORKSPACE_CONFIG'] = ':4096:8'\n    return KEYS\n")
    assert isolate(source) == source


def test_syntax_errors_are_left_to_fail():
    assert isolate("def save_checkpoint(:\n") == "def save_checkpoint(:\n"


def test_bound_names():
    tree = safeguards.parse_cell("import numpy as np\nfrom a import b as c\nx, (y, z) = 1, (2, 3)\n"
                                 "for i in range(2):\n    w = i\ndef f():\n    inner = 1\n[k for k in ()]\n")[1]
    assert safeguards.bound_names(tree.body) == {"np", "c", "x", "y", "z", "i", "w", "f"}
