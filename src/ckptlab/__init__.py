"""ckptlab: the course library behind the checkpointing notebooks."""
import os

# Deterministic cuBLAS needs this before its first call; harmless without a GPU (see pick_device).
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")

from .checks import (assert_same_state, first_difference, fixed_batches, misplaced_state, param_names,
                     train_steps)
from .crash import folder_mb, kill_while_saving, one_process_group, truncate, what_is_there
from .distributed import ddp_device, make_ddp_run, run_ranks
from .data import Digits, digits_augmentation, get_dataset, get_loaders, make_loader
from .model import SmallCNN
from .steps import ACCUMULATE, make_step_run, optimizer_step, train_micro_batch
from .plots import plot_best, plot_folder_sizes, plot_kill_outcomes, plot_resume, running_mean
from .train import evaluate, grading, make_run, pick_device, seed_everything, set_threads, train_epochs, train_one_epoch

THREADS = set_threads()  # deliberate: see train.DEFAULT_THREADS

__all__ = ["ACCUMULATE", "Digits", "SmallCNN", "digits_augmentation", "THREADS", "assert_same_state", "ddp_device", "evaluate", "first_difference",
           "fixed_batches", "folder_mb", "get_dataset", "get_loaders", "grading", "kill_while_saving", "make_ddp_run", "make_run", "make_step_run", "optimizer_step", "make_loader", "misplaced_state",
           "one_process_group", "param_names", "pick_device",
           "plot_best", "plot_folder_sizes", "plot_kill_outcomes", "plot_resume", "run_ranks", "running_mean", "seed_everything", "set_threads", "train_epochs",
           "train_micro_batch", "train_one_epoch", "train_steps", "truncate", "what_is_there"]
