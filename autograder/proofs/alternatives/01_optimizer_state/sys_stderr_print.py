# Style: `import sys` and progress messages printed to sys.stderr.
import sys


def save_checkpoint(path, model, optimizer, epochs_done):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epochs_done}, path)
    print(f"[checkpoint] saved epoch {epochs_done} to {path}", file=sys.stderr)


def load_checkpoint(path, model, optimizer, map_location=None):
    ckpt = torch.load(path, map_location=map_location)
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    print(f"[checkpoint] resuming after epoch {ckpt['epoch']} from {path}", file=sys.stderr)
    return ckpt["epoch"]
