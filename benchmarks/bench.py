"""How fast the course runs and what checkpointing costs: `make bench`.

    python benchmarks/bench.py [--repeat 5] [--rows 1,2,3,4,5,6,7] [--tiny]

Each measurement runs once as a warm-up and then `--repeat` times; results.md reports the median and
the min-max of those runs, results.json every sample. Rows:

1. executing each solution notebook (its visible tests) in a fresh kernel and in a forked one (as
   grading runs it), and the whole course
2. autograding one submission per lesson as `make grade` does (a long-lived worker: autograde with
   the trusted checks + feedback)
3. the lesson's training work as a plain script vs in a notebook kernel
4. SmallCNN training with 1 thread, torch's default, and the course's setting
5. checkpoint cost: the reference save/load of lessons 03 and 04 vs bare torch.save/torch.load
6. whole-class grading, 20 submissions serial vs parallel: too slow for this budget, so it is
   measured by `make bench-class` (benchmarks/grading_speedup.py) into class_grading.json, and this
   report quotes that file.
7. lesson 06's launches: starting 2 processes in a process group, forked (ckptlab.run_ranks) and as
   torchrun starts them, against the lesson's training in them
"""
import argparse
import ast
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
HERE = REPO / "benchmarks"
sys.path.insert(0, str(REPO / "autograder"))
import course  # noqa: E402
import grade  # noqa: E402
import kernels  # noqa: E402
import workers  # noqa: E402

GOALS = {"notebook_s": 30, "course_s": 120, "autograde_ratio": 1.5, "checkpoint_time_ratio": 1.2,
         "checkpoint_size_ratio": 1.05}


def stats(samples):
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "samples": samples}


def measure(work, repeat):
    """Run `work()` (it returns seconds) once to warm up, then `repeat` times; the timed samples."""
    work()
    return [work() for _ in range(repeat)]


# --- rows 1 and 2: executing and autograding the notebooks --------------------------------------------

def execute_notebook(path, forked=False):
    """Wall seconds to execute the notebook at `path` in a fresh kernel (a learner's Restart and Run
    All), or with `forked` in a kernel forked as grading forks it (autograder/kernels.py), with
    nbgrader's per-cell timeout and kernel shutdown, NBGRADER_EXECUTION set, in the notebook's folder."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    options = {"kernel_manager_class": kernels.GradingKernelManager} if forked else {}
    start = time.perf_counter()
    NotebookClient(nb, timeout=45, shutdown_kernel="immediate", kernel_name="python3",
                   resources={"metadata": {"path": str(Path(path).parent)}}, **options).execute(
        env=dict(os.environ, NBGRADER_EXECUTION="autograde"))
    return time.perf_counter() - start


def grading_folder(tmp, students, lessons=None):
    """A `make grade` folder with the reference answers of `lessons` (default: all) for each of
    `students`, assignments generated and students added, as grade.grade prepares it."""
    from nbgrader.api import Gradebook

    lessons = lessons or course.lessons()
    submitted = Path(tmp, "submitted")
    for lid in lessons:
        notebook = course.make_submission(lid)
        for student in students:
            course.write_submission(submitted, student, lid, notebook)
    workdir = grade.prepare_workdir(submitted, Path(tmp, "grading"))
    for lid in lessons:  # nbgrader's gradebook takes one writer at a time
        grade.run_nbgrader(workdir, "generate_assignment", lid, "--force")
    with Gradebook(f"sqlite:///{workdir / 'gradebook.db'}", course_id=workers.COURSE_ID) as gb:
        for student in students:
            gb.update_or_create_student(student)
    return workdir


class Lane:
    """One `make grade` worker, kept across submissions as `make grade` keeps it."""

    def __init__(self, workdir, number):
        self.workdir, self.worker = workdir, workers.Worker(workdir, number)

    def autograde(self, student, lesson):
        """{"worker": wall seconds from handing the submission to the worker to its grades and feedback
        on disk, "autograde"/"feedback": the seconds of those two steps inside it}."""
        start = time.perf_counter()
        self.worker.give(student, lesson, workers.job_folder(self.workdir, student, lesson))
        while (outcome := self.worker.outcome(limit=600)) is None:
            time.sleep(0.02)
        self.worker.job = None
        elapsed = time.perf_counter() - start
        if "error" in outcome:
            raise RuntimeError(f"autograding the reference of {lesson} failed: {outcome['error']}")
        return {"worker": elapsed, **outcome["steps"]}


def rows_1_2(repeat, tmp, lanes, warm=False, lessons=None):
    """Execution and autograding of every lesson, `lanes` at a time (as `make grade` runs one worker
    per core): each run's items (execute, then autograde, lesson by lesson) go to the next free lane.
    Each lane's worker grades every lesson once first, untimed (a worker's start-up is paid once per
    class); unless `warm` (rows 3-5 ran just before, loading the same modules), lesson 01 is executed
    once first too."""
    import queue
    from concurrent.futures import ThreadPoolExecutor

    notebooks = {lid: course.SOLUTIONS / lid / f"{lid}.ipynb" for lid in lessons or course.lessons()}
    workdir = grading_folder(tmp, [f"warmup{n}" for n in range(lanes)] + [f"run{i}" for i in range(repeat)],
                             list(notebooks))
    first = course.lessons()[0]
    free = queue.Queue()
    for n in range(lanes):
        free.put(Lane(workdir, n + 1))

    first_runs = []  # a fresh worker's first submissions: its start-up and its fork server's

    def warm_up(n):
        lane = free.get()
        try:
            first_runs.append({lid: lane.autograde(f"warmup{n}", lid)["worker"] for lid in notebooks})
        finally:
            free.put(lane)

    with ThreadPoolExecutor(lanes) as pool:
        list(pool.map(warm_up, range(lanes)))
        execute_notebook(notebooks[first], forked=True)  # starts this process's fork server
        if not warm:  # disk caches of torch and Jupyter
            execute_notebook(notebooks[first])
    kinds = ("execute", "forked", "autograde")
    items = [(i, lid, kind) for i in range(repeat) for lid in notebooks for kind in kinds]

    def run(item):
        i, lid, kind = item
        if kind != "autograde":
            return execute_notebook(notebooks[lid], forked=kind == "forked")
        lane = free.get()
        try:
            return lane.autograde(f"run{i}", lid)
        finally:
            free.put(lane)

    execute, forked, autograde = ({lid: [] for lid in notebooks} for _ in kinds)
    try:
        with ThreadPoolExecutor(lanes) as pool:
            for (i, lid, kind), result in zip(items, pool.map(run, items)):
                {"execute": execute, "forked": forked, "autograde": autograde}[kind][lid].append(result)
                if lid == list(notebooks)[-1] and kind == "autograde":
                    print(f"  rows 1-2, run {i + 1}/{repeat}: " + ", ".join(
                        f"{lesson[:2]} {execute[lesson][-1]:.1f}/{autograde[lesson][-1]['autograde']:.1f} s"
                        for lesson in notebooks), flush=True)
    finally:
        while not free.empty():
            free.get().worker.close()
    out = {"lanes": lanes, "execute": {}, "forked": {}, "autograde": {}, "worker": {}, "feedback": {}, "ratio": {},
           "first_worker_course": stats([sum(run.values()) for run in first_runs])}
    for lid in notebooks:
        out["execute"][lid] = stats(execute[lid])
        out["forked"][lid] = stats(forked[lid])
        for part in ("autograde", "worker", "feedback"):
            out[part][lid] = stats([sample[part] for sample in autograde[lid]])
        out["ratio"][lid] = out["autograde"][lid]["median"] / out["execute"][lid]["median"]
    for part, samples in (("execute", execute), ("forked", forked), ("autograde", None), ("worker", None)):
        per_run = [sum((samples[lid][i] if samples else autograde[lid][i][part]) for lid in notebooks)
                   for i in range(repeat)]
        out[f"course_{part}"] = stats(per_run)
    return out




# --- rows 3 and 4: training as a script vs in a notebook; threads -------------------------------------

TRAINER = """\
import sys, time
import torch
DEFAULT = torch.get_num_threads()  # torch's own default, before ckptlab sets the course's
from ckptlab import make_run, set_threads, train_one_epoch
COURSE = set_threads()


