# %% impl_checkpoint
"""The article's resume: load_checkpoint puts the best weights into the model instead of the latest."""


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done, "best_acc": best_acc,
                "best_weights": best_weights, "hparams": hparams}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["best_weights"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return {k: checkpoint[k] for k in ("epochs_done", "best_acc", "best_weights", "hparams")}


def load_best_model(path, model, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["best_weights"])
    return checkpoint["best_acc"]
