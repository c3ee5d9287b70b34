# %% impl_ddp
# No collective at all: rank 0 writes; every other rank waits until the file at the path loads and
# holds this save (its epoch count and the very weights this rank holds, which DDP keeps identical), polling.
def save_ddp(path, ddp_model, optimizer, epochs_done):
    weights = ddp_model.module.state_dict()
    if dist.get_rank() == 0:
        torch.save({"model": weights, "optimizer": optimizer.state_dict(), "epochs_done": epochs_done}, path)
        return
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            found = torch.load(path, map_location="cpu", weights_only=True)
        except Exception:  # not there yet, or still being written
            found = None
        if (found is not None and found.get("epochs_done") == epochs_done
                and all(torch.equal(found["model"][k], v.cpu()) for k, v in weights.items())):
            return
        time.sleep(0.01)
    raise TimeoutError("rank 0 did not write the checkpoint")


def load_ddp(path, ddp_model, optimizer, map_location=None):
    if map_location is None:
        map_location = next(ddp_model.parameters()).device
    with open(path, "rb") as f:
        checkpoint = torch.load(f, map_location=map_location, weights_only=True)
    ddp_model.module.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