def training(threads, epochs, progress):
    # lesson 04's run: make_run (SmallCNN, Adam, cosine schedule, 384 augmented digits), then epochs
    torch.set_num_threads(threads)
    model, optimizer, scheduler, loader = make_run("cpu")
    start = time.perf_counter()
    for epoch in range(epochs):
        train_one_epoch(model, optimizer, loader, "cpu", progress=progress)
        scheduler.step()
    return time.perf_counter() - start
"""

SERVE = """
print(DEFAULT, COURSE, flush=True)
for line in sys.stdin:  # one training per line: threads epochs progress; answers its seconds
    threads, epochs, progress = map(int, line.split())
    print(training(threads, epochs, bool(progress)), flush=True)
"""


class Trainer:
    """A Python process that imports the course once, then trains on request (see TRAINER)."""

    def __init__(self, tmp, env):
        script = Path(tmp, "trainer.py")
        script.write_text(TRAINER + SERVE)
        self.proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, env=env)

    def ready(self):
        self.default, self.course = map(int, self.proc.stdout.readline().split())
        return self

    def send(self, threads, epochs, progress):
        self.proc.stdin.write(f"{threads} {epochs} {int(progress)}\n")
        self.proc.stdin.flush()

    def result(self):
        return float(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


class KernelTrainer:
    """A Jupyter kernel (as a notebook runs) that imports the course once, then trains on request."""

    def __init__(self, tmp, env):
        from jupyter_client.manager import start_new_kernel

        self.km, self.kc = start_new_kernel(kernel_name="python3", cwd=tmp, env=env)

    def run(self, code):
        out = []

        def hook(msg):
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise RuntimeError("\n".join(msg["content"]["traceback"]))
        self.kc.execute_interactive(code, timeout=600, output_hook=hook)
        return "".join(out)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def rows_3_4(repeat, tmp):
    """Row 3: lesson 04's 6-epoch run with progress bars as a learner sees them, in a plain Python
    process vs in a Jupyter kernel, alternating sample by sample. Row 4: 3 epochs under each thread
    setting, alone, and in two processes at once (each pair of runs started together, as `make grade`
    runs one notebook per core), settings interleaved. Every process imports once and warms up first."""
    env = {k: v for k, v in os.environ.items() if k not in ("NBGRADER_EXECUTION", "CKPTLAB_QUIET", "CKPTLAB_THREADS")}
    lanes = [Trainer(tmp, env), Trainer(tmp, env)]
    kernel = KernelTrainer(tmp, env)
    kernel.run(TRAINER)
    lane_a = lanes[0].ready()
    lanes[1].ready()
    course, default = lane_a.course, lane_a.default

    def on(trainers, threads, epochs, progress=False):
        for trainer in trainers:
            trainer.send(threads, epochs, progress)
        return [trainer.result() for trainer in trainers]

    # row 3
    call = f"print(training({course}, 6, True))"
    on([lane_a], course, 6, True), kernel.run(call)  # warm-up
    script, notebook = [], []
    for _ in range(repeat):
        script += on([lane_a], course, 6, True)
        notebook.append(float(kernel.run(call)))
    kernel.close()
    row3 = {"script": stats(script), "notebook": stats(notebook),
            "ratio": statistics.median(notebook) / statistics.median(script)}
    # row 4
    settings = {"1 thread": 1, f"torch's default ({default})": default}
    if course not in settings.values():  # else it is one of those two, measured once
        settings[f"the course's ({course})"] = course
    row4 = {"course": course, "default": default}
    for name, trainers in (("alone", [lane_a]), ("two at once", lanes)):
        for threads in settings.values():  # warm-up
            on(trainers, threads, 3)
        samples = {setting: [] for setting in settings}
        for _ in range(repeat if len(trainers) == 1 else -(-repeat // 2)):  # pairs give two samples a run
            for setting, threads in settings.items():
                samples[setting] += on(trainers, threads, 3)
        one = statistics.median(samples["1 thread"])
        row4[name] = {setting: dict(stats(s), ratio_to_1=statistics.median(s) / one) for setting, s in samples.items()}
    for trainer in lanes:
        trainer.close()
    return row3, row4


# --- row 5: checkpoint cost ----------------------------------------------------------------------------

def solution_namespace(lesson):
    """The reference answers of `lesson` (its impl_ cells) defined in a fresh namespace; their
    source is in ns["SOURCE"]."""
    import random

    import numpy as np
    import torch

    ns = {"os": os, "random": random, "np": np, "torch": torch}
    notebook = nbformat.read(course.SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4)
    ns["SOURCE"] = "\n\n".join(course.solution_code(cell.source) for cell in notebook.cells
                                if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("impl_"))
    exec(compile(ns["SOURCE"], f"<{lesson}>", "exec"), ns)
    return ns


def fit_save_and_load(ns):
    """Lesson 04's reference saves and loads inside fit(); take those statements out of its source:
    the epoch loop's statements after `scheduler.step()`, and the body of `if os.path.exists(ckpt_path):`."""
    tree = next(n for n in ast.parse(ns["SOURCE"]).body if isinstance(n, ast.FunctionDef) and n.name == "fit")
    loop = next(n for n in ast.walk(tree) if isinstance(n, ast.For))
    first = 1 + max(i for i, n in enumerate(loop.body) if "scheduler.step()" in ast.unparse(n))
    load = next(n for n in ast.walk(tree) if isinstance(n, ast.If) and "exists" in ast.unparse(n.test))
    save_code = compile(ast.Module(loop.body[first:], []), "<04 save>", "exec")
    load_code = compile(ast.Module(load.body, []), "<04 load>", "exec")

    def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
        exec(save_code, ns, {"ckpt_path": path, "model": model, "optimizer": optimizer,
                             "scheduler": scheduler, "epoch": epochs_done - 1})

    def load_checkpoint(path, model, optimizer, scheduler):
        exec(load_code, ns, {"ckpt_path": path, "model": model, "optimizer": optimizer,
                             "scheduler": scheduler, "device": "cpu"})
    return save_checkpoint, load_checkpoint


