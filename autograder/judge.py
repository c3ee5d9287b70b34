"""The trusted checker: points are decided here, in the grading process, never in the learner's kernel.

nbgrader runs a submission's cells and the visible tests in one kernel; whatever the learner's code
does there (patching torch.equal, returning objects whose __eq__ always agrees, ...) can only change
what that kernel shows. So each grade cell also has trusted cases (autograder/scenarios/<lesson>.py),
played like a programming-contest judge plays a test:

1. The learner's answer cells, as written, run with the lesson's set-up cell in a fresh Python process
   (autograder/driver.py, forked by a fork server that imported torch once and runs no learner code:
   autograder/forkserver.py; its own working and temporary folders, a time limit, its process group
   killed afterwards). Its *save* side trains from a secret seed (drawn once per lesson by each
   grading process) and calls the learner's save function.
2. Only the checkpoint file moves on, to another fresh process in other folders, which is not told
   the seed: its *load* side builds fresh objects, calls the learner's load function, keeps training
   where that matters, and writes what it ends with (tensors, numbers) with torch.save.
3. This process reads those files with torch.load(weights_only=True) and compares them, bit for bit
   and with exact types, with what the same scenario gives with the reference solution, run here
   (once per lesson and grading process: the same seeds give the same reference data).

A case that fails adds a `CheckFailed` error to its grade cell (autograder/safeguards.py does that
for nbgrader), so nbgrader scores the cell 0 and the feedback says what differed. A case whose process
hangs or dies fails with that reason; the other cases run in a new process.

Use from the command line (no nbgrader needed):
    python autograder/judge.py LESSON [ANSWERS]   # ANSWERS: a notebook, or a .py file of answer cells
                                                  # (see course.read_answer_file); default: the reference
"""
import glob
import io
import os
import random
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import traceback
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by path
from course import _meta, _source, answer_cells, read_notebook, solution_code  # noqa: E402
from forkserver import fork  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "autograder" / "scenarios"
# Read now, before any learner code runs on this machine: the checker does not use files it could change.
COMMON = (SCENARIOS / "common.py").read_text()
# Seconds one case may run in a check process; the slowest honest case takes about 1 s here.
# CKPTLAB_CASE_TIMEOUT sets another (make test proves its hangs with a shorter one).
CASE_LIMIT = int(os.environ.get("CKPTLAB_CASE_TIMEOUT", "30"))
START_LIMIT = 90  # seconds a check process may take to start its cases: the set-up and the answer cells


# --- comparing, in this process ---------------------------------------------------------------------

def _label(path):
    """A path into the result as code would write it, e.g. optimizer['state'][0] (features.0.weight)."""
    if not path:
        return "the result"
    text = str(path[0]) + "".join(f"[{p!r}]" for p in path[1:])
    if len(path) > 2 and path[:2] == ("optimizer", "state") and isinstance(path[2], int):
        from ckptlab import SmallCNN

        names = [name for name, _ in SmallCNN().named_parameters()]  # the scenarios' optimizers follow this order
        text += f" ({names[path[2]]})" if path[2] < len(names) else ""
    return text


def _meaning(path):
    from ckptlab.checks import MEANINGS

    keys = [p for p in path if isinstance(p, str)]
    return f": {MEANINGS[keys[-1]]}" if keys and keys[-1] in MEANINGS else ""


def _short(value):
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


def _a(kind):
    name = kind.__name__
    return f"{'an' if name[0] in 'aeiouAEIOU' else 'a'} {name}"


def _found(got):
    """What was found instead of a tensor or a dict: text a scenario returned says why, so it is quoted."""
    return f"{_short(got)} ({_a(type(got))})" if type(got) is str else _a(type(got))


