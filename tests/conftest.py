import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "autograder"))  # the grader's modules: course, judge, grade, workers, ...

import course  # noqa: E402

LESSONS = course.lessons()

# Hangs are proven with shorter limits than a class gets (45 s per kernel cell, 30 s per trusted case):
# the same code stops them, sooner. Every grading process the tests start inherits these.
os.environ.setdefault("CKPTLAB_CELL_TIMEOUT", "20")
os.environ.setdefault("CKPTLAB_CASE_TIMEOUT", "10")


@pytest.fixture(scope="session")
def grade():
    """autograder/grade.py, the grading command."""
    import grade

    return grade
