"""One side of the trusted checks, run in a fresh Python process: `python -I -c <this file's text>`.

autograder/judge.py starts it (`python -I -c <text> <folders for sys.path>`) and writes a JSON job on
its stdin:
    {"scenario": [sources of autograder/scenarios/common.py and <lesson>.py], "setup": [set-up cells],
     "cells": [[grade_id, source], ...] (the learner's cells, as written), "side": "save" or "load",
     "cases": [[name, path, secret or null], ...], "out": a folder, "device": "cpu" or "cuda"}
It runs the set-up cells and then the learner's cells, as the notebook would, in a fresh `__main__`,
then for each case calls the scenario's function for this side and writes what it returns to
out/<name>.pt with torch.save. Before each case it writes out/<name>.started, so that the judge can
tell which case hung or killed the process. Nothing here is trusted: the learner's code runs in this
process and may change anything in it. The verdict is made in the grading process, from the files.
"""
import json
import linecache
import os
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
    exec(compile(code, filename, "exec"), namespace)  # noqa: S102 (running the learner's cell is the point)


def main():
    # Started with the folders of the course library as arguments (python -I ignores PYTHONPATH), it
    # imports what every job needs, then waits for its job: the judge starts a process early and
    # hands it its job when the job is ready.
    sys.path[:0] = sys.argv[1:]
    import torch  # noqa: F401 (imported before the learner's code, as the notebook's set-up does)

    import ckptlab  # noqa: F401
    try:
        import IPython.core.inputtransformer2  # noqa: F401
    except ImportError:
        pass
    job = json.loads(sys.stdin.read())
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
            ctx = types.SimpleNamespace(path=path, secret=secret, device=job["device"], ns=namespace, **case.args)
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
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip the interpreter's teardown (2 s once torch is loaded)


if __name__ == "__main__":
    main()
