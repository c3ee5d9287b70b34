# %% impl_ddp
# Rank 0 serialises to memory first and writes the bytes in one go (pathlib), then the other ranks
# are released by a broadcast from rank 0 (a barrier made of another collective). Loading reads the bytes.
import io


def save_ddp(path, ddp_model, optimizer, epochs_done):
    path = Path(path)
    if dist.get_rank() == 0:
        buffer = io.BytesIO()
        torch.save({"model": ddp_model.module.state_dict(), "optimizer": optimizer.state_dict(),
                    "epochs_done": epochs_done}, buffer)
        path.write_bytes(buffer.getvalue())
    done = torch.ones(1) if dist.get_rank() == 0 else torch.zeros(1)
    dist.broadcast(done, src=0)  # the others receive only once rank 0 has written


def load_ddp(path, ddp_model, optimizer, map_location=None):
    device = next(ddp_model.parameters()).device
    data = io.BytesIO(Path(path).read_bytes())
    checkpoint = torch.load(data, map_location=device if map_location is None else map_location, weights_only=True)
    ddp_model.module.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
