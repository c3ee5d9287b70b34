import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def grade():
    """autograder/grade.py as a module."""
    spec = importlib.util.spec_from_file_location("grade", REPO / "autograder" / "grade.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["grade"] = module
    spec.loader.exec_module(module)
    return module
