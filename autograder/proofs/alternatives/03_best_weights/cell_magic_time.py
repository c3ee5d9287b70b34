# Style: the checkpoint cell starts with the %%time cell magic (IPython syntax), as learners often time their cells.
# %% impl_checkpoint
%%time
def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done, "best_acc": float(best_acc),
                "best_weights": best_weights, "hparams": hparams}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return {key: checkpoint[key] for key in ("epochs_done", "best_acc", "best_weights", "hparams")}


def load_best_model(path, model, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["best_weights"])
    return checkpoint["best_acc"]
