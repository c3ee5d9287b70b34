"""Time every code cell of the solution notebooks (their visible tests) as nbgrader runs them.

    python benchmarks/cell_times.py [--parallel N] [--repeat R] [--forked]

Each notebook runs in a fresh kernel with NBGRADER_EXECUTION=autograde, N copies at once (as
`make grade --jobs N` would), R times. Prints the slowest cells, each cell's median over the runs, and
the per-cell timeout this measurement supports (4 x the slowest median, at least 30 s), which is
what autograder/nbgrader_config.py sets.
"""
import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
MARGIN, FLOOR = 4, 30


def run_notebook(path, forked=False):
    """{cell label: seconds} for one execution of the notebook at `path` (with `forked`, in a kernel
    forked as grading forks it: autograder/kernels.py)."""
    nb = nbformat.read(path, as_version=4)
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    options = {}
    if forked:
        sys.path.insert(0, str(REPO / "autograder"))
        from kernels import GradingKernelManager

        options["kernel_manager_class"] = GradingKernelManager
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}}, **options)
    client.execute()
    times = {}
    for index, cell in enumerate(nb.cells):
        timing = cell.metadata.get("execution", {})
        if cell.cell_type != "code" or "shell.execute_reply" not in timing:
            continue
        start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
        label = cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {index}")
        times[f"{path.stem}/{label}"] = (end - start).total_seconds()
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parallel", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--forked", action="store_true", help="in kernels forked as grading forks them")
    parser.add_argument("--json", help="also write the medians here")
    args = parser.parse_args(argv)
    paths = sorted((REPO / "solutions").glob("*/*.ipynb")) * args.repeat
    runs = {}
    started = time.perf_counter()
    with ThreadPoolExecutor(args.parallel) as pool:
        for times in pool.map(lambda path: run_notebook(path, args.forked), paths):
            for label, seconds in times.items():
                runs.setdefault(label, []).append(seconds)
    medians = {label: statistics.median(values) for label, values in runs.items()}
    slowest = sorted(medians.items(), key=lambda item: -item[1])
    print(f"{len(paths)} notebook runs, {args.parallel} at once, {time.perf_counter() - started:.0f} s; "
          f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
    print("slowest cells (median s, min-max):")
    for label, median in slowest[:12]:
        print(f"  {label:45} {median:6.2f}  ({min(runs[label]):.2f}-{max(runs[label]):.2f})")
    timeout = max(FLOOR, MARGIN * slowest[0][1])
    print(f"per-cell timeout supported: {timeout:.0f} s ({MARGIN} x {slowest[0][1]:.2f} s, at least {FLOOR} s)")
    if args.json:
        Path(args.json).write_text(json.dumps({"parallel": args.parallel, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
