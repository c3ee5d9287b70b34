"""What lesson 05 crashes, fills and wraps: a writer killed mid-save, folder sizes, a truncated file, a process group.

kill_while_saving is the experiment of the lesson: a child process overwrites one checkpoint again and
again with the save function it is given, and the parent kills it (SIGKILL, no clean-up of any kind)
at a random moment, then looks at what the file holds. It forks, so a function defined in a notebook
runs in the child as it is (Linux and macOS).
"""
import contextlib
import multiprocessing
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import torch


def writer_state(i, numel=1 << 18):
    """The i-th state the writer saves: {"write": i, "weights": one of two 1 MB tensors (by parity)}."""
    generator = torch.Generator().manual_seed(i % 2)
    return {"write": i, "weights": torch.randn(numel, generator=generator)}


def _write_forever(save, path, started, errors, numel):
    states = [writer_state(0, numel), writer_state(1, numel)]
    i = 1
    while True:
        try:
            save({"write": i, "weights": states[i % 2]["weights"]}, path)
        except BaseException as err:  # noqa: BLE001 (the parent raises it again; no traceback here)
            errors.put(err)
            os._exit(1)
        if i == 1:
            started.set()
        i += 1


def what_is_there(path):
    """What a checkpoint file written by the writer holds: "missing", "does not load" or "loads"."""
    if not os.path.exists(path):
        return "missing"
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # noqa: BLE001 (any failure to load is the answer)
        return "does not load"
    expected = writer_state(state["write"], state["weights"].numel())
    return "loads" if torch.equal(state["weights"], expected["weights"]) else "does not load"


def kill_while_saving(save, path, trials=30, seed=0, numel=1 << 18):
    """Kill a process that keeps overwriting `path` with `save(state, path)`, `trials` times, each at a
    random moment after its first save returned; return what the file held after each kill (see
    what_is_there). The file starts as a complete checkpoint, written with torch.save."""
    rng = random.Random(seed)
    context = multiprocessing.get_context("fork")
    outcomes = []
    for _ in range(trials):
        if not os.path.exists(path):
            torch.save(writer_state(0, numel), path)
        started, errors = context.Event(), context.SimpleQueue()
        child = context.Process(target=_write_forever, args=(save, path, started, errors, numel), daemon=True)
        child.start()
        try:
            deadline = time.monotonic() + 30
            while not started.wait(0.01):
                if not errors.empty():
                    raise errors.get()  # the save function's own error, e.g. NotImplementedError
                if not child.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError(f"the save function did not return within 30 s (exit code {child.exitcode})")
            time.sleep(rng.uniform(0, 0.02))
        finally:
            child.kill()  # SIGKILL, unless it already ended
            child.join()
        outcomes.append(what_is_there(path))
    return outcomes


def folder_mb(directory):
    """Megabytes of the files in `directory` and below (0 when it does not exist)."""
    directory = Path(directory)
    if not directory.exists():
        return 0.0
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2 ** 20


def truncate(path, keep=0.5):
    """Cut a file to a fraction of its bytes, as a writer killed half-way leaves it."""
    size = os.path.getsize(path)
    os.truncate(path, int(size * keep))


@contextlib.contextmanager
def one_process_group(backend="gloo"):
    """A torch.distributed process group of this process alone (world size 1), for wrapping a model in
    DistributedDataParallel without launching anything; destroyed on exit."""
    import torch.distributed as dist

    folder = tempfile.mkdtemp(prefix="ckptlab-group-")
    dist.init_process_group(backend, init_method=f"file://{folder}/store", rank=0, world_size=1)
    try:
        yield
    finally:
        dist.destroy_process_group()
        shutil.rmtree(folder, ignore_errors=True)
