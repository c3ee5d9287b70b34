# Style: a module-level counter updated with `global` (counts the saves of this session).
SAVES_WRITTEN = 0


def save_checkpoint(path, model, optimizer, epochs_done):
    global SAVES_WRITTEN
    SAVES_WRITTEN += 1
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "epochs_done": epochs_done, "save_number": SAVES_WRITTEN}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return int(checkpoint["epochs_done"])
