# %% impl_sharded
# Model and optimizer through their own getters and setters, explicit storage writer and reader, and the
# epoch count as a tensor.
from torch.distributed.checkpoint.state_dict import (get_model_state_dict, get_optimizer_state_dict,
                                                     set_model_state_dict, set_optimizer_state_dict)


def save_sharded(directory, model, optimizer, epochs_done):
    state = {"model": get_model_state_dict(model), "optimizer": get_optimizer_state_dict(model, optimizer),
             "epochs_done": torch.tensor([epochs_done])}
    dcp.save(state, storage_writer=dcp.FileSystemWriter(str(directory)))


def load_sharded(directory, model, optimizer):
    state = {"model": get_model_state_dict(model), "optimizer": get_optimizer_state_dict(model, optimizer),
             "epochs_done": torch.tensor([-1])}
    dcp.load(state, storage_reader=dcp.FileSystemReader(str(directory)))
    set_model_state_dict(model, state["model"])
    set_optimizer_state_dict(model, optimizer, state["optimizer"])
    return int(state["epochs_done"][0])
