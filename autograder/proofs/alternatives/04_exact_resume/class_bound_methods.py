# Style: classes defined at the top of the cells; the answers are bound methods of their instances.
# %% impl_rng
class RngKeeper:
    """Captures and restores every global generator."""

    def capture(self):
        kind, keys, pos, has_gauss, cached = np.random.get_state()
        return {"py": random.getstate(), "np": [kind, torch.tensor(keys.tolist(), dtype=torch.int64), pos,
                                               has_gauss, cached],
                "pt": torch.get_rng_state(),
                "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None}

    def restore(self, state):
        random.setstate(state["py"])
        kind, keys, pos, has_gauss, cached = state["np"]
        np.random.set_state((kind, np.array(keys.tolist(), dtype=np.uint32), pos, has_gauss, cached))
        torch.set_rng_state(state["pt"].cpu())
        if state["cuda"] is not None and torch.cuda.is_available():
            torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])


rng_keeper = RngKeeper()
capture_rng_state = rng_keeper.capture
restore_rng_state = rng_keeper.restore


# %% impl_fit
class Trainer:
    def __init__(self, rng):
        self.rng = rng

    def load(self, path, run, device):
        model, optimizer, scheduler, _ = run
        ckpt = torch.load(path, map_location=device, weights_only=True)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        self.rng.restore(ckpt["rng"])
        return ckpt["epochs_done"]

    def save(self, path, run, epochs_done):
        model, optimizer, scheduler, _ = run
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epochs_done": epochs_done,
                    "rng": self.rng.capture()}, path)

    def fit(self, ckpt_path, total_epochs, stop_after=None, device="cpu"):
        run = make_run(device)
        model, optimizer, scheduler, loader = run
        done = self.load(ckpt_path, run, device) if os.path.exists(ckpt_path) else 0
        budget = total_epochs - done if stop_after is None else min(stop_after, total_epochs - done)
        for _ in range(budget):
            train_one_epoch(model, optimizer, loader, device)
            scheduler.step()
            done += 1
            self.save(ckpt_path, run, done)
        return model


trainer = Trainer(rng_keeper)
fit = trainer.fit
