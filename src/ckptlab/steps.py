"""What lesson 07 trains by optimizer step: gradient accumulation, mixed precision, a per-step schedule and a
data loader that can stop and resume in the middle of an epoch.

One optimizer step is ACCUMULATE calls of train_micro_batch on consecutive batches of the loader, then
optimizer_step. make_step_run builds the run; lesson 07's learners write the loop that checkpoints it.
"""
import math
import warnings

import torch
from torch import nn

ACCUMULATE = 2  # micro-batches per optimizer step
WARMUP = 4  # optimizer steps of linear warm-up, then a cosine decay over DECAY steps
DECAY = 40
STEP_SEED = 0  # the seed make_step_run starts from (the trusted checks of lesson 07 give saving runs another)
# When a dict (lesson 07's trusted checks set one), train_micro_batch and optimizer_step note in it what they
# do: each micro-batch's labels and pixel sum ("batches"), and each optimizer step's loss scale and growth counter
# after the scaler's update, and learning rates ("steps"). None: nothing is noted.
NOTES = None
# torchdata 0.11's loader warns on every new iterator that torch.set_vital is deprecated: nothing a learner can act on.
warnings.filterwarnings("ignore", message=".*set_vital.*")


def warmup_then_decay(step):
    """The learning-rate factor after `step` optimizer steps: linear warm-up, then cosine decay to 10 %."""
    if step < WARMUP:
        return (step + 1) / WARMUP
    progress = min(1.0, (step - WARMUP) / DECAY)
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress))


def make_step_run(device="cpu"):
    """A fresh, deterministically seeded run checkpointed by optimizer step:
    (model, optimizer, scheduler, scaler, train_loader).

    SmallCNN without dropout; AdamW; a LambdaLR stepped after every optimizer step (warm-up, then decay);
    a GradScaler with float16 autocast (on the CPU too), starting at a scale of 2**22 (the first steps overflow
    and are skipped while it halves to a scale that fits) and doubling it after 5 steps without an overflow;
    and a torchdata StatefulDataLoader over the first 384 training digits, 32 per micro-batch (12 per epoch,
    so 6 optimizer steps), loading in this process. Its shuffling sampler and the loader have their own
    torch.Generator each (their state is in the loader's state_dict); the random augmentation draws from
    the global RNGs (Python, NumPy, torch), which this function seeds.
    """
    from torch.utils.data import Subset
    from torchdata.stateful_dataloader import StatefulDataLoader
    from torchdata.stateful_dataloader.sampler import RandomSampler  # torch's, with its generator in its state

    from .data import Digits, digits_augmentation, digits_transform
    from .model import SmallCNN
    from .train import seed_everything

    seed_everything(STEP_SEED)
    data = Subset(Digits(split="train", pre_transform=digits_transform(), transform=digits_augmentation()),
                  range(384))
    sampler = RandomSampler(data, generator=torch.Generator().manual_seed(STEP_SEED + 1))
    loader = StatefulDataLoader(data, batch_size=32, sampler=sampler, num_workers=0,
                                generator=torch.Generator().manual_seed(STEP_SEED + 2))
    model = SmallCNN(dropout=0.0).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=4e-3)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, warmup_then_decay)
    scaler = torch.amp.GradScaler(device, init_scale=2.0 ** 22, growth_interval=5)
    return model, optimizer, scheduler, scaler, loader


def train_micro_batch(model, batch, scaler, device="cpu"):
    """Forward and scaled backward of one micro-batch (float16 autocast); returns its loss (unscaled, not
    divided by ACCUMULATE). The gradients add up until optimizer_step."""
    x, y = batch
    if NOTES is not None:
        NOTES["batches"].append([y.tolist(), float(x.double().sum())])
    x, y = x.to(device), y.to(device)
    model.train()
    with torch.autocast(device_type=torch.device(device).type, dtype=torch.float16):
        loss = nn.functional.cross_entropy(model(x), y)
    scaler.scale(loss / ACCUMULATE).backward()
    return loss.item()


def optimizer_step(optimizer, scheduler, scaler):
    """End one optimizer step after ACCUMULATE micro-batches: scaler.step (skipped when the gradients
    overflowed), scaler.update, zero_grad, scheduler.step."""
    scaler.step(optimizer)
    scaler.update()
    if NOTES is not None:
        NOTES["steps"].append([float(scaler.get_scale()), int(scaler.state_dict()["_growth_tracker"]),
                               [float(group["lr"]) for group in optimizer.param_groups]])
    optimizer.zero_grad()
    with warnings.catch_warnings():  # after a step the scaler skipped, torch warns that the scheduler steps first
        warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step\(\)` before")
        scheduler.step()
