# %% impl_ddp
# Rank 0 writes atomically (a temporary file, fsync, os.replace, as in lesson 05) and the ranks wait with a
# collective of their own (all_reduce of a flag that says the write worked). Loading: rank 0 reads the file
# and sends the checkpoint to the others with broadcast_object_list; load_state_dict moves it to each rank's device.
import os


def save_ddp(path, ddp_model, optimizer, epochs_done):
    ok = torch.zeros(1)
    if dist.get_rank() == 0:
        tmp = f"{os.fspath(path)}.tmp"
        with open(tmp, "wb") as f:
            torch.save({"weights": ddp_model.module.state_dict(), "optim": optimizer.state_dict(),
                        "epochs": epochs_done}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        ok += 1
    dist.all_reduce(ok)  # every rank waits here until rank 0 has written
    assert ok.item() == 1


def load_ddp(path, ddp_model, optimizer, map_location=None):
    box = [torch.load(path, map_location=map_location or "cpu", weights_only=True) if dist.get_rank() == 0 else None]
    dist.broadcast_object_list(box, src=0)
    checkpoint = box[0]
    ddp_model.module.load_state_dict(checkpoint["weights"])
    optimizer.load_state_dict(checkpoint["optim"])  # moves the state to the parameters' device
    return int(checkpoint["epochs"])
