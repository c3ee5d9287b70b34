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
import time
from pathlib import Path

import torch
from scenario_common import Case, learner, model_state, optimizer_state, quiz_case
from torch.utils.data import DataLoader, Subset
from torch.utils.data.distributed import DistributedSampler

import ckptlab.distributed
from ckptlab import SmallCNN, train_one_epoch
from ckptlab.data import Digits, digits_transform

# Taken before any learner code runs in this process.
run_ranks, make_ddp_run, DDP_SEED = ckptlab.distributed.run_ranks, ckptlab.distributed.make_ddp_run, ckptlab.distributed.DDP_SEED
_LOAD, _SERIALIZATION = torch.load, torch.serialization
TOTAL = 3  # epochs of every run
DELAY = 0.3  # seconds rank 0's torch.save waits before writing, in the cases that read the file at once


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


def read_weights(path):
    """What loading the file finds: the plain SmallCNN's weights, or why not (as text)."""
    if not Path(path).exists():
        return "no file at the path"
    try:
        obj = _LOAD(path, map_location="cpu", weights_only=False)
    except Exception as err:  # noqa: BLE001 (an incomplete file is the failure)
        return f"a file that does not load ({type(err).__name__})"
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


class Writes:
    """Notes whether torch.save (in this rank) wrote to a file, and delays each such write if asked,
    before the file is opened: it replaces the openers in torch.serialization that torch.save calls,
    however it was imported."""

    def __init__(self, delay=0.0):
        self.count, self.delay = 0, delay
        zip_writer, file_like = _SERIALIZATION._open_zipfile_writer, _SERIALIZATION._open_file_like

        def to_file(f):
            return isinstance(f, (str, bytes)) or hasattr(f, "__fspath__") or isinstance(getattr(f, "name", None), str)

        def open_zip(f):
            if to_file(f):
                self.count += 1
                time.sleep(self.delay)
            return zip_writer(f)

        def open_file(f, mode):
            if "w" in mode and to_file(f):
                self.count += 1
                time.sleep(self.delay)
            return file_like(f, mode)

        _SERIALIZATION._open_zipfile_writer, _SERIALIZATION._open_file_like = open_zip, open_file


# --- save_ddp / load_ddp -----------------------------------------------------------------------------

def ddp_saving_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    epochs = secret_start(model, optimizer, ctx.secret)
    train(model, optimizer, sampler, loader, 0, epochs)
    writes = Writes(DELAY if rank == 0 else 0.0)
    learner(ctx, "save_ddp")(as_path(ctx), model, optimizer, epochs)
    return {"this rank called torch.save": writes.count > 0,
            "what the file held when save_ddp returned": read_weights(ctx.path)}


def save_ddp_side(ctx):
    return by_rank(run_ranks(ddp_saving_rank, ctx, timeout=ctx.timeout))


def plain_load_side(ctx):
    """A new process, no process group: the file's weights in a plain SmallCNN."""
    return {"the weights a plain SmallCNN loads from the file": read_weights(ctx.path)}


def complete_rank(rank, ctx):
    """Two saves in a row; rank 0's torch.save starts writing DELAY s late; each rank reads the file the
    moment save_ddp returns (after the first save there is no file yet, after the second a stale one)."""
    model, optimizer, sampler, loader = ddp_run("adam")
    secret_start(model, optimizer, ctx.secret)
    writes, seen = Writes(DELAY if rank == 0 else 0.0), {}
    for epoch in range(2):
        train(model, optimizer, sampler, loader, epoch, epoch + 1)
        learner(ctx, "save_ddp")(ctx.path, model, optimizer, epoch + 1)
        seen[f"what the file held when save {epoch + 1} returned"] = read_weights(ctx.path)
    seen["this rank called torch.save"] = writes.count > 0
    return seen


def complete_side(ctx):
    return by_rank(run_ranks(complete_rank, ctx, timeout=ctx.timeout))


def ddp_loading_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    load = learner(ctx, "load_ddp")
    done = load(as_path(ctx), model, optimizer, **({"map_location": "cpu"} if ctx.map_location else {}))
    if type(done) is not int or not 0 <= done <= TOTAL:
        return {"load_ddp returned": done if type(done) in (int, float, str, bool) else f"a {type(done).__name__}"}
    train(model, optimizer, sampler, loader, done, TOTAL)
    return state(model, optimizer, **{"load_ddp returned": done})


def load_ddp_side(ctx):
    return by_rank(run_ranks(ddp_loading_rank, ctx, timeout=ctx.timeout))


# --- save_sharded / load_sharded -------------------------------------------------------------------

def sharded_saving_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    epochs = secret_start(model, optimizer, ctx.secret)
    train(model, optimizer, sampler, loader, 0, epochs)
    learner(ctx, "save_sharded")(as_path(ctx), model, optimizer, epochs)


def save_sharded_side(ctx):
    run_ranks(sharded_saving_rank, ctx, timeout=ctx.timeout)
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
        return {"load_sharded returned": done if type(done) in (int, float, str, bool) else f"a {type(done).__name__}"}
    restored = state(model, optimizer, **{"load_sharded returned": done})
    train(model, optimizer, sampler, loader, done, TOTAL)
    return {"right after load_sharded": restored, "after training to the end": state(model, optimizer)}


def load_sharded_side(ctx):
    return by_rank(run_ranks(sharded_loading_rank, ctx, nprocs=ctx.nprocs, timeout=ctx.timeout))


def load_sharded_single(ctx):
    """Loaded by one process without a process group, into a plain SmallCNN."""
    model, optimizer, sampler, loader = single_run(None)
    done = learner(ctx, "load_sharded")(as_path(ctx), model, optimizer)
    if type(done) is not int or not 0 <= done <= TOTAL:
        return {"load_sharded returned": done if type(done) in (int, float, str, bool) else f"a {type(done).__name__}"}
    restored = state(model, optimizer, **{"load_sharded returned": done})
    train(model, optimizer, sampler, loader, done, TOTAL)
    return {"right after load_sharded": restored, "after training to the end": state(model, optimizer)}


def ddp_case(grade_id, title, save, load=None, optim="adam", as_path=False, map_location=False, **flags):
    return Case(grade_id, title, save, load, cells=("impl_ddp",), optim=optim, as_path=as_path,
                map_location=map_location, timeout=25, **flags)


def sharded_case(grade_id, title, save, load, optim="adam", as_path=False, nprocs=2):
    return Case(grade_id, title, save, load, cells=("impl_sharded",), folder=True, optim=optim, as_path=as_path,
                nprocs=nprocs, timeout=25)


CASES = {
    "plain_file": ddp_case("test_save_ddp", "save_ddp by 2 processes, loaded into a plain SmallCNN in a new one",
                           save_ddp_side, plain_load_side, as_path=True),
    "complete": ddp_case("test_save_ddp", "save_ddp returns on every rank only once the file is complete",
                         complete_side),
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
