"""The processes of the trusted checks and grading kernels: `python -I -c <this file's text> <sys.path folders>`.

autograder/forkserver.py starts this once per grading process, as a fork server: it imports what
every check and kernel needs first (torch, torch._dynamo, which torch loads on the first optimizer
step, IPython's cell transformer and kernel, matplotlib's pyplot, whose backend each process then
chooses as its own import would; about 4 s here), then forks one fresh process per side
of a check (a job) and per grading kernel (autograder/kernels.py), so that none pays those imports
again. It imports no course code: each process does, as a notebook's set-up cell does. It reads
requests, one JSON object per line, on stdin:
    {"id": n, "cwd": folder, "env": {...}, "log": file, "job": {...} or null, "kernel": [args] or null}
and answers on stdout, one JSON object per line: {"started": n, "pid": pid} when it forked the
process for request n, {"ended": pid, "status": exit status} when that process ended. It never runs
a job itself and exits when its stdin closes (the judge is gone).

Each forked process starts a session of its own (the judge kills its process group; the server kills
every group still running when its stdin closes, and the client when the server dies), moves to its folder and environment (a job's: the server's with HOME and TMPDIR in its
folder; a kernel's: the one jupyter_client made), writes its output to the log file, and becomes the
kernel or runs its job:
    {"scenario": [sources of autograder/scenarios/common.py and <lesson>.py], "setup": [set-up cells],
     "cells": [[grade_id, source], ...] (the learner's cells, as written), "side": "save" or "load",
     "cases": [[name, path, secret or null], ...], "out": a folder, "device": "cpu" or "cuda"}
It runs the set-up cells and then the learner's cells, as the notebook would, in a fresh `__main__`,
then for each case calls the scenario's function for this side and writes what it returns to
out/<name>.pt with torch.save. Before each case it writes out/<name>.started, so that the judge can
tell which case hung or killed the process; a case that asks the grading process to look at its
checkpoint now (ctx.peek, see Case.peek) writes out/<name>.peek-<label> and waits for
out/<name>.peeked-<label>. Nothing in a forked process is trusted: the learner's code
runs there and may change anything in it (not in the fork server, which only ever runs this file).
The verdict is made in the grading process, from the files.
"""
import json
import linecache
import os
import signal
import sys
import traceback
import types


def plain_problem(value, where="result"):
    """Why `value` is not plain data (exact built-in types and tensors), or None."""
    import collections

    import torch

    kind = type(value)
    if value is None or kind in (bool, int, float, str, torch.dtype, torch.device, torch.Size):
        return None
    if kind in (torch.Tensor, torch.nn.Parameter):
        return None
    if kind in (dict, collections.OrderedDict):
        for key, item in value.items():
            problem = plain_problem(key, f"{where} key") or plain_problem(item, f"{where}[{key!r}]")
            if problem:
                return problem
        return None
    if kind in (list, tuple):
        for i, item in enumerate(value):
            problem = plain_problem(item, f"{where}[{i}]")
            if problem:
                return problem
        return None
    return f"{where} is a {kind.__module__}.{kind.__qualname__}, not plain data"


