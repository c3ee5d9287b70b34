# Style: a class defined at the top of the cell; the answer is an instance's bound methods.
class CheckpointManager:
    """Keeps the checkpoint format in one place."""

    def __init__(self, model_key="model_state", optim_key="optim_state", epoch_key="epochs_done"):
        self.model_key, self.optim_key, self.epoch_key = model_key, optim_key, epoch_key

    def save(self, path, model, optimizer, epochs_done):
        torch.save({self.model_key: model.state_dict(), self.optim_key: optimizer.state_dict(),
                    self.epoch_key: epochs_done}, path)

    def load(self, path, model, optimizer, map_location=None):
        ckpt = torch.load(path, map_location=map_location)
        model.load_state_dict(ckpt[self.model_key])
        optimizer.load_state_dict(ckpt[self.optim_key])
        return ckpt[self.epoch_key]


manager = CheckpointManager()
save_checkpoint = manager.save
load_checkpoint = manager.load
