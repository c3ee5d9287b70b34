# %% impl_ddp
# The rank from the environment (as torchrun sets it); the wrapper's state dict saved with its "module."
# prefix removed by torch's own helper, and loaded back through the wrapper with the prefix added again.
# The epoch count is kept as a tensor.
import os

from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present


def save_ddp(path, ddp_model, optimizer, epochs_done):
    if int(os.environ["RANK"]) == 0:
        weights = ddp_model.state_dict()
        consume_prefix_in_state_dict_if_present(weights, "module.")
        torch.save([weights, optimizer.state_dict(), torch.tensor(epochs_done)], str(path))
    torch.distributed.barrier()


def load_ddp(path, ddp_model, optimizer, map_location=None):
    where = next(ddp_model.parameters()).device
    weights, optimizer_state, epochs = torch.load(path, map_location=map_location or where, weights_only=True)
    ddp_model.load_state_dict({f"module.{k}": v for k, v in weights.items()})
    optimizer.load_state_dict(optimizer_state)
    return int(epochs.item())
