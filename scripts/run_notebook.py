"""Run a notebook's code cells in order in one Python process, as a Jupyter kernel would, without Jupyter.

    python scripts/run_notebook.py NOTEBOOK...

For machines without Jupyter (the GPU check). Each cell is compiled under a file name of its own and
registered in linecache, as IPython does, so code that reads a function's source works. Lines starting
with % or ! (magics) are skipped. Prints each cell's label, time and output; at the first failing cell
prints the traceback and exits 1. NBGRADER_EXECUTION is left as the caller set it.
"""
import json
import linecache
import os
import sys
import time
import traceback
import types


def cells(path):
    with open(path) as f:
        nb = json.load(f)
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", f"cell {index + 1}")
        yield label, source


def run(path):
    path = os.path.abspath(path)
    os.environ.setdefault("MPLBACKEND", "Agg")
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    cwd = os.getcwd()
    os.chdir(os.path.dirname(os.path.abspath(path)))
    try:
        for number, (label, source) in enumerate(cells(path)):
            filename = f"<{os.path.basename(path)} cell {number}: {label}>"
            linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
            start = time.perf_counter()
            try:
                exec(compile(source, filename, "exec"), main.__dict__)
            except Exception:  # noqa: BLE001 (reported, then the run stops as a kernel's Run All would)
                traceback.print_exc()
                print(f"FAILED {os.path.basename(path)} / {label}", flush=True)
                return False
            print(f"ok {os.path.basename(path)} / {label} ({time.perf_counter() - start:.1f} s)", flush=True)
    finally:
        os.chdir(cwd)
    return True


if __name__ == "__main__":
    results = [run(path) for path in sys.argv[1:]]
    sys.exit(0 if all(results) else 1)
