# Style: the checkpoint also records who saved it, where and when (getpass, socket, datetime, str(torch.__version__)), shown on load.
import getpass
import socket
from datetime import datetime


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    meta = {"saved_at": datetime.now().isoformat(timespec="seconds"), "user": getpass.getuser(),
            "host": socket.gethostname(), "torch": str(torch.__version__), "epochs_done": epochs_done}
    torch.save({"meta": meta, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict()}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location, weights_only=True)
    meta = ckpt["meta"]
    print(f"checkpoint of epoch {meta['epochs_done']}, saved {meta['saved_at']} by {meta['user']}@{meta['host']} "
          f"with torch {meta['torch']}")
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    scheduler.load_state_dict(ckpt["scheduler"])
    return meta["epochs_done"]
