# Style: both answer cells start with `from __future__ import annotations` and use type hints.
# %% impl_rng
from __future__ import annotations

from typing import Any


def capture_rng_state() -> dict[str, Any]:
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    state: dict[str, Any] = {
        "python": random.getstate(),
        "numpy": (kind, torch.from_numpy(keys.astype(np.int64)), pos, has_gauss, cached),
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng_state(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    kind, keys, pos, has_gauss, cached = state["numpy"]
    np.random.set_state((kind, keys.numpy().astype(np.uint32), pos, has_gauss, cached))
    torch.set_rng_state(state["torch"].cpu())
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])


# %% impl_fit
from __future__ import annotations

import os


def fit(ckpt_path: str | os.PathLike, total_epochs: int, stop_after: int | None = None,
        device: str = "cpu") -> torch.nn.Module:
    model, optimizer, scheduler, train_loader = make_run(device)
    done: int = 0
    if os.path.exists(ckpt_path):
        ckpt: dict = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        restore_rng_state(ckpt["rng"])
        done = ckpt["epochs_done"]
    ran: int = 0
    while done < total_epochs and (stop_after is None or ran < stop_after):
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        done, ran = done + 1, ran + 1
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": done, "rng": capture_rng_state()},
                   ckpt_path)
    return model
