# %% impl_checkpoint
"""Hyperparameters are stored as an argparse.Namespace: the file no longer loads with weights_only=True."""
import argparse


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done, "best_acc": best_acc,
                "best_weights": best_weights, "hparams": argparse.Namespace(**hparams)}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=False)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return {"epochs_done": checkpoint["epochs_done"], "best_acc": checkpoint["best_acc"],
            "best_weights": checkpoint["best_weights"], "hparams": vars(checkpoint["hparams"])}


def load_best_model(path, model, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=False)
    model.load_state_dict(checkpoint["best_weights"])
    return checkpoint["best_acc"]
