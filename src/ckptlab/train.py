"""Device, threads, and the training loop shared by all lessons."""
import os
import random

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

# One thread, on purpose. Measured on 2 cores (benchmarks/results.md, row 4): training SmallCNN alone,
# torch's default (2 threads) is about 15 % faster; but with a second training busy at the same time
# (`make grade` runs one notebook per core; a laptop has a browser open) it is about 3x slower, as
# the threads of each wait for a core. One thread never loses much. CKPTLAB_THREADS overrides it.
DEFAULT_THREADS = 1


def set_threads(n=None):
    """Set torch's intra-op thread count (default: CKPTLAB_THREADS, else 1) and return it."""
    n = int(n or os.environ.get("CKPTLAB_THREADS", DEFAULT_THREADS))
    torch.set_num_threads(n)
    return n


def pick_device():
    """The one place the course chooses a device: 'cuda' when available, else 'cpu'.

    On CUDA it also turns on deterministic algorithms (cuDNN's and cuBLAS's; ckptlab sets
    CUBLAS_WORKSPACE_CONFIG when imported), so that a resumed run can match an uninterrupted one
    bit for bit there too, as it does on the CPU.
    """
    if not torch.cuda.is_available():
        return "cpu"
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = True
    torch.use_deterministic_algorithms(True)
    return "cuda"


def seed_everything(seed):
    """Seed Python's, NumPy's and torch's global RNGs (all CUDA devices included)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def grading():
    """True while nbgrader executes the notebook (autograde or validate)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def quiet():
    """True while grading (or when CKPTLAB_QUIET is set): no progress bars.

    A progress bar writes to stderr, and nbgrader scores a test cell with stderr output as 0.
    """
    return grading() or bool(os.environ.get("CKPTLAB_QUIET"))


def train_one_epoch(model, optimizer, loader, device="cpu", losses=None, progress=True):
    """Train `model` for one pass over `loader`; return the mean training loss.

    If `losses` is a list, the loss of every step is appended to it (for per-step plots).
    `progress=False` hides the progress bar (as does grading).
    """
    model.train()
    total, count = 0.0, 0
    for x, y in tqdm(loader, desc="train", leave=False, disable=quiet() or not progress):
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        if losses is not None:
            losses.append(loss.item())
        total += loss.item() * len(y)
        count += len(y)
    return total / count


@torch.no_grad()
def evaluate(model, loader, device="cpu"):
    """Return (mean loss, accuracy) of `model` on `loader`, in eval mode."""
    model.eval()
    total, correct, count = 0.0, 0, 0
    for x, y in tqdm(loader, desc="eval", leave=False, disable=quiet()):
        x, y = x.to(device), y.to(device)
        out = model(x)
        total += nn.functional.cross_entropy(out, y, reduction="sum").item()
        correct += (out.argmax(1) == y).sum().item()
        count += len(y)
    return total / count, correct / count


def train_epochs(model, optimizer, loader, start, stop, device="cpu", seed=0):
    """Train epochs start..stop-1 and return the loss of every step.

    Each epoch reseeds the RNGs with seed + epoch, so two runs that reach the same epoch see the
    same batches and dropout masks, however they got there. (Lesson 04 shows how to resume exactly
    without this trick, by saving the RNG state.)
    """
    losses = []
    for epoch in tqdm(range(start, stop), desc="epochs", leave=False, disable=quiet()):
        seed_everything(seed + epoch)
        train_one_epoch(model, optimizer, loader, device, losses, progress=False)
    return losses


# The seed make_run uses. The trusted checks of lesson 04 set another one, drawn for each grading, in the
# process that starts a run, so that a resumed process can only continue it from its checkpoint.
RUN_SEED = 0


def make_run(device="cpu"):
    """A fresh, deterministically seeded run: (model, optimizer, scheduler, train_loader).

    SmallCNN with dropout, Adam (per-parameter state), CosineAnnealingLR stepped once per epoch, and a
    shuffling DataLoader over the first 384 training digits with random augmentation. The loader
    loads in the main process and draws its shuffling and augmentation from the global RNGs (torch,
    Python, NumPy), as dropout draws from torch's. It seeds those RNGs itself, so calling it resets
    them. One epoch is train_one_epoch(model, optimizer, train_loader, device) then scheduler.step().
    """
    from .data import Digits, digits_augmentation, digits_transform, make_loader
    from .model import SmallCNN

    seed_everything(RUN_SEED)
    data = Digits(split="train", pre_transform=digits_transform(), transform=digits_augmentation())
    loader = make_loader(torch.utils.data.Subset(data, range(384)), batch_size=64, shuffle=True)
    model = SmallCNN().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
    # A cosine schedule: a scheduler built afresh at a resume does not reproduce its learning rates.
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=6, eta_min=5e-4)
    return model, optimizer, scheduler, loader
