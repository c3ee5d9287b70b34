"""Only the model's parameters are saved: BatchNorm's running statistics (buffers) are lost."""


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"params": dict(model.named_parameters()), "optimizer": optimizer.state_dict(),
                "epochs_done": epochs_done}, path)


def load_checkpoint(path, model, optimizer, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["params"], strict=False)
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epochs_done"]