def atomic(save, durable=False):
    """`save(path)` made atomic: write a temporary file beside `path`, then rename it onto `path`;
    durable=True also flushes it to the disk (fsync) before the rename."""
    def atomic_save(path):
        tmp = f"{path}.partial"
        save(tmp)
        if durable:
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    return atomic_save


def tensors_in(obj, found):
    """Every tensor in a nested checkpoint object (dicts, lists, tuples), each storage once."""
    import torch

    if isinstance(obj, torch.Tensor):
        found.setdefault(obj.untyped_storage().data_ptr(), obj)
    elif isinstance(obj, dict):
        for value in obj.values():
            tensors_in(value, found)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            tensors_in(value, found)
    return list(found.values())


def training_state(model_name):
    """A model trained one step with Adam and a cosine schedule: every optimizer buffer exists."""
    import torch

    from ckptlab import SmallCNN
    torch.manual_seed(0)
    if model_name == "SmallCNN":
        model, x = SmallCNN(), torch.randn(32, 1, 8, 8)
    else:
        import torchvision
        model, x = torchvision.models.resnet18(weights=None), torch.randn(2, 3, 64, 64)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)
    model(x).sum().backward()
    optimizer.step()
    scheduler.step()
    return model, optimizer, scheduler


def time_calls(call, seconds=0.25):
    """Mean seconds per call of `call()`, repeated for about `seconds` (at least once)."""
    count, start = 0, time.perf_counter()
    while count < 1 or time.perf_counter() - start < seconds:
        call()
        count += 1
    return (time.perf_counter() - start) / count


