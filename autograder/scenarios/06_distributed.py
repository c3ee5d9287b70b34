"""Lesson 06's trusted checks: save_ddp, load_ddp, save_sharded and load_sharded, on real process groups.

Every side launches its ranks with ckptlab.distributed.run_ranks (2 processes over gloo, forked from
the check process, so they run the learner's functions as defined). A saving run starts from weights
and a learning rate drawn from the grading's secret, trains 1 or 2 epochs (also from the secret) and
saves; the loading run, in another check process that has only the checkpoint, builds the lesson's
run afresh (make_ddp_run: the public seed), loads, and trains to the end. What every rank ends with
is compared with the reference solution's run, bit for bit, rank by rank: a rank that restored no
optimizer state, or the wrong epoch (so its DistributedSampler replays another epoch's order), ends
with other weights.
- save_ddp: the file loads into a plain SmallCNN in a new process without a process group; only rank
  0 calls torch.save; and when save_ddp returns on any rank, the file holds that save, whole. To make a
  missing barrier show every time, rank 0's torch.save waits 0.3 s before it writes, and each rank reads
  the file the moment save_ddp returns (two saves in a row, so a stale file is there to be read).
- save_sharded / load_sharded: 2 -> 2 processes, 2 -> 1 (a plain SmallCNN in a process without a
  process group, and a DDP run of one process), 1 -> 2 (saved by a plain SmallCNN without a group).
"""
import io
import os
import time
from pathlib import Path

import torch
from scenario_common import PEEKED, Case, learner, model_state, optimizer_state, quiz_case
from torch.utils.data import DataLoader, Subset
from torch.utils.data.distributed import DistributedSampler

import ckptlab.distributed
from ckptlab import SmallCNN, train_one_epoch
from ckptlab.data import Digits, digits_transform

# Taken before any learner code runs in this process.
run_ranks, make_ddp_run, DDP_SEED = ckptlab.distributed.run_ranks, ckptlab.distributed.make_ddp_run, ckptlab.distributed.DDP_SEED
_LOAD, _SERIALIZATION = torch.load, torch.serialization
TOTAL = 3  # epochs of every run
DELAY = 0.5  # seconds rank 0's torch.save waits before it opens the file, in the case that looks at it at once
# Seconds a launch of ranks may take: less than a case may (the judge's limit), so a rank that hangs is named.
RANKS_TIMEOUT = max(5, int(os.environ.get("CKPTLAB_CASE_TIMEOUT", "30")) * 0.7)
_SLEEP = time.sleep


def plain_model():
    return SmallCNN(dropout=0.0, batchnorm=False)


PLAIN_KEYS = list(model_state(plain_model()))


def sgd(model):
    return torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)


def secret_start(model, optimizer, secret):
    """Starting weights and a learning rate that only the saving run knows (the same on every rank)."""
    generator = torch.Generator().manual_seed(secret)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.05 * torch.randn(p.shape, generator=generator))
    for group in optimizer.param_groups:
        group["lr"] *= (1.0, 0.5, 2.0)[secret % 3]
    return 1 + secret % 2  # epochs before the save


def ddp_run(optim):
    model, optimizer, sampler, loader = make_ddp_run("cpu")
    if optim == "sgd":
        optimizer = sgd(model)
    return model, optimizer, sampler, loader


def train(model, optimizer, sampler, loader, start, stop):
    for epoch in range(start, stop):
        sampler.set_epoch(epoch)
        train_one_epoch(model, optimizer, loader, "cpu", progress=False)


def single_run(secret):
    """A run in one process without a process group: a plain SmallCNN, Adam, the lesson's 512 digits."""
    torch.manual_seed(DDP_SEED)
    model = plain_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    data = Subset(Digits(split="train", pre_transform=digits_transform()), range(512))
    sampler = DistributedSampler(data, num_replicas=1, rank=0, shuffle=True, seed=DDP_SEED)
    return model, optimizer, sampler, DataLoader(data, batch_size=64, sampler=sampler)


def state(model, optimizer, **extra):
    plain = model.module if isinstance(model, torch.nn.parallel.DistributedDataParallel) else model
    return {**extra, "model": model_state(plain), "optimizer": optimizer_state(optimizer)}


def returned(value):
    """What a load function returned that is no epoch count, as plain data."""
    return value if type(value) in (int, float, str, bool) else f"a {type(value).__name__}"


def by_rank(results):
    return {f"rank {rank}": result for rank, result in enumerate(results)}


def as_path(ctx):
    return Path(ctx.path) if ctx.as_path else ctx.path


# --- what a rank finds in the file ------------------------------------------------------------------

def plain_weights(obj, depth=0):
    """The state dict with a plain SmallCNN's keys in what the file holds (searched through dicts, lists
    and modules), or None."""
    if isinstance(obj, torch.nn.Module):
        obj = model_state(obj)
    if isinstance(obj, dict):
        if sorted(map(str, obj)) == sorted(PLAIN_KEYS):
            return obj
        if depth < 4:
            for value in obj.values():
                found = plain_weights(value, depth + 1)
                if found is not None:
                    return found
    elif isinstance(obj, (list, tuple)) and depth < 4:
        for value in obj:
            found = plain_weights(value, depth + 1)
            if found is not None:
                return found
    return None


