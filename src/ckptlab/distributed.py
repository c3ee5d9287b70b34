"""What lesson 06 runs on several processes: a launcher and the data-parallel run every rank builds.

run_ranks(fn, *args) starts `nprocs` processes that form a torch.distributed process group (gloo on
the CPU, NCCL on GPUs) and calls fn(rank, *args) in each, like torch.multiprocessing.spawn, with
three differences a notebook needs: the processes are forked, so a function defined in a notebook
runs in them as it is (Linux and macOS); what fn returns comes back, one value per rank; and a
launch that hangs (a rank waiting in a barrier that another never reaches) is killed after
`timeout` seconds with an error that says so, instead of hanging the notebook.
"""
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

# Every rank's run starts from this seed: the same initial weights everywhere (DDP also copies rank 0's
# to the others when it wraps the model) and the DistributedSampler's order. The trusted checks of the
# lesson give the saving processes other starting weights, drawn for each grading.
DDP_SEED = 0


def ddp_device(nprocs=2):
    """'cuda' when there is a GPU for each of `nprocs` processes (NCCL needs one per process), else 'cpu'."""
    return "cuda" if torch.cuda.is_available() and torch.cuda.device_count() >= nprocs else "cpu"


class RankFailed(RuntimeError):
    """A rank of run_ranks raised or died: the message names the rank, its error and where it was raised
    (the whole traceback is in `.details` and printed with the rank's output)."""

    def __init__(self, rank, details):
        self.rank, self.details = rank, details
        lines = [line.strip() for line in details.strip().splitlines() if line.strip()]
        if "Traceback" not in details:
            super().__init__(f"rank {rank} failed: {details.strip()}")
            return
        frames = [line for line in lines if line.startswith("File ")]
        # the innermost frame of code outside torch and the course library: usually yours
        own = [f for f in frames if "site-packages" not in f and "/ckptlab/" not in f and "<scenario" not in f]
        place = ""
        if own or frames:
            parts = (own or frames)[-1].split(", ")  # File "...", line N, in name
            place = f" (in {parts[-1][3:]}, {parts[1]})" if len(parts) >= 3 else ""
        hint = (": another rank had left the process group (did the ranks run different numbers of steps or "
                "collectives, say after loading different epochs?)" if "Connection closed by peer" in lines[-1] else "")
        super().__init__(f"rank {rank} failed: {lines[-1][:300]}{place}{hint}")


def _preload():
    """Import here, once, what every rank would import for itself: DistributedDataParallel imports
    torch._dynamo (about 1.8 s) and checkpoints import torch.distributed.checkpoint; forked ranks inherit them."""
    import torch._dynamo  # noqa: F401
    import torch.distributed.checkpoint  # noqa: F401
    import torch.distributed.checkpoint.state_dict  # noqa: F401
    import torch.nn.parallel  # noqa: F401


def _rank_main(rank, fn, args, nprocs, folder, device, timeout):
    # Output goes to a file per rank; the launching process prints it, marked with the rank.
    log = open(folder / f"rank{rank}.log", "w", buffering=1)  # noqa: SIM115 (open until the process ends)
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    sys.stdout = sys.stderr = log
    os.environ.update(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(nprocs))  # as torchrun sets them
    from .train import set_threads

    set_threads()
    if device == "cuda":
        torch.cuda.set_device(rank)
    if sys.platform.startswith("linux") and "GLOO_SOCKET_IFNAME" not in os.environ:
        os.environ["GLOO_SOCKET_IFNAME"] = "lo"  # the ranks talk over the loopback interface alone
    dist.init_process_group("nccl" if device == "cuda" else "gloo", init_method=f"file://{folder}/store",
                            rank=rank, world_size=nprocs, timeout=datetime.timedelta(seconds=timeout))
    try:
        dist.barrier()  # every rank's connections work
        open(folder / f"rank{rank}.began", "w").close()
        result = fn(rank, *args)
        torch.save(result, folder / f"rank{rank}.result")
    finally:
        dist.destroy_process_group()


def _print_logs(folder, nprocs):
    for rank in range(nprocs):
        log = folder / f"rank{rank}.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        for line in text.splitlines():
            print(f"[rank {rank}] {line}")