def difference(expected, got, path=()):
    """Where `got` first differs from `expected` (exact types, tensors bit for bit), or None.

    A tensor's device is not compared: a copy kept on the CPU is as good as one on the GPU. Cases
    where the device matters (loading with map_location) return the devices as data.
    """
    import collections

    import torch

    where = _label(path)
    if isinstance(expected, torch.Tensor):
        if type(got) not in (torch.Tensor, torch.nn.Parameter):
            return f"{where} is {_found(got)}, expected a tensor"
        if got.dtype != expected.dtype or got.shape != expected.shape:
            return (f"{where} is a {got.dtype} tensor of shape {tuple(got.shape)}, expected {expected.dtype} "
                    f"of shape {tuple(expected.shape)}{_meaning(path)}")
        a = expected.detach().cpu().contiguous().reshape(-1)
        b = got.detach().cpu().contiguous().reshape(-1)
        if not torch.equal(a.view(torch.uint8), b.view(torch.uint8)):
            same = (a.view(torch.uint8).reshape(a.numel(), -1) == b.view(torch.uint8).reshape(b.numel(), -1))
            count = int((~same.all(dim=1)).sum())
            return f"{where} differs in {count} of {a.numel()} values{_meaning(path)}"
        return None
    if type(expected) in (dict, collections.OrderedDict):
        if type(got) not in (dict, collections.OrderedDict):
            return f"{where} is {_found(got)}, expected a dict"
        missing = [k for k in expected if k not in got]
        if missing:
            return f"{_label(path + (missing[0],))} is missing{_meaning(path + (missing[0],))}"
        extra = [k for k in got if k not in expected]
        if extra:
            return f"{_label(path + (extra[0],))} is there, but should not be"
        for key in expected:
            found = difference(expected[key], got[key], path + (key,))
            if found:
                return found
        return None
    if type(expected) in (list, tuple):
        if type(got) is not type(expected):
            return f"{where} is {_a(type(got))}, expected {_a(type(expected))}"
        if len(got) != len(expected):
            return f"{where} has {len(got)} items, expected {len(expected)}"
        for i, (a, b) in enumerate(zip(expected, got)):
            found = difference(a, b, path + (i,))
            if found:
                return found
        return None
    if type(got) is not type(expected):
        return (f"{where} is {_short(got)} ({_a(type(got))}), expected {_short(expected)} "
                f"({_a(type(expected))}){_meaning(path)}")
    if got != expected and not (isinstance(got, float) and got != got and expected != expected):
        return f"{where} is {_short(got)}, expected {_short(expected)}{_meaning(path)}"
    return None


# --- running the scenarios -------------------------------------------------------------------------

def load_scenarios(lesson):
    """The lesson's scenario module, loaded in this process (and its source, for the drivers)."""
    source = (SCENARIOS / f"{lesson}.py").read_text()
    common = sys.modules["scenario_common"] = types.ModuleType("scenario_common")
    exec(compile(COMMON, "<scenario_common>", "exec"), common.__dict__)  # noqa: S102 (our own code)
    module = types.ModuleType(f"scenario_{lesson}")
    exec(compile(source, f"<scenario {lesson}>", "exec"), module.__dict__)  # noqa: S102
    return module, [COMMON, source]


# The most the grading process reads of one file that a submission's processes left (results, checkpoints).
MAX_READ = 256 * 2 ** 20


