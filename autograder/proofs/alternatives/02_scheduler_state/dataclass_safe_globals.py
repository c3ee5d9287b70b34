# Style: a @dataclass checkpoint saved as is, allowed with torch.serialization.add_safe_globals at the top of the cell.
from dataclasses import dataclass, field


@dataclass
class TrainingCheckpoint:
    epochs_done: int
    model: dict = field(default_factory=dict)
    optimizer: dict = field(default_factory=dict)
    scheduler: dict = field(default_factory=dict)


torch.serialization.add_safe_globals([TrainingCheckpoint])


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save(TrainingCheckpoint(epochs_done, model.state_dict(), optimizer.state_dict(),
                                  scheduler.state_dict()), path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt.model)
    optimizer.load_state_dict(ckpt.optimizer)
    scheduler.load_state_dict(ckpt.scheduler)
    return ckpt.epochs_done
