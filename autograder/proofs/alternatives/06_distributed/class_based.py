# %% impl_ddp
# A checkpointer object; the functions are its bound methods. It finds the device itself and unwraps any
# wrapper that has a .module.
class Checkpointer:
    def __init__(self, writer_rank=0):
        self.writer_rank = writer_rank

    @staticmethod
    def unwrap(model):
        while hasattr(model, "module"):
            model = model.module
        return model

    def save(self, path, ddp_model, optimizer, epochs_done):
        if dist.get_rank() == self.writer_rank:
            torch.save(dict(model=self.unwrap(ddp_model).state_dict(), optimizer=optimizer.state_dict(),
                            epochs_done=epochs_done), path)
        dist.barrier()

    def load(self, path, ddp_model, optimizer, map_location=None):
        device = next(ddp_model.parameters()).device
        checkpoint = torch.load(path, map_location=device if map_location is None else map_location,
                                weights_only=True)
        self.unwrap(ddp_model).load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        return checkpoint["epochs_done"]


_checkpointer = Checkpointer()
save_ddp = _checkpointer.save
load_ddp = _checkpointer.load
