# Style: load_best_model puts the model in eval mode (model.eval()) before returning, ready for inference.
# %% impl_snapshot
def snapshot_weights(model):
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}


# %% impl_checkpoint
def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done, "best_acc": float(best_acc),
                "best_weights": best_weights, "hparams": hparams}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    model.train()  # ready to resume training
    return {"epochs_done": ckpt["epochs_done"], "best_acc": ckpt["best_acc"],
            "best_weights": ckpt["best_weights"], "hparams": ckpt["hparams"]}


def load_best_model(path, model, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(ckpt["best_weights"])
    model.eval()  # the best model is for evaluation and inference
    return ckpt["best_acc"]