def row_5(repeat, tmp, models=("SmallCNN", "resnet18")):
    import torch

    ns03, ns04 = solution_namespace("03_best_weights"), solution_namespace("04_exact_resume")
    save04, load04 = fit_save_and_load(ns04)
    hparams = {"lr": 1e-3, "batch_size": 64, "optimizer": "Adam", "schedule": {"T_max": 10}}
    results = {}
    for model_name in models:
        model, optimizer, scheduler = training_state(model_name)
        best = ns03["snapshot_weights"](model)
        saves = {  # name: (save(path), load(path))
            "03_best_weights": (
                lambda p: ns03["save_checkpoint"](p, model, optimizer, scheduler, 1, 0.5, best, hparams),
                lambda p: ns03["load_checkpoint"](p, model, optimizer, scheduler)),
            "04_exact_resume": (
                lambda p: save04(p, model, optimizer, scheduler, 1),
                lambda p: load04(p, model, optimizer, scheduler)),
        }
        for lesson, (save, load) in saves.items():
            path, bare_path = Path(tmp, f"{lesson}.pt"), Path(tmp, f"{lesson}-bare.pt")
            save(path)
            tensors = tensors_in(torch.load(path, weights_only=True), {})
            tensor_bytes = sum(t.numel() * t.element_size() for t in tensors)
            clones = [t.clone() for t in tensors]

            def bare_save(p=bare_path):
                torch.save(clones, p)
            runs = {"save": lambda: save(path), "bare save": bare_save,
                    "bare save, atomic": lambda: atomic(bare_save)(bare_path),
                    "bare save, atomic and fsync": lambda: atomic(bare_save, durable=True)(bare_path),
                    "load": lambda: load(path), "read": lambda: torch.load(path, weights_only=True),
                    "bare load": lambda: torch.load(bare_path, weights_only=True)}
            samples = {name: [] for name in runs}
            for name, call in runs.items():  # warm-up
                time_calls(call, 0.05)
            for _ in range(repeat):
                for name, call in runs.items():
                    samples[name].append(time_calls(call))
            med = {name: statistics.median(s) for name, s in samples.items()}
            bare_save()
            results[f"{lesson}/{model_name}"] = {
                "times": {name: stats(s) for name, s in samples.items()},
                "ratios": {name: med[name] / med["bare load" if name in ("load", "read") else "bare save"]
                           for name in runs},
                "tensors": len(tensors), "tensor_bytes": tensor_bytes, "file_bytes": path.stat().st_size,
                "bare_file_bytes": bare_path.stat().st_size, "size_ratio": path.stat().st_size / tensor_bytes,
                "model_bytes": sum(t.numel() * t.element_size() for t in model.state_dict().values()),
            }
            print(f"  row 5 {lesson}/{model_name}: save {med['save'] * 1e3:.2f} ms vs bare "
                  f"{med['bare save'] * 1e3:.2f} ms, load {med['load'] * 1e3:.2f} vs {med['bare load'] * 1e3:.2f} ms, "
                  f"size {path.stat().st_size / tensor_bytes:.3f}x", flush=True)
    return results


# --- row 6: quoted from make bench-class ----------------------------------------------------------------

def row_6():
    path = HERE / "class_grading.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    serial, parallel = statistics.median(data["serial_s"]), statistics.median(data["parallel_s"])
    return dict(data, serial=stats(data["serial_s"]), parallel=stats(data["parallel_s"]),
                speedup=serial / parallel)


# --- row 7: what a launch of lesson 06's processes costs ---------------------------------------------------

# Run in a fresh Python process per sample (PYTHONPATH=src): prints one JSON object of seconds.
TORCHRUN_RANK = """
import os, sys, time, datetime
t0 = time.perf_counter()
import torch, torch.distributed as dist
t1 = time.perf_counter()
dist.init_process_group("gloo", init_method=f"file://{sys.argv[1]}", rank=int(sys.argv[2]), world_size=2,
                        timeout=datetime.timedelta(seconds=60))
dist.barrier()
t2 = time.perf_counter()
dist.destroy_process_group()
print(t1 - t0, t2 - t1)
"""

LAUNCHES = """
import json, sys, time
t0 = time.perf_counter()
import torch
t1 = time.perf_counter()
import ckptlab
from ckptlab import make_ddp_run, run_ranks, train_one_epoch
t2 = time.perf_counter()
repeat = int(sys.argv[1])


def nothing(rank):
    return None


def lesson_run(rank):
    start = time.perf_counter()
    model, optimizer, sampler, loader = make_ddp_run()
    built = time.perf_counter()
    for epoch in range(3):
        sampler.set_epoch(epoch)
        train_one_epoch(model, optimizer, loader, "cpu", progress=False)
    return built - start, time.perf_counter() - built


t3 = time.perf_counter()
run_ranks(nothing)
first = time.perf_counter() - t3
out = {"import_torch": t1 - t0, "import_ckptlab": t2 - t1, "first_launch": first, "launch": [], "whole": [],
       "make_ddp_run": [], "training": []}
run_ranks(lesson_run)  # warm-up
for _ in range(repeat):
    t = time.perf_counter()
    run_ranks(nothing)
    out["launch"].append(time.perf_counter() - t)
    t = time.perf_counter()
    ranks = run_ranks(lesson_run)
    out["whole"].append(time.perf_counter() - t)
    out["make_ddp_run"].append(max(r[0] for r in ranks))
    out["training"].append(max(r[1] for r in ranks))
print(json.dumps(out))
"""


