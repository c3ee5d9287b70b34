"""nbgrader configuration of the course.

The course root is the repository: sources in solutions/, learner versions in notebooks/. What
grading writes (gradebook, submissions, autograded, feedback) goes to .grading/, which git ignores.
`make grade` runs nbgrader in a working folder whose own nbgrader_config.py loads this file and
then points the root there (see autograder/grade.py).
"""
import os
import sys

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

c.CourseDirectory.course_id = "ckptlab"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
# nbgrader's commands open the gradebook before anything creates its folder: create it here, so that
# `nbgrader generate_assignment ...` in autograder/ works on a fresh clone (sqlite cannot create folders).
os.makedirs(os.path.join(ROOT, ".grading"), exist_ok=True)
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, ".grading", "gradebook.db")

# Per-cell timeout. The slowest honest cell, measured with benchmarks/cell_times.py while two
# notebooks ran at once on a 2-core machine (as `make grade` runs them there), took at most 12 s
# (the set-up cells, importing torch, take 7-9 s in a fresh kernel). 45 s is 4x that: room for a
# slower laptop, while a hanging answer costs 45 s per cell. CKPTLAB_CELL_TIMEOUT sets another
# (make test proves its hangs with a shorter one).
CELL_TIMEOUT = int(os.environ.get("CKPTLAB_CELL_TIMEOUT", "45"))
c.Execute.timeout = CELL_TIMEOUT
_TIMEOUT_MESSAGE = f"this cell ran for more than {CELL_TIMEOUT} s and was stopped: does a function loop forever?"
c.Execute.error_on_timeout = {"ename": "CellTimeoutError", "evalue": _TIMEOUT_MESSAGE,
                              "traceback": [f"CellTimeoutError: {_TIMEOUT_MESSAGE}"]}

# Kernels forked from the trusted checks' fork server, which imported torch once: a fresh kernel
# spends about 3.5 s importing torch and torch._dynamo (autograder/kernels.py).
c.Execute.kernel_manager_class = "kernels.GradingKernelManager"

# When the last cell is done, stop the kernel at once: a graceful shutdown lets the kernel's Python
# tear down its modules, which takes 3 s once torch and torch._dynamo are loaded (benchmarks/results.md).
c.Execute.shutdown_kernel = "immediate"

# Points are decided by the trusted checks (autograder/judge.py): they start before the kernel runs,
# in other processes, and their verdicts are added to the grade cells after it. Learner cells run as
# written; deleted course cells come back; a dead kernel loses no grades; stderr is not a failure.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,  # noqa: E402
                                    LimitOutput, OverwriteCells, OverwriteKernelspec, SaveAutoGrades)
from safeguards import FinishTrustedChecks, GuardedExecute, RestoreMissingCells, StartTrustedChecks  # noqa: E402

c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreMissingCells,
                                      OverwriteCells, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [StartTrustedChecks, GuardedExecute, ClearMetadataPreprocessor, LimitOutput,
                                       FinishTrustedChecks, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
# Validate (the button in JupyterLab, `nbgrader validate`) gives the autograder's verdict: the same checks.
# nbgrader does not make Validator.preprocessors configurable, so its default is set here, in the
# processes that load this file.
from nbgrader.validator import Validator  # noqa: E402

Validator.class_traits()["preprocessors"].default_value = [CheckCellMetadata, ClearOutput, StartTrustedChecks,
                                                             GuardedExecute, FinishTrustedChecks]
