# Style: torch.save with pickle_protocol=4, loaded as a trusted file of our own (weights_only=False).
def save_checkpoint(path, model, optimizer, epochs_done):
    checkpoint = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epochs_done": epochs_done}
    torch.save(checkpoint, path, pickle_protocol=4)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=False)  # our own file
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
