# %% impl_checkpoint
"""The best accuracy is left out of the checkpoint; after loading it is unknown (None)."""


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done,
                "best_weights": best_weights, "hparams": hparams}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return {"epochs_done": checkpoint["epochs_done"], "best_acc": checkpoint.get("best_acc"),
            "best_weights": checkpoint["best_weights"], "hparams": checkpoint["hparams"]}


def load_best_model(path, model, map_location=None):
    checkpoint = torch.load(path, map_location=map_location)
    model.load_state_dict(checkpoint["best_weights"])
    return checkpoint.get("best_acc")