def row_7(repeat, tmp):
    """Lesson 06's launches: what starting ranks costs, fork-based (run_ranks) and as torchrun starts them."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), CKPTLAB_QUIET="1")
    torchrun, imports = [], []
    for i in range(repeat + 1):  # 2 new processes as torchrun starts them: python, import torch, a gloo group
        store = Path(tmp) / f"store{i}"
        t = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", TORCHRUN_RANK, str(store), str(rank)], env=env,
                                  stdout=subprocess.PIPE, text=True) for rank in range(2)]
        outs = [p.communicate(timeout=300)[0] for p in procs]
        wall = time.perf_counter() - t
        if i:  # the first is the warm-up
            torchrun.append(wall)
            imports.append(max(float(o.split()[0]) for o in outs))
    runs = []
    for _ in range(2 if repeat > 1 else 1):
        done = subprocess.run([sys.executable, "-c", LAUNCHES, str(repeat)], env=env, capture_output=True, text=True,
                              timeout=600)
        if done.returncode:
            raise RuntimeError(f"row 7's launches failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    last = runs[-1]  # the first process is the warm-up of the imports from disk
    return {"torchrun_style": stats(torchrun), "import_torch": stats(imports),
            "first_launch": stats([r["first_launch"] for r in runs]),
            "launch": stats(last["launch"]), "whole": stats(last["whole"]),
            "make_ddp_run": stats(last["make_ddp_run"]), "training": stats(last["training"])}


def row_7_lines(r):
    overhead = r["whole"]["median"] - r["training"]["median"]
    return ["## 7. Launching lesson 06's processes", "",
            "Lesson 06 runs every experiment and check on 2 processes joined in a gloo process group. "
            "`ckptlab.run_ranks` forks them from the notebook's process, which imported torch (and, on its first "
            "launch, torch._dynamo and torch.distributed.checkpoint, which DistributedDataParallel and the "
            "checkpoints need); `torchrun` or `torch.multiprocessing.spawn` start new Python processes that import "
            "torch themselves. A launch runs the lesson's 3 epochs on 512 digits (8 steps of 32 per rank and epoch). "
            "The launches were measured in a fresh Python process, after one warm-up launch of the lesson's run.", "",
            "| what | time |", "|---|---|",
            f"| 2 new processes as torchrun starts them: Python, `import torch`, a gloo group, a barrier | "
            f"{fmt(r['torchrun_style'])} |",
            f"| of which `import torch` in each | {fmt(r['import_torch'])} |",
            f"| first `run_ranks` in a process (imports torch._dynamo and torch.distributed.checkpoint once) | "
            f"{fmt(r['first_launch'])} |",
            f"| `run_ranks` of a function that does nothing: fork 2, a gloo group, results back | "
            f"{fmt(r['launch'], 'ms', 1000, 0)} |",
            f"| `make_ddp_run` in a rank: the digits, SmallCNN, the DDP wrapper | {fmt(r['make_ddp_run'], 'ms', 1000, 0)} |",
            f"| the lesson's training in a rank: 3 epochs | {fmt(r['training'], 's', 1, 2)} |",
            f"| a whole launch of the lesson's run (`run_ranks`, `make_ddp_run`, 3 epochs) | {fmt(r['whole'], 's', 1, 2)} |",
            "",
            f"Reading it: a launch adds {overhead:.2f} s to {r['training']['median']:.2f} s of training "
            f"({overhead / r['training']['median']:.1f}x the training); starting the processes as torchrun does "
            f"would cost {r['torchrun_style']['median']:.1f} s per launch instead of {1000 * r['launch']['median']:.0f} ms, "
            "most of it `import torch`. The solution notebook launches 28 times.", ""]


# --- report --------------------------------------------------------------------------------------------

def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import torch
    packages = {name: version(name) for name in ("torch", "torchvision", "nbgrader", "nbclient", "ipykernel",
                                                 "jupyterlab", "matplotlib", "numpy")}
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1), "gpu": torch.cuda.is_available(),
            "os": platform.platform(), "python": platform.python_version(), "packages": packages,
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def fmt(s, unit="s", scale=1.0, digits=1):
    return (f"{s['median'] * scale:.{digits}f} {unit} ({s['min'] * scale:.{digits}f}-{s['max'] * scale:.{digits}f})")


def verdict(ok):
    return "yes" if ok else "**no**"


def report(results):
    """results.md: every row's table, what it measured, and the goals."""
    return "\n".join(report_lines(results)) + f"\n`make bench` took {results['bench_s'] / 60:.1f} min.\n"


def _span(values, fmt_one):
    low, high = min(values), max(values)
    return fmt_one(low) if fmt_one(low) == fmt_one(high) else f"{fmt_one(low)}-{fmt_one(high)}"