def run_cell(source, name, namespace):
    """Execute one notebook cell's source in `namespace` as a kernel would: IPython syntax (magics,
    `!commands`) through an IPython shell, plain Python directly."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # a machine without Jupyter (the GPU check): plain Python cells run as they are
        code = source
    else:
        code = TransformerManager().transform_cell(source)
    if "get_ipython()" in code:
        from IPython.core.interactiveshell import InteractiveShell

        class Shell(InteractiveShell):
            def enable_gui(self, gui=None):
                pass  # %matplotlib and %gui: no event loop to join here, nothing is shown

        shell = Shell.instance(user_ns=namespace, user_module=sys.modules["__main__"])
        shell.run_cell(source, store_history=False, silent=True).raise_error()
        return
    filename = f"<{name}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    import ast
    import inspect

    compiled = compile(code, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    if compiled.co_flags & inspect.CO_COROUTINE:  # top-level `await`, which a kernel runs too
        import asyncio

        asyncio.run(eval(compiled, namespace))  # noqa: S307 (the learner's cell)
    else:
        exec(compiled, namespace)  # noqa: S102 (running the learner's cell is the point)


def ask_peek(out, name, label, limit=60):
    """Case.peek, on the check side: ask the grading process to look at this case's checkpoint now, and
    wait until it has (it reads files named <name>.peek-<label> in `out` and answers <name>.peeked-<label>).
    What it finds stays there; this side gets None."""
    import time

    label = "".join(c if c.isalnum() or c in "-_" else "_" for c in str(label))[:60]
    open(os.path.join(out, f"{name}.peek-{label}"), "w").close()
    deadline = time.monotonic() + limit
    while not os.path.exists(os.path.join(out, f"{name}.peeked-{label}")):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the grading process did not look at the checkpoint within {limit} s")
        time.sleep(0.002)


def run_job(job):
    """Run one side of the checks (see the top of this file), in a forked process."""
    import torch

    out = job["out"]
    for name, source in zip(("scenario_common", "scenario"), job["scenario"]):
        module = sys.modules[name] = types.ModuleType(name)
        exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102
    cases = sys.modules["scenario"].CASES
    save = torch.save  # taken before the learner's cells run, which may replace torch.save

    main_module = types.ModuleType("__main__")  # the notebook's namespace, as in a kernel
    sys.modules["__main__"] = main_module
    namespace = main_module.__dict__
    try:  # a kernel provides display() to every cell
        from IPython.display import display
    except ImportError:
        display = print
    namespace["display"] = display
    for i, source in enumerate(job["setup"]):
        run_cell(source, f"setup-{i}", namespace)
    cell_errors = {}  # as in the notebook, a cell that fails does not stop the next ones
    for grade_id, source in job["cells"]:
        try:
            run_cell(source, grade_id, namespace)
        except BaseException as err:  # noqa: BLE001 (any failure of the learner's cell is reported)
            cell_errors[grade_id] = f"running the cell {grade_id} raised {type(err).__name__}: {err}"[:500]
    for name, path, secret in job["cases"]:
        open(os.path.join(out, f"{name}.started"), "w").close()
        case = cases[name]
        failed = [why for gid, why in cell_errors.items() if gid.startswith(case.cells)]
        if failed:
            result = {"error": failed[0]}
        else:
            function = getattr(case, job["side"])
            ctx = types.SimpleNamespace(path=path, secret=secret, device=job["device"], ns=namespace, out=out, name=name,
                                        peek=lambda label, _name=name: ask_peek(out, _name, label), **case.args)
            try:
                result = {"data": function(ctx)}
            except BaseException as err:  # noqa: BLE001
                frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.startswith("<impl")]
                where = f" (in {frames[-1].name}, line {frames[-1].lineno})" if frames else ""
                result = {"error": f"{type(err).__name__}: {err}"[:500] + where}
            else:
                problem = plain_problem(result["data"])
                if problem:
                    result = {"error": f"the scenario got something that is not plain data: {problem}"}
        save(result, os.path.join(out, f"{name}.pt"))


def run_kernel(argv):
    """Become an IPython kernel, as `python -m ipykernel_launcher ARGV` started in this folder would:
    its sys.argv and sys.path (PYTHONPATH, then the interpreter's), then the kernel."""
    import ipykernel_launcher

    sys.argv = [ipykernel_launcher.__file__, *argv]
    extra = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:] = [*extra, *BASE_PATH]  # the launcher drops its folder; IPython adds '' for the notebook's
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def _become_job_process(request):
    """In a process just forked: its own session, its folder, environment and log; then the kernel or
    the job. Never returns."""
    status = 1
    try:
        os.setsid()
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.close(devnull)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.chdir(request["cwd"])
        if request.get("kernel"):  # the whole environment of the kernel, as jupyter_client made it
            os.environ.clear()
        os.environ.update(request["env"])
        for key, value in IMPORT_ENV.items():  # what the imports above set, as they would have here
            os.environ.setdefault(key, value)
        import tempfile

        tempfile.tempdir = None  # TMPDIR is read again
        if "matplotlib" in sys.modules:
            _matplotlib_backend(kernel=bool(request.get("kernel")))
        if "numpy" in sys.modules:  # forked processes would otherwise share numpy's random state
            sys.modules["numpy"].random.seed()
        if request.get("kernel"):
            run_kernel(request["kernel"])
        else:
            run_job(request["job"])
        status = 0
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:  # noqa: BLE001 (reported in the log, which the judge quotes)
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)  # skip the interpreter's teardown (2 s once torch is loaded)


def _matplotlib_backend(kernel):
    """matplotlib read MPLBACKEND when the server imported it: choose the backend as an import in this
    process would have (a kernel's: IPython's inline backend, which ipykernel sets before any cell)."""
    import matplotlib
    import matplotlib.rcsetup

    if kernel:
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    backend = os.environ.get("MPLBACKEND") or matplotlib.rcsetup._auto_backend_sentinel
    matplotlib.rcParams._set("backend", backend)  # not matplotlib.use(), which would load it now


def _say(message):
    os.write(1, (json.dumps(message) + "\n").encode())


def _stop(children):
    """Kill every process still running, and what it started (each leads its own process group)."""
    for pid in children:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


def serve():
    """Fork a process per request on stdin until stdin closes (the grading process ended or closed
    it), then kill what still runs; report when each process ends."""
    import select

    pending, children = b"", set()
    signal.signal(signal.SIGTERM, lambda *_: (_stop(children), os._exit(0)))
    while True:
        readable, _, _ = select.select([0], [], [], 0.05)
        if readable:
            chunk = os.read(0, 1 << 16)
            if not chunk:
                _stop(children)
                os._exit(0)
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    _become_job_process(request)
                children.add(pid)
                _say({"started": request["id"], "pid": pid})
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            children.discard(pid)
            _say({"ended": pid, "status": os.waitstatus_to_exitcode(status)})


BASE_PATH, IMPORT_ENV = [], {}


def main():
    # Started with the folders of the course library as arguments (python -I ignores PYTHONPATH), it
    # imports what every job needs, once, then forks a process per job.
    BASE_PATH[:] = sys.path
    sys.path[:0] = sys.argv[1:]
    before = dict(os.environ)
    # torch and what a first optimizer step imports, 3.5 s here; not the course library, whose import
    # sets torch's thread count: each process imports it itself, as the notebook's set-up cell does.
    import torch  # noqa: F401
    import torch._dynamo  # noqa: F401
    try:
        import IPython.core.inputtransformer2  # noqa: F401
        import IPython.display  # noqa: F401
        import ipykernel.kernelapp  # noqa: F401 (for the kernels: autograder/kernels.py)
    except ImportError:  # a machine without Jupyter (the GPU check): checks only
        pass
    try:  # every lesson's set-up cell imports pyplot (0.4 s a process); its backend is chosen per process
        import matplotlib.pyplot  # noqa: F401
    except ImportError:
        pass
    IMPORT_ENV.update({k: v for k, v in os.environ.items() if before.get(k) != v})
    import gc

    gc.freeze()  # what is imported now stays out of the children's collections: their pages stay shared
    _say({"ready": os.getpid()})
    serve()


if __name__ == "__main__":
    main()
