# Style: writes through an open file object and reads the bytes back through io.BytesIO.
import io


def save_checkpoint(path, model, optimizer, epochs_done):
    with open(path, "wb") as f:
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "epochs_done": epochs_done}, f)
        f.flush()


def load_checkpoint(path, model, optimizer, map_location=None):
    with open(path, "rb") as f:
        buffer = io.BytesIO(f.read())
    ckpt = torch.load(buffer, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    return ckpt["epochs_done"]