def read_left(path, follow=True):
    """The bytes of a regular file a submission left, read by this process; ValueError saying why not (a
    folder, a pipe, a device, a link when follow=False, or more than MAX_READ bytes), never a hang."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | (0 if follow else os.O_NOFOLLOW))
    except FileNotFoundError:
        raise
    except OSError as err:
        raise ValueError("it is a symbolic link" if not follow and os.path.islink(path) else
                         f"it could not be opened ({type(err).__name__})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("it is not a regular file")
        if st.st_size > MAX_READ:
            raise ValueError(f"it is larger than {MAX_READ // 2 ** 20} MB")
        chunks, left = [], st.st_size
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), st
    finally:
        os.close(fd)


def load_left(path, map_location="cpu"):
    """torch.load(weights_only=True) of a file a submission's process left (not through a link), read
    through read_left."""
    import torch

    data, _ = read_left(path, follow=False)
    return torch.load(io.BytesIO(data), map_location=map_location, weights_only=True)


def _inspect(case, path, secret):
    """case.inspect of what a submission left at `path`; what stopped it, as data, if it raised."""
    try:
        return case.inspect(path, secret, lambda p: read_left(p)[0])
    except Exception as err:  # noqa: BLE001 (whatever is there, the grading goes on)
        return f"what was left could not be read ({type(err).__name__}: {str(err)[:200]})"


def _peek(case, path):
    """case.peek of the checkpoint at `path` now; what stopped it, as data, if it raised."""
    try:
        return case.peek(path, lambda p: read_left(p)[0])
    except Exception as err:  # noqa: BLE001 (whatever is there, the grading goes on)
        return f"what was there could not be read ({type(err).__name__}: {str(err)[:200]})"


# The most looks (Case.peek) one case may ask for; the labels it gives are cut to 60 characters.
MAX_PEEKS = 20


def _case_path(folder, name, case):
    """Where a case's checkpoint goes: a file, or for a case with folder=True a folder (not created)."""
    return str(folder / (name if case.folder else f"{name}.ckpt"))


def _contents(path):
    """What is at `path`, to tell whether it changed: a file's bytes, or {relative path: bytes} of every
    entry below a folder (links, pipes and the like by their kind; None when nothing is there)."""
    def one(entry):
        try:
            return read_left(entry, follow=False)[0]
        except (ValueError, OSError) as err:
            st = os.lstat(entry)
            return f"{err} (mode {st.st_mode:o}, {st.st_size} bytes, modified {st.st_mtime_ns})"

    path = Path(path)
    if not os.path.lexists(path):
        return None
    if not path.is_dir() or path.is_symlink():
        return one(path)
    found = {}
    for top, dirs, files in os.walk(path):  # links to folders are not followed
        for name in sorted(dirs + files):
            entry = Path(top) / name
            found[str(entry.relative_to(path))] = None if entry.is_dir() and not entry.is_symlink() else one(entry)
        if len(found) > 10_000:
            found["..."] = "more than 10000 entries"
            break
    return found


# (lesson, device) -> (the secret seed of each case, what the reference solution gives with them). A
# grading process draws a lesson's seeds once and runs the reference with them once: the reference is
# deterministic, so later submissions are compared with the same data. Its checkpoints are gone
# before any load side runs, and the seeds never leave this process but into save sides.
_REFERENCES = {}