def run_ranks(fn, *args, nprocs=2, device="cpu", timeout=120):
    """Call fn(rank, *args) on `nprocs` new processes joined in a process group; return what each
    returned, as a list by rank. Their output is printed here, each line marked with its rank.

    `device`: 'cpu' (gloo) or 'cuda' (NCCL, one GPU per rank; see ddp_device). A rank that raises
    stops every rank; its traceback is printed and RankFailed raised here, naming the rank, the error
    and the line (NotImplementedError, for an exercise not done yet, is raised as NotImplementedError).
    Ranks still running after `timeout` seconds are killed and TimeoutError is raised.
    """
    if device == "cuda" and torch.cuda.is_initialized():
        raise RuntimeError("this process already uses the GPU, and processes forked from it cannot: start the "
                           "ranks before anything here touches CUDA (restart the kernel), or pass device='cpu'")
    if device == "cuda" and torch.cuda.device_count() < nprocs:
        raise ValueError(f"{nprocs} processes on CUDA need {nprocs} GPUs (NCCL takes one per process); this "
                         f"machine has {torch.cuda.device_count()}: pass device='cpu'")
    _preload()
    for attempt in range(1, SETUP_ATTEMPTS + 1):
        folder = Path(tempfile.mkdtemp(prefix="ckptlab-ranks-"))
        try:
            return _launch(fn, args, nprocs, device, timeout, folder, last=attempt == SETUP_ATTEMPTS)
        except _SetupFailed:
            continue
        finally:
            shutil.rmtree(folder, ignore_errors=True)


# How many times a launch is started again when its process group could not be set up or did not form
# within SETUP_LIMIT (nothing of fn ran yet). Measured here: about 1 in 100 gloo groups fails while connecting its ranks ("Gloo connectFullMesh
# failed ... Connection closed by peer"), more often when the machine is busy.
SETUP_ATTEMPTS = 3
SETUP_LIMIT = 10  # seconds a group may take to form (about 10 ms here) before its launch starts again


class _SetupFailed(Exception):
    pass


def _launch(fn, args, nprocs, device, timeout, folder, last):
    context = mp.start_processes(_rank_main, args=(fn, args, nprocs, folder, device, timeout), nprocs=nprocs,
                                 join=False, start_method="fork")
    started = time.monotonic()
    deadline, quiet = started + timeout, False
    try:
        while not context.join(timeout=0.05):
            if (not last and time.monotonic() - started > min(SETUP_LIMIT, timeout / 3)
                    and len(list(folder.glob("rank*.began"))) < nprocs):
                quiet = True  # the group has not formed: start again
                raise _SetupFailed()
            if time.monotonic() > deadline:
                raise TimeoutError(f"the {nprocs} processes did not finish within {timeout} s: is a rank "
                                   "waiting in a barrier or a collective that another rank never reaches?")
    except (mp.ProcessRaisedException, mp.ProcessExitedException) as err:
        if not last and not any(folder.glob("rank*.began")):  # the group failed to form: start again
            quiet = True
            raise _SetupFailed() from None
        if isinstance(err, mp.ProcessExitedException):
            raise RankFailed(err.error_index, err.msg.strip()) from None
        failed = RankFailed(err.error_index, err.msg)
        if err.msg.strip().splitlines()[-1].startswith("NotImplementedError"):
            raise NotImplementedError(str(failed)) from None  # an exercise not done yet, as in one process
        print(err.msg.strip())  # the rank's traceback
        raise failed from None
    finally:
        for process in context.processes:
            if process.is_alive():
                process.kill()
            process.join()
        if not quiet:
            _print_logs(folder, nprocs)
            sys.stdout.flush()
    return [torch.load(folder / f"rank{rank}.result", weights_only=False) for rank in range(nprocs)]


def make_ddp_run(device="cpu"):
    """The run every rank of lesson 06 builds, after the process group is up:
    (ddp_model, optimizer, sampler, train_loader).

    A SmallCNN without dropout and without BatchNorm, seeded with DDP_SEED (identical on every rank)
    and wrapped in DistributedDataParallel; Adam (per-parameter state); a shuffling DistributedSampler
    over the first 512 training digits, whose order depends only on its seed (DDP_SEED) and the epoch
    given to set_epoch; and a loader of 32 of this rank's digits per step, without augmentation.
    One epoch is sampler.set_epoch(epoch), then train_one_epoch(ddp_model, optimizer, train_loader, device).
    """
    from torch.nn.parallel import DistributedDataParallel
    from torch.utils.data import DataLoader, Subset
    from torch.utils.data.distributed import DistributedSampler

    from .data import Digits, digits_transform
    from .model import SmallCNN

    if device == "cuda":
        device = f"cuda:{torch.cuda.current_device()}"
    torch.manual_seed(DDP_SEED)
    model = SmallCNN(dropout=0.0, batchnorm=False).to(device)
    ddp_model = DistributedDataParallel(model, device_ids=[model.classifier[-1].weight.device.index]
                                        if device != "cpu" else None)
    optimizer = torch.optim.Adam(ddp_model.parameters(), lr=3e-3)
    data = Subset(Digits(split="train", pre_transform=digits_transform()), range(512))
    sampler = DistributedSampler(data, shuffle=True, seed=DDP_SEED)
    loader = DataLoader(data, batch_size=32, sampler=sampler, num_workers=0)
    return ddp_model, optimizer, sampler, loader