def row_5_reading(rows):
    """Row 5's reading, every figure taken from the measurements."""
    small = {n: r for n, r in rows.items() if n.endswith("/SmallCNN")}
    big = {n: r for n, r in rows.items() if not n.endswith("/SmallCNN")}
    pct = lambda x: f"{100 * x:.1f} %"  # noqa: E731
    spread = max((t["max"] - t["min"]) / t["median"] for r in small.values() for t in r["times"].values())
    fsync = [r["ratios"]["bare save, atomic and fsync"] for r in rows.values()]
    atomic = [r["ratios"]["bare save, atomic"] for r in rows.values()]
    record = [(r["bare_file_bytes"] - r["tensor_bytes"]) / r["tensors"] for r in rows.values()]
    text = (f"Reading it. Time: a SmallCNN checkpoint takes a few ms, where the samples of one measurement span up "
            f"to {pct(spread)} of their median here, so small ratios are within the noise")
    if big:
        mb = [r["file_bytes"] / 1e6 for r in big.values()]
        text += f"; {', '.join(n.split('/')[1] for n in list(big)[:1])} writes {_span(mb, lambda x: f'{x:.0f}')} MB, whose cost depends on the disk's write-back"
    text += (". Loading costs more than a bare `torch.load` because it also copies every tensor into the live model "
             "and rebuilds the optimizer's state (`load_state_dict`), which resuming needs (`assign=True` would skip "
             "the copy, but the optimizer would keep stepping the old parameters); the read ratio is the file's "
             f"`torch.load` alone. Writing atomically (rename) measured {_span(atomic, lambda x: f'{x:.2f}x')} of a bare "
             "save, so lesson 04's reference `fit` does it and the lesson teaches it; with `fsync` (surviving a "
             f"power cut, not just a crash) it measured {_span(fsync, lambda x: f'{x:.2f}x')} here, where the disk's "
             "cache decides what a flush costs, so it is left as an option. Size: `torch.save` stores each tensor as its own zip record, "
             f"{_span(record, lambda x: f'{x:.0f}')} bytes each here with alignment")
    if small:
        bare = [r["bare_file_bytes"] / r["tensor_bytes"] - 1 for r in small.values()]
        extra = [(r["file_bytes"] - r["bare_file_bytes"]) / r["tensor_bytes"] for r in small.values()]
        kb = [(r["file_bytes"] - r["tensor_bytes"]) / 1e3 for r in small.values()]
        text += (f"; SmallCNN's {_span([r['tensors'] for r in small.values()], str)} small tensors make that "
                 f"{_span(bare, pct)} even for a bare list, and the reference's keys and RNG state add "
                 f"{_span(extra, pct)}")
    if big:
        text += f"; for {list(big)[0].split('/')[1]} it is {_span([r['size_ratio'] - 1 for r in big.values()], pct)}"
    if small:
        text += (". Meeting 1.05x for a small model would take packing all tensors into one buffer, which "
                 f"`state_dict`/`load_state_dict` do not do: {_span(kb, lambda x: f'{x:.0f}')} KB is not worth it")
    return text + (". Best weights double the model's share of the file (lesson 03), by design: they are a second, "
                   "independent copy.")