def has_prefixed_keys(obj, depth=0):
    if isinstance(obj, dict):
        if any(isinstance(k, str) and k.startswith("module.") for k in obj):
            return True
        return depth < 4 and any(has_prefixed_keys(v, depth + 1) for v in obj.values())
    return isinstance(obj, (list, tuple)) and depth < 4 and any(has_prefixed_keys(v, depth + 1) for v in obj)


def read_weights(path, read):
    """What the file at `path` holds (its bytes from `read`, loaded with weights_only=True): the plain
    SmallCNN's weights, or why not (as text)."""
    try:
        data = read(path)
    except FileNotFoundError:
        return "no file at the path"
    try:
        obj = _LOAD(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as err:  # noqa: BLE001 (an incomplete file is the failure)
        return f"a file that does not load with torch.load(weights_only=True) ({type(err).__name__})"
    weights = plain_weights(obj)
    if weights is None:
        return ("weights whose keys start with 'module.' (the DDP wrapper's), no state dict of a plain SmallCNN"
                if has_prefixed_keys(obj) else "no state dict with the keys of a plain SmallCNN")
    model = plain_model()
    try:
        model.load_state_dict(weights)
    except Exception as err:  # noqa: BLE001
        return f"weights that do not load into a plain SmallCNN ({type(err).__name__})"
    return model_state(model)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


# torch.save's openers, replaced by ones that note whether this process's torch.save wrote to a file,
# and wait _WRITES["delay"] seconds before opening it. In a check process they are put in place when
# this module loads, before the learner's cells run; the reference's ranks put them in place themselves.
_WRITES = {"count": 0, "delay": 0.0, "installed": False}


def _to_file(f):
    return isinstance(f, (str, bytes)) or hasattr(f, "__fspath__") or isinstance(getattr(f, "name", None), str)


def install_writes():
    if _WRITES["installed"]:
        return
    _WRITES["installed"] = True
    zip_writer, file_like = _SERIALIZATION._open_zipfile_writer, _SERIALIZATION._open_file_like

    def open_zip(f):
        if _to_file(f):
            _WRITES["count"] += 1
            _SLEEP(_WRITES["delay"])
        return zip_writer(f)

    def open_file(f, mode):
        if "w" in mode and _to_file(f):
            _WRITES["count"] += 1
            _SLEEP(_WRITES["delay"])
        return file_like(f, mode)

    _SERIALIZATION._open_zipfile_writer, _SERIALIZATION._open_file_like = open_zip, open_file


def writes(delay=0.0):
    """Start noting this rank's writes (and delaying them by `delay` seconds)."""
    install_writes()
    _WRITES.update(count=0, delay=delay)


if __name__ == "scenario":
    install_writes()


# --- save_ddp / load_ddp -----------------------------------------------------------------------------

def ddp_saving_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    epochs = secret_start(model, optimizer, ctx.secret)
    train(model, optimizer, sampler, loader, 0, epochs)
    writes()
    learner(ctx, "save_ddp")(as_path(ctx), model, optimizer, epochs)
    return {"this rank called torch.save": _WRITES["count"] > 0}


def save_ddp_side(ctx):
    return by_rank(run_ranks(ddp_saving_rank, ctx, timeout=RANKS_TIMEOUT))


def plain_load_side(ctx):
    """A new process, no process group: the file's weights in a plain SmallCNN."""
    return {"the weights a plain SmallCNN loads from the file": read_weights(ctx.path, read_bytes)}


def complete_rank(rank, ctx):
    """Two saves in a row; rank 0's torch.save waits DELAY s before it opens the file. The moment
    save_ddp returns on a rank, the grading process looks at the file (Case.peek) while that rank waits:
    after the first save there must be a file, after the second the new one (not the stale first)."""
    model, optimizer, sampler, loader = ddp_run("adam")
    secret_start(model, optimizer, ctx.secret)
    writes(DELAY if rank == 0 else 0.0)
    seen = {}
    for epoch in range(2):
        train(model, optimizer, sampler, loader, epoch, epoch + 1)
        learner(ctx, "save_ddp")(ctx.path, model, optimizer, epoch + 1)
        seen[f"rank{rank}-save{epoch + 1}"] = ctx.peek(f"rank{rank}-save{epoch + 1}")
    return {"this rank called torch.save": _WRITES["count"] > 0}, seen


def complete_side(ctx):
    ranks = run_ranks(complete_rank, ctx, timeout=RANKS_TIMEOUT)
    result = by_rank([called for called, _ in ranks])
    result[PEEKED] = {label: value for _, seen in ranks for label, value in seen.items()}
    return result


def ddp_loading_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    load = learner(ctx, "load_ddp")
    done = load(as_path(ctx), model, optimizer, **({"map_location": "cpu"} if ctx.map_location else {}))
    if type(done) is not int or not 0 <= done <= TOTAL:
        return state(model, optimizer, **{"load_ddp returned": returned(done)})
    train(model, optimizer, sampler, loader, done, TOTAL)
    return state(model, optimizer, **{"load_ddp returned": done})


def load_ddp_side(ctx):
    return by_rank(run_ranks(ddp_loading_rank, ctx, timeout=RANKS_TIMEOUT))


# --- save_sharded / load_sharded -------------------------------------------------------------------

def sharded_saving_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    epochs = secret_start(model, optimizer, ctx.secret)
    train(model, optimizer, sampler, loader, 0, epochs)
    learner(ctx, "save_sharded")(as_path(ctx), model, optimizer, epochs)


def save_sharded_side(ctx):
    run_ranks(sharded_saving_rank, ctx, timeout=RANKS_TIMEOUT)
    return None


def save_sharded_single(ctx):
    """Saved by one process without a process group, from a plain SmallCNN."""
    model, optimizer, sampler, loader = single_run(ctx.secret)
    epochs = secret_start(model, optimizer, ctx.secret)
    train(model, optimizer, sampler, loader, 0, epochs)
    learner(ctx, "save_sharded")(as_path(ctx), model, optimizer, epochs)
    return None


def sharded_loading_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    done = learner(ctx, "load_sharded")(as_path(ctx), model, optimizer)
    if type(done) is not int or not 0 <= done <= TOTAL:
        return {"right after load_sharded": state(model, optimizer, **{"load_sharded returned": returned(done)})}
    restored = state(model, optimizer, **{"load_sharded returned": done})
    train(model, optimizer, sampler, loader, done, TOTAL)
    return {"right after load_sharded": restored, "after training to the end": state(model, optimizer)}


def load_sharded_side(ctx):
    return by_rank(run_ranks(sharded_loading_rank, ctx, nprocs=ctx.nprocs, timeout=RANKS_TIMEOUT))


def load_sharded_single(ctx):
    """Loaded by one process without a process group, into a plain SmallCNN."""
    model, optimizer, sampler, loader = single_run(None)
    done = learner(ctx, "load_sharded")(as_path(ctx), model, optimizer)
    if type(done) is not int or not 0 <= done <= TOTAL:
        return {"right after load_sharded": state(model, optimizer, **{"load_sharded returned": returned(done)})}
    restored = state(model, optimizer, **{"load_sharded returned": done})
    train(model, optimizer, sampler, loader, done, TOTAL)
    return {"right after load_sharded": restored, "after training to the end": state(model, optimizer)}


def ddp_case(grade_id, title, save, load=None, optim="adam", as_path=False, map_location=False, **flags):
    return Case(grade_id, title, save, load, cells=("impl_ddp",), optim=optim, as_path=as_path,
                map_location=map_location, **flags)


def sharded_case(grade_id, title, save, load, optim="adam", as_path=False, nprocs=2):
    return Case(grade_id, title, save, load, cells=("impl_sharded",), folder=True, optim=optim, as_path=as_path,
                nprocs=nprocs)


CASES = {
    "plain_file": ddp_case("test_save_ddp", "save_ddp by 2 processes, loaded into a plain SmallCNN in a new one",
                           save_ddp_side, plain_load_side, as_path=True),
    "complete": ddp_case("test_save_ddp", "save_ddp returns on every rank only once the file is complete",
                         complete_side, peek=read_weights),
    "resume_adam": ddp_case("test_load_ddp", "2 processes resumed from save_ddp (Adam) end as the uninterrupted run",
                            save_ddp_side, load_ddp_side, as_path=True),
    "resume_sgd": ddp_case("test_load_ddp", "2 processes resumed from save_ddp (SGD with momentum) end as the "
                           "uninterrupted run", save_ddp_side, load_ddp_side, optim="sgd"),
    "map_location": ddp_case("test_load_ddp", "load_ddp(..., map_location='cpu') resumes as well", save_ddp_side,
                             load_ddp_side, map_location=True),
    "sharded_adam": sharded_case("test_sharded", "2 processes resumed from save_sharded (Adam) end as the "
                                 "uninterrupted run", save_sharded_side, load_sharded_side),
    "sharded_sgd": sharded_case("test_sharded", "2 processes resumed from save_sharded (SGD with momentum) end as the "
                                "uninterrupted run", save_sharded_side, load_sharded_side, optim="sgd", as_path=True),
    "two_to_one": sharded_case("test_resharding", "saved by 2 processes, loaded into a plain SmallCNN in one process "
                               "without a process group", save_sharded_side, load_sharded_single),
    "two_to_one_ddp": sharded_case("test_resharding", "saved by 2 processes, loaded by a run of 1 process",
                                   save_sharded_side, load_sharded_side, nprocs=1),
    "one_to_two": sharded_case("test_resharding", "saved by a plain SmallCNN in one process, loaded by 2 processes",
                               save_sharded_single, load_sharded_side, as_path=True),
    "quiz": quiz_case(),
}
