# %% impl_sharded
# dcp.async_save, waited on before returning (its Future's result()), with an explicit
# FileSystemWriter that writes one file per tensor-item set (single_file_per_rank=False) with 2 threads;
# loading with FileSystemReader and a load planner. The directory is made first with os.makedirs.
import os

from torch.distributed.checkpoint import FileSystemReader, FileSystemWriter
from torch.distributed.checkpoint.default_planner import DefaultLoadPlanner


def save_sharded(directory, model, optimizer, epochs_done):
    os.makedirs(directory, exist_ok=True)
    model_state, optimizer_state = get_state_dict(model, optimizer)
    state = {"model": model_state, "optimizer": optimizer_state, "epochs_done": epochs_done}
    writer = FileSystemWriter(os.fspath(directory), single_file_per_rank=False, thread_count=2)
    future = dcp.async_save(state, storage_writer=writer)
    future.result()  # the save is done on every rank when this returns


def load_sharded(directory, model, optimizer):
    model_state, optimizer_state = get_state_dict(model, optimizer)
    state = {"model": model_state, "optimizer": optimizer_state, "epochs_done": -1}
    dcp.load(state, storage_reader=FileSystemReader(os.fspath(directory)), planner=DefaultLoadPlanner())
    set_state_dict(model, optimizer, model_state_dict=state["model"], optim_state_dict=state["optimizer"])
    return state["epochs_done"]
