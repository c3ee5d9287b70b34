import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
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


CHROMIUM = Path(os.environ.get("CKPTLAB_CHROMIUM", "/usr/bin/chromium"))


def require(needed):
    """Skip the calling test module when a program it drives is missing, {path: how to install it};
    with CI=true, fail instead (CI must run every test)."""
    missing = [f"{path} is missing: {how}" for path, how in needed.items() if not Path(path).exists()]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("; ".join(missing), pytrace=False)
        pytest.skip("; ".join(missing), allow_module_level=True)


BROWSER = {CHROMIUM: "install Debian's Chromium: apt-get update && apt-get install -y chromium"}


@pytest.fixture(scope="session")
def grade():
    """autograder/grade.py, the grading command."""
    import grade

    return grade


class ProofClass(threading.Thread):
    """One class graded by `make grade`'s code, two at a time: every proof answer of every lesson
    (tests/submissions.py). It starts as soon as tests are collected and grades in
    the background while the other tests run (most of them use one core of two); the tests that read
    it run last."""

    def __init__(self):
        super().__init__(daemon=True)
        self.folder = Path(tempfile.mkdtemp(prefix="ckptlab-proof-class-"))
        self.result, self.error = None, None

    def run(self):
        import grade
        import submissions

        try:
            submitted = self.folder / "submitted"
            for lid in LESSONS:
                for student, nb in submissions.proofs(lid).items():
                    course.write_submission(submitted, student, lid, nb)
            workdir = self.folder / "course"
            with open(self.folder / "grading.log", "w") as log:
                rows, table = grade.grade(submitted, workdir, jobs=2, log=lambda *a, **k: print(*a, file=log))
            self.result = {(r["student"], r["lesson"]): r for r in rows}, table, workdir
        except BaseException as err:  # noqa: BLE001 (raised again in the tests that need it)
            self.error = err


PROOF_CLASS = []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    needs = [item for item in items if "proof_class" in getattr(item, "fixturenames", ())]
    items[:] = [item for item in items if item not in needs] + needs


def pytest_collection_finish(session):
    # after every deselection (-k, -m, --lf): grade only when a test that reads the class will run
    if not session.config.option.collectonly and any(
            "proof_class" in getattr(item, "fixturenames", ()) for item in session.items):
        PROOF_CLASS.append(ProofClass())
        PROOF_CLASS[0].start()


@pytest.fixture(scope="session")
def proof_class():
    """({(student, lesson): row}, summary table, working folder) of the proof class (ProofClass)."""
    grading = PROOF_CLASS[0]
    grading.join()
    if grading.error:
        raise grading.error
    return grading.result


def pytest_sessionfinish(session, exitstatus):
    if PROOF_CLASS and not PROOF_CLASS[0].is_alive():
        shutil.rmtree(PROOF_CLASS[0].folder, ignore_errors=True)


def start_lab(root, token, log_path, cwd, env_extra=None, attempts=3):
    """JupyterLab (as `make lab` starts it) on a free port, serving `root`; (server process, base URL).

    A port found free can be taken by another process before the server binds it (a grading kernel's,
    when the proof class grades beside this test): the server is told not to move to another port, and
    on a port that answers something else than HTTP, or a server that exits, it starts on a new one."""
    from ckptlab.lab import lab_command

    for attempt in range(1, attempts + 1):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cmd, env = lab_command(port, token, root=root)
        cmd.append("--ServerApp.port_retries=0")
        env.update(env_extra or {})
        log = open(log_path, "w")
        server = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        base, deadline = f"http://127.0.0.1:{port}", time.time() + 90
        while server.poll() is None and time.time() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
                return server, base
            except (http.client.HTTPException, ConnectionResetError):  # another program on that port
                break
            except OSError:
                time.sleep(1)
        server.kill()
        server.wait()
        assert attempt < attempts and time.time() < deadline, (
            f"JupyterLab did not start on {port} (attempt {attempt}):\n" + Path(log_path).read_text())
