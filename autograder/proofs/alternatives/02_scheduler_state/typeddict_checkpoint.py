# Style: a typing.TypedDict describes the checkpoint (at run time it is a plain dict).
from typing import Any, TypedDict


class Checkpoint(TypedDict):
    model: dict[str, torch.Tensor]
    optimizer: dict[str, Any]
    scheduler: dict[str, Any]
    epochs_done: int


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    ckpt: Checkpoint = Checkpoint(model=model.state_dict(), optimizer=optimizer.state_dict(),
                                  scheduler=scheduler.state_dict(), epochs_done=epochs_done)
    torch.save(ckpt, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None) -> int:
    ckpt: Checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    return ckpt["epochs_done"]
