import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "autograder"))  # the grader's modules: course, judge, grade, workers, ...

import course  # noqa: E402

LESSONS = course.lessons()


@pytest.fixture(scope="session")
def grade():
    """autograder/grade.py, the grading command."""
    import grade

    return grade
