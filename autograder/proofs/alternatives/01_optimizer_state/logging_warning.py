# Style: logging.warning on every save and load (the logging module writes to stderr).
import logging

log = logging.getLogger("checkpoints")


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "epochs_done": epochs_done}, path)
    logging.warning("saved a checkpoint after %d epochs to %s", epochs_done, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    log.warning("resuming from %s after %d epochs", path, checkpoint["epochs_done"])
    return checkpoint["epochs_done"]
