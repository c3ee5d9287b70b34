# %% impl_sharded
# The style of PyTorch's distributed checkpoint recipe: an application state object that DCP calls
# state_dict() and load_state_dict() on (the Stateful protocol), and the folder made first.
from pathlib import Path

from torch.distributed.checkpoint.stateful import Stateful


class AppState(Stateful):
    def __init__(self, model, optimizer, epochs_done=0):
        self.model, self.optimizer, self.epochs_done = model, optimizer, epochs_done

    def state_dict(self):
        model_state, optimizer_state = get_state_dict(self.model, self.optimizer)
        return {"model": model_state, "optim": optimizer_state, "epochs": self.epochs_done}

    def load_state_dict(self, state_dict):
        set_state_dict(self.model, self.optimizer, model_state_dict=state_dict["model"],
                       optim_state_dict=state_dict["optim"])
        self.epochs_done = state_dict["epochs"]


def save_sharded(directory, model, optimizer, epochs_done):
    Path(directory).mkdir(parents=True, exist_ok=True)
    dcp.save({"app": AppState(model, optimizer, epochs_done)}, checkpoint_id=directory)


def load_sharded(directory, model, optimizer):
    app = AppState(model, optimizer)
    dcp.load({"app": app}, checkpoint_id=directory)
    return app.epochs_done
