"""The client side of the trusted checks' fork server (autograder/driver.py).

The server imports torch once and forks a fresh process for each side of each check, and for each
grading kernel (autograder/kernels.py), so that none pays that import (3.5 s here) again. One server
per grading process: started when first needed, started again if it died (learner code can kill its
parent), ended with this process.
"""
import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Read now, before any learner code runs on this machine: the checker does not use files it could change.
DRIVER = (REPO / "autograder" / "driver.py").read_text()
START_LIMIT = 90  # seconds the server may take to start a process (the first time: importing torch)


class ForkServer:
    """autograder/driver.py, running: fork(...) starts a process for a job, status(pid) tells when it ended."""

    def __init__(self):
        self.home = Path(tempfile.mkdtemp(prefix="ckptlab-forkserver-"))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home), "TMPDIR": str(self.home),
               "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "NBGRADER_EXECUTION": "autograde", "CKPTLAB_THREADS": "1"}
        for key in ("CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH"):
            if key in os.environ:
                env[key] = os.environ[key]
        path = [str(REPO / "src")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        self.log = self.home / "forkserver.log"
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen([sys.executable, "-I", "-c", DRIVER, *path], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=log, cwd=self.home, env=env)
        self.changed = threading.Condition()
        self.started, self.ended, self.requests, self.gone = {}, {}, 0, False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            message = json.loads(line)
            with self.changed:
                if "started" in message:
                    self.started[message["started"]] = message["pid"]
                elif "ended" in message:
                    self.ended[message["ended"]] = message["status"]
                self.changed.notify_all()
        self.proc.wait()
        with self.changed:
            self.gone = True  # its processes died with it (see driver.py)
            self.changed.notify_all()

    def fork(self, cwd, env, log, job=None, kernel=None):
        """Start a process for `job` (one side of the checks), or an IPython kernel with the arguments
        `kernel` (then `env` is its whole environment, else what differs from the server's); its pid.
        Raises RuntimeError if the server cannot start it."""
        with self.changed:
            self.requests += 1
            number = self.requests
            request = {"id": number, "cwd": str(cwd), "env": env, "log": str(log), "job": job, "kernel": kernel}
            try:
                self.proc.stdin.write(json.dumps(request).encode() + b"\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass
            deadline = time.monotonic() + START_LIMIT
            while number not in self.started and not self.gone and time.monotonic() < deadline:
                self.changed.wait(0.5)
            if number not in self.started:
                tail = self.log.read_text(errors="replace").strip().splitlines()[-3:]
                raise RuntimeError("the checks' fork server " + ("ended" if self.gone else "did not answer")
                                   + (": " + " | ".join(tail) if tail else ""))
            return self.started[number]

    def status(self, pid):
        """The exit status of a process it started, or None while it runs."""
        with self.changed:
            if pid in self.ended:
                return self.ended[pid]
            return -signal.SIGKILL if self.gone else None

    def wait(self, pid, timeout=10):
        with self.changed:
            self.changed.wait_for(lambda: pid in self.ended or self.gone, timeout)
        return self.status(pid)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.home, ignore_errors=True)


_SERVER, _SERVER_LOCK = None, threading.Lock()


def fork_server():
    """This process's fork server, started (again) if it is not running."""
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is None or _SERVER.gone or _SERVER.proc.poll() is not None:
            if _SERVER is not None:
                _SERVER.close()
            _SERVER = ForkServer()
            atexit.register(_SERVER.close)
        return _SERVER


class Child:
    """A process the fork server started, with the parts of subprocess.Popen that the judge and
    jupyter_client use (it is the leader of its own process group)."""

    stdin = stdout = stderr = None

    def __init__(self, server, pid, name):
        self.server, self.pid, self.name, self.returncode = server, pid, name, None

    def poll(self):
        self.returncode = self.server.status(self.pid)
        return self.returncode

    def wait(self, timeout=None):
        self.returncode = self.server.wait(self.pid, 10 if timeout is None else timeout)
        return self.returncode

    def send_signal(self, signum):
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)
