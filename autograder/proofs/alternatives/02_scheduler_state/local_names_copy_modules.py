# Style: local variables that happen to be named `copy` and `modules` (the set-up cell imports the module copy).
def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    modules = {"model": model, "optimizer": optimizer, "scheduler": scheduler}
    copy = {name: module.state_dict() for name, module in modules.items()}
    copy["epochs_done"] = epochs_done
    torch.save(copy, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    copy = torch.load(path, map_location=map_location)
    modules = {"model": model, "optimizer": optimizer, "scheduler": scheduler}
    for name, module in modules.items():
        module.load_state_dict(copy[name])
    return copy["epochs_done"]
