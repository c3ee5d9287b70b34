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
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, ".grading", "gradebook.db")

# Per-cell timeout. The slowest honest cell, measured with autograder/cell_times.py while two
# notebooks ran at once on a 2-core machine (as `make grade` runs them there), is lesson 04's
# new-process check: median 11.1 s, at most 12.0 s; the next are the set-up cells (7-9 s, importing
# torch). 45 s is 4x that: room for a slower laptop, while a hanging answer costs 45 s per cell.
c.Execute.timeout = 45
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "this cell ran for more than 45 s and was stopped: does a function loop forever?",
    "traceback": ["CellTimeoutError: this cell ran for more than 45 s and was stopped: does a function loop forever?"],
}

# When the last cell is done, stop the kernel at once: a graceful shutdown lets the kernel's Python
# tear down its modules, which takes 3 s once torch and torch._dynamo are loaded (benchmarks/results.md).
c.Execute.shutdown_kernel = "immediate"

# A test cell that writes anything to stderr scores 0. Warnings that a correct answer can trigger
# (torch.load's FutureWarning, DeprecationWarnings, UserWarnings) are removed first.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(UserWarning|FutureWarning|DeprecationWarning)"

# Trustworthy grading (see autograder/safeguards.py): deleted course cells come back, answer cells
# run as definitions only, test cells are checked for tampering, a dead kernel loses no grades.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,  # noqa: E402
                                    IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec,
                                    SaveAutoGrades)
from safeguards import GuardedExecute, IsolateLearnerCode, RestoreMissingCells  # noqa: E402

c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreMissingCells,
                                      OverwriteCells, IsolateLearnerCode, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [GuardedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
