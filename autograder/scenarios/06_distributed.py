"""Lesson 06's trusted checks: save_ddp, load_ddp, save_sharded and load_sharded, on real process groups.

Every side launches its ranks with ckptlab.distributed.run_ranks (2 processes over gloo, forked from
the check process, so they run the learner's functions as defined). A saving run starts from weights
and a learning rate drawn from the grading's secret, trains 1 or 2 epochs (also from the secret) and
saves; the loading run, in another check process that has only the checkpoint, builds the lesson's
run afresh (make_ddp_run: the public seed), loads, and trains to the end. What every rank ends with
is compared with the reference solution's run, bit for bit, rank by rank: a rank that restored no
optimizer state, or the wrong epoch (so its DistributedSampler replays another epoch's order), ends
with other weights.
- save_ddp: the file loads into a plain SmallCNN in a new process without a process group, and it
  holds rank 0's save: each saving rank notes its rank in its optimizer's param_groups, and rank 1 calls
  save_ddp 0.3 s after rank 0, so a rank 1 that writes too writes last. When save_ddp returns on any
  rank, the file holds that save, whole: rank 0 calls it 0.6 to 1.4 s after rank 1, and the moment it
  returns on rank 1, rank 1 stops rank 0 (SIGSTOP) where it is while the grading process looks at the
  file (Case.peek); two saves in a row, so a stale file is there to be found.
- load_ddp: given map_location as a function (torch.load accepts one), torch.load must call it on
  some rank.
- save_sharded / load_sharded: 2 -> 2 processes, 2 -> 1 (a plain SmallCNN in a process without a
  process group, and a DDP run of one process), 1 -> 2 (saved by a plain SmallCNN without a group).
"""
import io
import os
import signal
import time
from pathlib import Path

import torch
import torch.distributed as dist
from scenario_common import PEEKED, Case, learner, model_state, optimizer_state, quiz_case
from torch.utils.data import DataLoader, Subset
from torch.utils.data.distributed import DistributedSampler

import ckptlab.distributed
from ckptlab import SmallCNN, train_one_epoch
from ckptlab.data import Digits, digits_transform

# Taken before any learner code runs in this process.
run_ranks, make_ddp_run, DDP_SEED = ckptlab.distributed.run_ranks, ckptlab.distributed.make_ddp_run, ckptlab.distributed.DDP_SEED
_LOAD = torch.load
TOTAL = 3  # epochs of every run
# Where each saving rank notes, in its optimizer's param_groups, which rank it is: a file written by rank 1
# (which calls save_ddp RANK1_LATE s after rank 0, so its write would come last) holds rank 1's note.
MARK = "ckptlab: saved by rank"
RANK1_LATE = 0.3
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
        group["lr"] *= (0.5, 2.0, 0.25)[secret % 3]  # never the default: a learning rate left out shows
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
        if sorted(map(str, obj)) == sorted(PLAIN_KEYS) and all(torch.is_tensor(v) for v in obj.values()):
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


# --- save_ddp / load_ddp -----------------------------------------------------------------------------

def ddp_saving_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    epochs = secret_start(model, optimizer, ctx.secret)
    train(model, optimizer, sampler, loader, 0, epochs)
    for group in optimizer.param_groups:
        group[MARK] = rank
    if rank == 1:
        _SLEEP(RANK1_LATE)
    learner(ctx, "save_ddp")(as_path(ctx), model, optimizer, epochs)


def save_ddp_side(ctx):
    run_ranks(ddp_saving_rank, ctx, timeout=RANKS_TIMEOUT)
    return None


def rank1_in(obj, depth=0):
    """Whether a param_groups entry in what the file holds carries rank 1's note (MARK)."""
    if isinstance(obj, dict):
        if obj.get(MARK) == 1:
            return True
        return depth < 6 and any(rank1_in(v, depth + 1) for v in obj.values())
    return isinstance(obj, (list, tuple)) and depth < 6 and any(rank1_in(v, depth + 1) for v in obj)


def plain_load_side(ctx):
    """A new process, no process group: the file's weights in a plain SmallCNN, and whether rank 1 wrote it."""
    try:
        by_rank1 = rank1_in(_LOAD(ctx.path, map_location="cpu", weights_only=True))
    except Exception:  # noqa: BLE001 (read_weights says why)
        by_rank1 = False
    return {"the weights a plain SmallCNN loads from the file": read_weights(ctx.path, read_bytes),
            "the file holds what rank 1 saved (only rank 0 may write it)": by_rank1}


def complete_rank(rank, ctx):
    """Two saves in a row; rank 0 calls save_ddp a moment after rank 1 (0.6 to 1.4 s, from the secret).
    The moment save_ddp returns on rank 1, it stops rank 0 (SIGSTOP) where it is and asks the grading
    process to look at the file (Case.peek), then lets rank 0 go on; rank 0 asks the same when its own
    call returns. After the first save there must be a file, after the second the new one."""
    pids = [None, None]
    dist.all_gather_object(pids, os.getpid())
    model, optimizer, sampler, loader = ddp_run("adam")
    secret_start(model, optimizer, ctx.secret)
    seen = {}
    for epoch in range(2):
        train(model, optimizer, sampler, loader, epoch, epoch + 1)
        if rank == 0:
            _SLEEP(0.6 + 0.2 * (ctx.secret % 5))
        learner(ctx, "save_ddp")(ctx.path, model, optimizer, epoch + 1)
        if rank == 1:
            os.kill(pids[0], signal.SIGSTOP)
        try:
            seen[f"rank{rank}-save{epoch + 1}"] = ctx.peek(f"rank{rank}-save{epoch + 1}")
        finally:
            if rank == 1:
                os.kill(pids[0], signal.SIGCONT)
    return seen


def complete_side(ctx):
    ranks = run_ranks(complete_rank, ctx, timeout=RANKS_TIMEOUT)
    return {PEEKED: {label: value for seen in ranks for label, value in seen.items()}}


def counting_map_location(counter):
    def map_location(storage, location):
        counter[0] += 1
        return storage
    return map_location


def ddp_loading_rank(rank, ctx):
    model, optimizer, sampler, loader = ddp_run(ctx.optim)
    load, used = learner(ctx, "load_ddp"), [0]
    if ctx.map_location:  # a function, as torch.load accepts: it notes whether torch.load was given it
        done = load(as_path(ctx), model, optimizer, map_location=counting_map_location(used))
    else:
        done = load(as_path(ctx), model, optimizer)
    by_rank1 = [group.pop(MARK, None) for group in optimizer.param_groups].count(1) > 0
    extra = {"load_ddp returned": done if type(done) is int and 0 <= done <= TOTAL else returned(done),
             "the file held what rank 1 saved (only rank 0 may write it)": by_rank1}
    if ctx.map_location:
        extra["torch.load was given the map_location"] = used[0] > 0
    if type(done) is int and 0 <= done <= TOTAL:
        train(model, optimizer, sampler, loader, done, TOTAL)
    return state(model, optimizer, **extra)


def load_ddp_side(ctx):
    ranks = run_ranks(ddp_loading_rank, ctx, timeout=RANKS_TIMEOUT)
    if ctx.map_location:  # one rank may load and send the state to the others
        given = [r.pop("torch.load was given the map_location") for r in ranks]
        given = any(given)
        return {**by_rank(ranks), "torch.load was given the map_location (on some rank)": given}
    return by_rank(ranks)


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
    "map_location": ddp_case("test_load_ddp", "load_ddp(..., map_location=a function) passes it on to torch.load "
                             "and resumes as well", save_ddp_side, load_ddp_side, map_location=True),
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