def report_lines(results):
    m = results["machine"]
    out = [
        "# Benchmarks", "",
        f"Measured by `make bench` on {m['date']}: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
        f"{'a GPU' if m['gpu'] else 'no GPU'}; {m['os']}; Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + ".",
        f"Every number is the median of {results['repeat']} runs after a warm-up, with the min-max in "
        "brackets; every sample is in results.json. Reproduce with `make bench` (or "
        "`.venv/bin/python benchmarks/bench.py --repeat N --rows 1,2,...`); row 6 with `make bench-class`.", ""]
    if "rows_1_2" in results:
        r = results["rows_1_2"]
        n = len(r["execute"])
        out += ["## 1-2. Executing and autograding the lessons", "",
                "Execution: the solution notebook (its visible tests) in a fresh kernel, as a learner's Restart "
                "and Run All does, with nbgrader's per-cell timeout and kernel shutdown and "
                "`NBGRADER_EXECUTION=autograde`, timed from kernel start to kernel stop; and the same in a kernel "
                "forked as grading forks it (autograder/kernels.py: its process comes from a fork server that "
                "imported torch and torch._dynamo already). Autograding: one reference submission handed to a "
                "`make grade` worker that has graded every lesson once already (a worker grades one submission "
                "after another, so its start-up and its fork server's are paid once per class, not per "
                "submission): nbgrader's autograde step, with the trusted checks (the goal's measure), and the "
                "submission from hand-over to grades and feedback on disk. "
                f"{r['lanes']} at a time, as `make grade` runs one worker per core here; that "
                "costs each a few percent over running alone (row 4 shows how much for training). The warm-up is "
                "rows 3-5, run just before, which load the same modules (run alone, these rows execute lesson 01 once "
                "first). Goals: a notebook "
                f"under {GOALS['notebook_s']} s, the course under {GOALS['course_s']} s, autograding within "
                f"{GOALS['autograde_ratio']}x of execution.", "",
                f"| lesson | execution | under 30 s | autograde step | ratio | within {GOALS['autograde_ratio']}x "
                "| execution, forked kernel | in a worker | of which feedback |", "|---|---|---|---|---|---|---|---|---|"]
        for lid in r["execute"]:
            ex = r["execute"][lid]
            out.append(f"| {lid} | {fmt(ex)} | {verdict(ex['median'] < GOALS['notebook_s'])} "
                       f"| {fmt(r['autograde'][lid])} | {r['ratio'][lid]:.2f}x "
                       f"| {verdict(r['ratio'][lid] <= GOALS['autograde_ratio'])} | {fmt(r['forked'][lid])} "
                       f"| {fmt(r['worker'][lid])} | {fmt(r['feedback'][lid])} |")
        course, ag, wk, fk = r["course_execute"], r["course_autograde"], r["course_worker"], r["course_forked"]
        out += [f"| whole course | {fmt(course)} | {verdict(course['median'] < GOALS['course_s'])} (under 2 min) "
                f"| {fmt(ag)} | {ag['median'] / course['median']:.2f}x "
                f"| {verdict(ag['median'] / course['median'] <= GOALS['autograde_ratio'])} | {fmt(fk)} | {fmt(wk)} | |",
                "",
                f"Reading it: a forked kernel runs the {'course' if n > 1 else 'lesson'} in {fmt(fk)} against "
                f"{fmt(course)} for a fresh one: the imports it skips. The autograde step runs the notebook in such "
                "a kernel without its demonstrations (cells tagged demo: no check reads them), with the trusted "
                f"checks beside it, and nbgrader's own work: {ag['median'] - fk['median']:+.1f} s against the "
                "forked execution here. "
                + (f"A fresh worker pays its start-up once: its first {f'{n} submissions' if n > 1 else 'submission'} "
                   f"took {fmt(r['first_worker_course'])} in all, against {fmt(wk)} later on. "
                   if "first_worker_course" in r else "")
                + "Each submission's checks run its answer cells in two fresh processes (save, then load) forked "
                "by the same fork server, and the reference solution in the grading process. "
                + ("Two workers on two cores share the CPU, so the checks' CPU time shows in full. "
                   if r["lanes"] > 1 else "")
                + "Already cut because of this table: "
                "forked kernels and check processes, and long-lived workers (each kernel, check process and "
                "submission's worker used to import torch and torch._dynamo; the fork server imports pyplot "
                "too), the reference run once per lesson and worker, demonstrations not run while grading, "
                "the course's imports (no "
                "torchvision or matplotlib at import), kernels stopped at once after their last cell (a graceful "
                "stop tears down torch's modules) and grading processes that skip importing jsonschema's "
                "rfc3987_syntax.", ""]
    if "row_3" in results:
        r = results["row_3"]
        out += ["## 3. Training as a script vs in a notebook", "",
                "Lesson 04's uninterrupted run (`make_run`, then 6 epochs of SmallCNN on 384 augmented digits, Adam, "
                "cosine schedule, progress bars shown as a learner sees them, the course's thread setting), timed "
                "inside a plain Python process and inside a Jupyter kernel, as a notebook cell runs it. Both import "
                "the course once and warm up; then their samples alternate.", "",
                "| where | training | ratio |", "|---|---|---|",
                f"| plain Python | {fmt(r['script'], digits=2)} | 1.00x |",
                f"| Jupyter kernel | {fmt(r['notebook'], digits=2)} | {r['ratio']:.2f}x |", "",
                "Reading it: the kernel adds little to the training itself (its progress bars are widgets). What a "
                "notebook pays is start-up: importing torch, and torch._dynamo on the first optimizer step, in every "
                "fresh kernel, as a script does (grading forks its kernels to skip them: rows 1-2).", ""]
    if "row_4" in results:
        r = results["row_4"]
        out += ["## 4. Threads", "",
                "3 epochs of SmallCNN on 384 digits (Adam) per sample, the settings interleaved: in one process "
                "alone, and in two processes training at once (as `make grade` runs one notebook per core; each "
                "pair of runs starts together, both processes' samples pooled).", "",
                "| torch threads | alone | ratio to 1 thread | two at once | ratio to 1 thread |",
                "|---|---|---|---|---|"]
        for name, s in r["alone"].items():
            t = r["two at once"][name]
            out.append(f"| {name} | {fmt(s, digits=2)} | {s['ratio_to_1']:.2f}x | {fmt(t, digits=2)} "
                       f"| {t['ratio_to_1']:.2f}x |")
        out += ["", f"The course's setting (`ckptlab.train.DEFAULT_THREADS`, or `CKPTLAB_THREADS` when set) is "
                f"{r['course']} thread(s), measured in the row above that has that count. Reading it: alone, the "
                "default is a little faster; with a second training running it is several times slower, its threads "
                "waiting for a busy core. Grading runs one notebook per core and a laptop is rarely idle, so the "
                "course uses 1 thread.", ""]
    if "row_5" in results:
        out += ["## 5. Checkpoint cost", "",
                "The reference answers' save and load (lesson 03: `save_checkpoint`/`load_checkpoint`; lesson 04: the "
                "statements inside `fit` that save after an epoch, atomically, and that resume, restoring every RNG "
                "too) vs bare `torch.save` of a list of the same tensors and `torch.load(weights_only=True)` of it. "
                "Load includes `load_state_dict` into the live objects; read is the reference file's `torch.load` "
                "alone. Atomic: the bare save to a temporary file, then `os.replace`; with fsync: flushed to the disk "
                "before the rename. Training state after one Adam step; the files on the local disk. Each sample is "
                "the mean of repeated calls for about 0.25 s (one call for resnet18). Goals: within 1.2x of bare time, 1.05x of tensor bytes.",
                "", "| lesson / model | save | bare save | save ratio | atomic | atomic + fsync | load | read "
                "| bare load | load ratio | read ratio |", "|---|---|---|---|---|---|---|---|---|---|---|"]
        for name, r in results["row_5"].items():
            t, q = r["times"], r["ratios"]
            out.append(
                f"| {name} | {fmt(t['save'], 'ms', 1e3, 2)} | {fmt(t['bare save'], 'ms', 1e3, 2)} | {q['save']:.2f}x "
                f"| {q['bare save, atomic']:.2f}x | {q['bare save, atomic and fsync']:.2f}x "
                f"| {fmt(t['load'], 'ms', 1e3, 2)} | {fmt(t['read'], 'ms', 1e3, 2)} | {fmt(t['bare load'], 'ms', 1e3, 2)} "
                f"| {q['load']:.2f}x | {q['read']:.2f}x |")
        out += ["", "| lesson / model | file bytes | tensor bytes (tensors) | size ratio | bare file's ratio |",
                "|---|---|---|---|---|"]
        for name, r in results["row_5"].items():
            out.append(f"| {name} | {r['file_bytes']:,} | {r['tensor_bytes']:,} ({r['tensors']}) "
                       f"| {r['size_ratio']:.3f}x | {r['bare_file_bytes'] / r['tensor_bytes']:.3f}x |")
        out += ["", "Lesson 03's checkpoint holds the model twice (latest and best weights), so its tensor bytes "
                "include a second copy of the model: " + ", ".join(
                    f"{name.split('/')[1]} {r['model_bytes']:,} bytes" for name, r in results["row_5"].items()
                    if name.startswith("03")) + ".", "",
                row_5_reading(results["row_5"]), ""]
    r = results.get("row_6")
    out += ["## 6. Whole-class grading", ""]
    if r:
        out += [f"{r['submissions']} submissions (per lesson the reference, two alternatives, two mutants), "
                f"`make grade` serially (`--jobs 1`) and in parallel (`--jobs {r['jobs']}`) on {r['cores']} cores, "
                f"{len(r['serial_s'])} runs each, alternating, after a warm-up. Measured by `make bench-class` "
                f"({r.get('date', 'date not recorded')}), not by `make bench`: one serial and one parallel run take "
                f"{(r['serial']['median'] + r['parallel']['median']) / 60:.0f} minutes here.", "",
                "| grading | wall time | per submission |", "|---|---|---|",
                f"| serial | {fmt(r['serial'])} | {r['serial']['median'] / r['submissions']:.1f} s |",
                f"| parallel | {fmt(r['parallel'])} | {r['parallel']['median'] / r['submissions']:.1f} s |",
                f"| speed-up | {r['speedup']:.2f}x | |", "",
                f"Reading it: one worker already keeps {r['cores']} cores busy (its kernel, its checks' processes and "
                f"the reference run side by side), so {r['jobs']} workers add {100 * (r['speedup'] - 1):.0f} % to "
                "what one grades.", ""]
    else:
        out += ["Not measured yet: run `make bench-class`.", ""]
    if "row_7" in results:
        out += row_7_lines(results["row_7"])
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", default="1,2,3,4,5,6,7", help="which rows to measure (1 and 2, 3 and 4 go together)")
    parser.add_argument("--lanes", type=int, default=min(2, os.cpu_count() or 1),
                        help="rows 1-2: notebooks run at once (default: 2, or 1 on one core)")
    parser.add_argument("--out", default=str(HERE / "results"), help="writes OUT.md and OUT.json")
    parser.add_argument("--tiny", action="store_true",
                        help="the smallest run that still goes through every row's code (tests use it): rows 1-2 "
                             "on the first lesson, one at a time; row 5 on SmallCNN only")
    parser.add_argument("--report", action="store_true",
                        help="measure nothing: rewrite OUT.md from OUT.json, quoting class_grading.json anew")
    args = parser.parse_args(argv)
    if args.report:
        if not Path(args.out + ".json").is_file():
            raise SystemExit(f"{args.out}.json does not exist: run make bench first (it measures and writes both files)")
        results = json.loads(Path(args.out + ".json").read_text())
        results["row_6"] = row_6()
        Path(args.out + ".json").write_text(json.dumps(results, indent=1) + "\n")
        Path(args.out + ".md").write_text(report(results))
        print(f"wrote {args.out}.md")
        return
    rows = set(args.rows.split(","))
    results = {"repeat": args.repeat, "machine": machine()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ckptlab-bench-") as tmp:
        tiny = {"lessons": course.lessons()[:1], "models": ("SmallCNN",), "lanes": 1} if args.tiny else {}
        for key, wanted, run in (("rows_3_4", "34", rows_3_4),
                                 ("row_7", "7", row_7),
                                 ("row_5", "5", lambda repeat, tmp: row_5(repeat, tmp, **(
                                     {"models": tiny["models"]} if tiny else {}))),
                                 ("rows_1_2", "12", lambda repeat, tmp: rows_1_2(
                                     repeat, tmp, tiny.get("lanes", args.lanes),
                                     warm={"rows_3_4", "row_5"} <= set(results), lessons=tiny.get("lessons")))):
            if rows & set(wanted):
                t0 = time.perf_counter()
                print(f"{key} ...", flush=True)
                results[key] = run(args.repeat, tmp)
                print(f"{key}: {time.perf_counter() - t0:.0f} s", flush=True)
        if "rows_3_4" in results:
            results["row_3"], results["row_4"] = results.pop("rows_3_4")
    if "6" in rows:
        results["row_6"] = row_6()
    results["bench_s"] = time.perf_counter() - started
    Path(args.out + ".json").write_text(json.dumps(results, indent=1) + "\n")
    Path(args.out + ".md").write_text(report(results))
    print(f"wrote {args.out}.md and {args.out}.json in {results['bench_s']:.0f} s")


if __name__ == "__main__":
    main()