class Judge:
    """The trusted checks of one submission of one lesson."""

    def __init__(self, lesson, answers, source_nb=None):
        """`answers`: [(grade_id, source)] of the submission's answer cells, as written."""
        import ckptlab

        self.lesson, self.answers = lesson, list(answers)
        source_nb = source_nb or read_notebook(REPO / "solutions" / lesson / f"{lesson}.ipynb")
        self.setup = [_source(c) for c in source_nb["cells"]
                      if c["cell_type"] == "code" and _meta(c).get("grade_id", "").startswith("setup")]
        self.reference = [(gid, solution_code(src)) for gid, src in answer_cells(source_nb)]
        self.module, self.sources = load_scenarios(lesson)
        self.device = ckptlab.pick_device()
        self.details = {}  # case name -> why it failed (None when it passed)

    # The reference: the same scenarios with the reference solution, in this process.
    def _reference(self, folder, secrets):
        namespace = {"__name__": "__ckptlab_reference__"}
        for i, source in enumerate(self.setup):
            exec(compile(source, f"<reference setup {i}>", "exec"), namespace)  # noqa: S102 (the course's own code)
        # The set-up cell made a folder for the notebook's checkpoints: the reference uses its private one.
        # (tempfile.tempdir is left alone: other threads of this process make files with tempfile.)
        made = namespace.get("work")
        if isinstance(made, Path) and made.name.startswith("ckptlab-") and made != folder:
            shutil.rmtree(made, ignore_errors=True)
            namespace["work"] = folder
        for i, (_, source) in enumerate(self.reference):
            exec(compile(source, f"<reference {i}>", "exec"), namespace)  # noqa: S102 (the course's own code)
        results = {}
        for name, case in self.module.CASES.items():
            if case.watch:  # a save side that runs until it is killed: its checks need no reference
                continue
            path = _case_path(folder, name, case)
            row = {}
            for side in ("save", "load"):
                function = getattr(case, side)
                if function:
                    peek = (lambda label, _case=case, _path=path: _peek(_case, _path)) if case.peek else None
                    ctx = types.SimpleNamespace(path=path, secret=secrets[name] if side == "save" else None,
                                                device=self.device, ns=namespace, out=str(folder), name=name,
                                                peek=peek, **case.args)
                    row[side] = function(ctx)
            if case.inspect:
                row["inspect"] = _inspect(case, Path(path), secrets[name])
            results[name] = row
        return results

    def _driver(self, side, cases, folder):
        """Run `side` of `cases` [(name, path, secret)] in fresh processes forked by the fork server, each
        in its own folder under `folder` (its working, home and temporary folder); {name: {"data"} or
        {"error"}}. A process that hangs or dies fails the case it was running; the rest go to a new one."""
        results, pending, attempt = {}, list(cases), 0
        peeking = {name: path for name, path, _ in cases if self.module.CASES[name].peek}
        peeked = {name: {} for name in peeking}  # name -> {label: what this process found}
        while pending:
            attempt += 1
            name = f"{side}{attempt}"
            home, out = folder / name, folder / f"out-{name}"
            home.mkdir()
            out.mkdir()
            job = {"scenario": self.sources, "setup": self.setup, "cells": self.answers, "side": side,
                   "cases": pending, "out": str(out), "device": self.device}
            try:
                proc = fork(home, {"HOME": str(home), "TMPDIR": str(home)}, folder / f"{name}.log", job)
                server, proc.name = proc.server, name
            except RuntimeError as err:
                for case, *_ in pending:
                    results[case] = {"error": f"it could not be run: {err}"}
                break
            started, t0, stalled = {}, time.monotonic(), None
            while proc.poll() is None:
                self._answer_peeks(out, peeking, peeked)
                now = time.monotonic()
                for name, *_ in pending:
                    if name not in started and (out / f"{name}.started").exists():
                        started[name] = now
                running = [n for n in started if not (out / f"{n}.pt").exists()]
                if running and now - started[running[-1]] > CASE_LIMIT:
                    stalled = (running[-1], f"did not finish within {CASE_LIMIT} s (does a function loop forever?)")
                elif not started and now - t0 > START_LIMIT:
                    stalled = (None, f"the checks did not start within {START_LIMIT} s (do the answer cells "
                                     "run something that never ends?)")
                if stalled:
                    break
                time.sleep(0.05)
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the driver and anything it started
            except ProcessLookupError:
                pass
            proc.wait()
            for name, *_ in pending:  # cases it started after the last look, just before it ended
                if name not in started and (out / f"{name}.started").exists():
                    started[name] = time.monotonic()
            for name, *_ in pending:
                file = out / f"{name}.pt"
                if file.exists() and name not in results:
                    try:
                        results[name] = load_left(file, "cpu" if self.device == "cpu" else None)
                    except Exception as err:  # noqa: BLE001 (an unreadable result fails its case)
                        results[name] = {"error": f"its result could not be read ({type(err).__name__})"}
            remaining = [c for c in pending if c[0] not in results]
            if not remaining:
                break
            if server.lost():  # the fork server died or stopped while this ran: no retrying code that does that
                for name, *_ in remaining:
                    results[name] = {"error": "the process the checks are started from was killed or stopped while "
                                              "this ran (does the code signal its parent process?)"}
                break
            tail = (folder / f"{proc.name}.log").read_text(errors="replace").strip().splitlines()[-3:]
            tail = " | ".join(tail)[-400:]
            if stalled and stalled[0]:
                results[stalled[0]] = {"error": stalled[1]}
            elif stalled:
                for name, *_ in remaining:
                    results[name] = {"error": stalled[1]}
            else:
                running = [n for n in started if n not in results]
                why = (f"the process running it ended (exit status {proc.returncode}) before it finished"
                       f"{': ' + tail if tail else ''}")
                if running:
                    results[running[-1]] = {"error": why}
                else:  # nothing started: the set-up or the answer cells ended the process
                    for name, *_ in remaining:
                        results[name] = {"error": why}
            pending = [c for c in pending if c[0] not in results]
            proc = None
        for name in peeking:  # what this process found replaces whatever the side reported in its place
            if isinstance(results.get(name, {}).get("data"), dict):
                results[name]["data"][sys.modules["scenario_common"].PEEKED] = peeked[name]
        return results

    def _answer_peeks(self, out, peeking, peeked):
        """Look at the checkpoints whose check processes asked for it (Case.peek), then let them go on."""
        for name, path in peeking.items():
            for request in sorted(out.glob(f"{glob.escape(name)}.peek-*")):
                label = request.name.split(".peek-", 1)[1]
                answer = out / f"{name}.peeked-{label}"
                if answer.exists():
                    continue
                if label not in peeked[name] and len(peeked[name]) < MAX_PEEKS:
                    peeked[name][label] = _peek(self.module.CASES[name], path)
                answer.touch()

    def _watch(self, name, case, secret, path, folder):
        """The checks of a case whose save side runs until it is killed: `case.kills` times, a new process
        starts it (with its temporary folder on another file system where there is one: a file written
        there cannot be renamed into the checkpoint's folder); this process reads the watched file at
        moments of its own while the save side keeps writing, then kills the process group with SIGKILL
        at a random moment and reads the file once more. Every read must find a regular file that loads
        (torch.load, weights_only=True) and satisfies case.watch. The file must also be replaced, not
        rewritten: once its content changed, it must have changed to a new file (another inode). Why it
        failed, or None."""
        import torch

        file, rng = Path(path) / case.watch_file, random.SystemRandom()

        def read(moment):
            try:
                data, st = read_left(file, follow=False)
            except FileNotFoundError:
                return None, None, f"{moment}, there was no file at the path"
            except ValueError as err:
                return None, None, f"{moment}, the path was no file to load: {err}"
            try:
                obj = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
            except Exception as err:  # noqa: BLE001 (a file that does not load is the failure)
                return None, None, f"{moment}, the file did not load ({type(err).__name__}, {len(data):,} bytes)"
            try:
                index, why = case.watch(secret, obj)
            except Exception as err:  # noqa: BLE001
                index, why = None, f"something the check could not read ({type(err).__name__})"
            return index, st.st_ino, (f"{moment}, the file held {why}" if why else None)

        elsewhere = None
        if os.path.isdir("/dev/shm") and os.stat("/dev/shm").st_dev != os.stat(folder).st_dev:
            elsewhere = tempfile.mkdtemp(prefix="ckptlab-watch-", dir="/dev/shm")
        try:
            for trial in range(1, case.kills + 1):
                home, out = folder / f"watch{trial}", folder / f"out-watch{trial}"
                home.mkdir()
                out.mkdir()
                job = {"scenario": self.sources, "setup": self.setup, "cells": self.answers, "side": "save",
                       "cases": [(name, path, secret)], "out": str(out), "device": self.device}
                try:
                    proc = fork(home, {"HOME": str(home), "TMPDIR": elsewhere or str(home)},
                                folder / f"watch{trial}.log", job)
                except RuntimeError as err:
                    return f"it could not be run: {err}"
                why = self._watch_once(proc, name, out, read, rng)
                if why:
                    return why
                _, _, why = read(f"after a SIGKILL at a random moment (kill {trial} of {case.kills})")
                if why:
                    return why
            return None
        finally:
            if elsewhere:
                shutil.rmtree(elsewhere, ignore_errors=True)

    def _watch_once(self, proc, name, out, read, rng):
        """One run of a watched save side: read until the file was replaced (or 12 writes landed in one
        file), then SIGKILL the process; why it failed, or None."""
        t0, ready = time.monotonic(), out / f"{name}.ready"
        try:
            while not ready.exists():
                if proc.poll() is not None or time.monotonic() - t0 > START_LIMIT + CASE_LIMIT:
                    try:
                        return str(load_left(out / f"{name}.pt")["error"])[:500]
                    except Exception:  # noqa: BLE001 (no result, or not the driver's)
                        return "the process ended or stalled before its first save returned"
                time.sleep(0.01)
            writes, inodes, t1 = set(), set(), time.monotonic()
            while len(inodes) < 2 and len(writes) < 12:
                if proc.poll() is not None:
                    return "the process writing the file ended by itself"
                if time.monotonic() - t1 > CASE_LIMIT:
                    return (f"in {CASE_LIMIT} s, the file was not replaced 12 times (does atomic_save write the "
                            "file at all?)")
                index, inode, why = read("at a moment while the process was overwriting it")
                if why:
                    return why
                writes.add(index)
                inodes.add(inode)
                time.sleep(rng.uniform(0, 0.004))
            if len(inodes) < 2:
                return (f"{len(writes)} writes landed in one and the same file (inode): atomic_save wrote into "
                        "the file instead of replacing it with a new one")
            time.sleep(rng.uniform(0, 0.004))
            return None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()

    def run(self):
        """{grade_id: [why each failed case failed]} for every grade cell that has cases."""
        import torch

        cases = self.module.CASES
        root = Path(tempfile.mkdtemp(prefix="ckptlab-judge-"))
        try:
            saving = [(n, c) for n, c in cases.items() if c.save and not c.watch]
            a_root, b_root = Path(tempfile.mkdtemp(dir=root)), Path(tempfile.mkdtemp(dir=root))
            a_files, b_files = a_root / "checkpoints", b_root / "checkpoints"
            a_files.mkdir()
            b_files.mkdir()
            secrets, reference = _REFERENCES.get((self.lesson, self.device), (None, None))
            first = reference is None  # the first submission of this lesson: the reference runs beside its save side
            if first:
                secrets = {name: random.SystemRandom().randrange(1, 2 ** 31) for name in cases}
                reference, ref_error = {}, []
                private = Path(tempfile.mkdtemp(prefix="ckptlab-reference-"))  # elsewhere, gone before loading

                def compute():
                    try:
                        reference.update(self._reference(private, secrets))
                    except Exception:  # noqa: BLE001
                        ref_error.append(traceback.format_exc())

                worker = threading.Thread(target=compute)
                worker.start()
            saved = self._driver("save", [(n, _case_path(a_files, n, c), secrets[n]) for n, c in saving], a_root)
            failures, hashes = {}, {}
            for name, case in cases.items():
                if case.watch:
                    why = self._watch(name, case, secrets[name], _case_path(a_files, name, case), a_root)
                    if why:
                        failures[name] = why
            if first:
                worker.join()
                shutil.rmtree(private, ignore_errors=True)  # the load side must not find the reference's files
                if ref_error:
                    raise RuntimeError("the reference solution failed its own scenarios:\n" + ref_error[0])
                _REFERENCES[(self.lesson, self.device)] = secrets, reference
            for name, case in cases.items():
                if case.watch:
                    continue
                got = saved.get(name)
                if got is not None and "error" in got:
                    failures[name] = got["error"]
                    continue
                if got is not None and "save" in reference[name]:
                    found = difference(reference[name]["save"], got.get("data"))
                    if found:
                        failures[name] = f"{found.split(' ')[0]} is not right" if case.secret_answer else found
                        continue
                file = Path(_case_path(a_files, name, case))
                if case.load or case.weights_only_file:
                    if not file.exists():
                        failures[name] = "the save side wrote no file at the path it was given"
                        continue
                if case.weights_only_file:
                    try:
                        torch.load(file, map_location="cpu", weights_only=True)
                    except Exception as err:  # noqa: BLE001
                        reason = next((line.strip() for line in str(err).splitlines() if "Unsupported global" in line),
                                      type(err).__name__)
                        failures[name] = f"the file does not load with torch.load(weights_only=True): {reason}"
                        continue
                if case.inspect and not case.load:
                    found = difference(reference[name]["inspect"], _inspect(case, file, secrets[name]))
                    if found:
                        failures[name] = found
                        continue
                if case.load:
                    shutil.move(str(file), b_files / file.name)
                    hashes[name] = _contents(b_files / file.name)
            shutil.rmtree(a_root)  # the load side gets the checkpoint files and nothing else
            load_jobs = [(n, _case_path(b_files, n, c), None) for n, c in cases.items()
                         if c.load and n not in failures]
            loaded = self._driver("load", load_jobs, b_root) if load_jobs else {}
            for name, path, _ in load_jobs:
                got = loaded[name]
                if "error" in got:
                    failures[name] = got["error"]
                    continue
                found = difference(reference[name]["load"], got.get("data"))
                if not found and cases[name].inspect:
                    found = difference(reference[name]["inspect"], _inspect(cases[name], Path(path), secrets[name]))
                if found:
                    failures[name] = found
                elif cases[name].unchanged_by_load and _contents(path) != hashes[name]:
                    failures[name] = ("the checkpoint folder changed, though the load side should only read it"
                                      if cases[name].folder else
                                      "the checkpoint file changed, though the run was already finished")
        finally:
            shutil.rmtree(root, ignore_errors=True)
        verdict = {}
        for name, case in cases.items():
            self.details[name] = failures.get(name)
            verdict.setdefault(case.grade_id, [])
            if name in failures:
                verdict[case.grade_id].append(f"{case.title}: {failures[name]}")
        return verdict


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="Run a lesson's trusted checks on answers, without nbgrader.")
    parser.add_argument("lesson")
    parser.add_argument("answers", nargs="?", help="a notebook or a .py file of answer cells (default: reference)")
    args = parser.parse_args(argv)
    os.environ.setdefault("CKPTLAB_QUIET", "1")  # no progress bars from the reference run
    source_nb = read_notebook(REPO / "solutions" / args.lesson / f"{args.lesson}.ipynb")
    if args.answers is None:
        answers = [(gid, solution_code(src)) for gid, src in answer_cells(source_nb)]
    elif args.answers.endswith(".ipynb"):
        answers = answer_cells(read_notebook(args.answers))
    else:
        from course import make_submission, read_answer_file

        answers = answer_cells(make_submission(args.lesson, read_answer_file(args.answers)))
    judge = Judge(args.lesson, answers, source_nb)
    start = time.perf_counter()
    verdict = judge.run()
    for name, case in judge.module.CASES.items():
        why = judge.details[name]
        print(f"{case.grade_id:<24} {name:<20} {'ok' if why is None else 'FAILED: ' + why}")
    if judge.device != "cuda":
        print("CUDA check skipped: GPU<->CPU checkpoints of this lesson (no CUDA here)")
    print(f"{sum(not v for v in verdict.values())}/{len(verdict)} grade cells pass "
          f"({time.perf_counter() - start:.1f} s)")
    return 0 if all(not v for v in verdict.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
