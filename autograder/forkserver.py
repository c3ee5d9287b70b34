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
ANSWER_LIMIT = 15  # seconds it may take once it has imported torch (it answers in milliseconds)
TMP = tempfile.gettempdir()  # read now: the server's folder goes here, whatever tempfile.tempdir is later


class ForkServer:
    """autograder/driver.py, running: fork(...) starts a process for a job or a kernel and returns a Child,
    status(number) tells when the process of request `number` ended."""

    def __init__(self):
        self.home = Path(tempfile.mkdtemp(prefix="ckptlab-forkserver-", dir=TMP))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home), "TMPDIR": str(self.home),
               "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "NBGRADER_EXECUTION": "autograde", "CKPTLAB_THREADS": "1"}
        for key in ("CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH"):
            if key in os.environ:
                env[key] = os.environ[key]
        path = [str(REPO / "src")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        self.log = self.home / "forkserver.log"
        with open(self.log, "w") as log:
            # A session of its own: stopping the grading process's group (make grade's limit) closes its
            # stdin, and it then kills what it started before it exits.
            self.proc = subprocess.Popen([sys.executable, "-I", "-c", DRIVER, *path], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=log, cwd=self.home, env=env,
                                         start_new_session=True)
        self.changed = threading.Condition()
        # By request number (a pid is reused once its process has ended: this machine has 32768 of them).
        # Only answers to requests sent and not yet answered count: learner code can write to the
        # server's stdout (/proc/<pid>/fd/1), so anything else on it is ignored.
        self.pids, self.ended, self.running, self.waiting = {}, {}, {}, set()
        self.requests, self.ready, self.gone = 0, False, False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                message = json.loads(line)
                kind = next(iter(message)) if isinstance(message, dict) and message else None
            except ValueError:
                continue
            with self.changed:
                if kind == "ready":
                    self.ready = True
                elif kind == "started" and message["started"] in self.waiting and type(message.get("pid")) is int:
                    self.waiting.discard(message["started"])
                    self.pids[message["started"]] = message["pid"]
                    self.running[message["pid"]] = message["started"]
                elif kind == "ended" and message["ended"] in self.running:
                    self.ended[self.running.pop(message["ended"])] = message.get("status")
                self.changed.notify_all()
        self.proc.wait()
        with self.changed:
            self.gone = True
            orphans = list(self.running)
            self.changed.notify_all()
        for pid in orphans:  # it was killed (learner code can kill its parent): stop what it left running
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass

    def fork(self, cwd, env, log, job=None, kernel=None):
        """Start a process for `job` (one side of the checks), or an IPython kernel with the arguments
        `kernel` (then `env` is its whole environment, else what differs from the server's); a Child.
        Raises RuntimeError if the server cannot start it."""
        with self.changed:
            self.requests += 1
            number = self.requests
            self.waiting.add(number)
            request = {"id": number, "cwd": str(cwd), "env": env, "log": str(log), "job": job, "kernel": kernel}
            try:
                self.proc.stdin.write(json.dumps(request).encode() + b"\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass
            # Once it has imported torch, a fork takes milliseconds: one that does not come is a server
            # that was stopped (SIGSTOP) or broken, which is killed, so that the next one is a new server.
            deadline = time.monotonic() + (ANSWER_LIMIT if self.ready else START_LIMIT)
            while number not in self.pids and not self.lost() and time.monotonic() < deadline:
                self.changed.wait(0.5)
            self.waiting.discard(number)
            if number not in self.pids:
                tail = self.log.read_text(errors="replace").strip().splitlines()[-3:]
                gone = self.gone
                self.proc.kill()
                raise RuntimeError("the checks' fork server " + ("ended" if gone else "did not answer")
                                   + (": " + " | ".join(tail) if tail else ""))
            return Child(self, number, self.pids[number], "kernel" if kernel else "job")

    def status(self, number):
        """The exit status of the process of request `number`, or None while it runs (once the server
        is gone, its processes count as killed: _read kills what it left)."""
        with self.changed:
            if number in self.ended:
                return self.ended[number]
            # a stopped server reports nothing more: its processes count as lost, and are killed
            return -signal.SIGKILL if self.lost() else None

    def lost(self):
        """Whether the server ended or was stopped (SIGSTOP): either way it will not answer again."""
        return self.gone or _stopped(self.proc.pid)

    def wait(self, number, timeout=10):
        with self.changed:
            self.changed.wait_for(lambda: number in self.ended or self.gone, timeout)
        return self.status(number)

    def close(self):
        """Stop the server and every process it started."""
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()  # it kills what it started, then exits
                self.proc.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.home, ignore_errors=True)


_SERVER, _SERVER_LOCK = None, threading.Lock()


def _stopped(pid):
    """Whether process `pid` is stopped (SIGSTOP) or traced: its state in /proc (Linux)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("T", "t")
    except (OSError, IndexError):
        return False


def fork_server():
    """This process's fork server, started (again) if it is not running or was stopped."""
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is not None and _SERVER.proc.poll() is None and _stopped(_SERVER.proc.pid):
            _SERVER.proc.kill()  # what it started is killed when its reader sees it gone
            _SERVER.proc.wait()
        if _SERVER is None or _SERVER.gone or _SERVER.proc.poll() is not None:
            if _SERVER is not None:
                _SERVER.close()
            _SERVER = ForkServer()
            atexit.register(_SERVER.close)
        return _SERVER


def fork(cwd, env, log, job=None, kernel=None):
    """ForkServer.fork on this process's server; if that server does not answer or ended, once more
    on a new one (a submission may have stopped or broken the server it was graded with)."""
    try:
        return fork_server().fork(cwd, env, log, job, kernel)
    except RuntimeError:
        return fork_server().fork(cwd, env, log, job, kernel)


class Child:
    """A process the fork server started, with the parts of subprocess.Popen that the judge and
    jupyter_client use (it is the leader of its own process group)."""

    stdin = stdout = stderr = None

    def __init__(self, server, number, pid, name):
        self.server, self.number, self.pid, self.name, self.returncode = server, number, pid, name, None

    def poll(self):
        self.returncode = self.server.status(self.number)
        return self.returncode

    def wait(self, timeout=None):
        self.returncode = self.server.wait(self.number, 10 if timeout is None else timeout)
        return self.returncode

    def send_signal(self, signum):
        if self.poll() is None:  # not once it ended: its pid may belong to another process by now
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def kill(self):
        self.send_signal(signal.SIGKILL)

    def terminate(self):
        self.send_signal(signal.SIGTERM)
