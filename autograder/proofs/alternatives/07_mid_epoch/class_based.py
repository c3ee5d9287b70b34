# A trainer object that keeps the run; fit_steps builds one. The step count lives in the scheduler
# (LambdaLR's last_epoch counts its steps) instead of a number of its own; pickled RNG state, loaded with
# weights_only=False from the file this function wrote itself.
class StepTrainer:
    def __init__(self, path, device):
        self.path, self.device = path, device
        self.model, self.optimizer, self.scheduler, self.scaler, self.loader = make_step_run(device)

    @property
    def steps(self):
        return self.scheduler.last_epoch

    def restore(self):
        if not os.path.isfile(self.path):
            return
        state = torch.load(self.path, map_location=self.device, weights_only=False)
        for name in ("model", "optimizer", "scheduler", "scaler", "loader"):
            getattr(self, name).load_state_dict(state[name])
        random.setstate(state["rng"][0])
        np.random.set_state(state["rng"][1])
        torch.random.set_rng_state(state["rng"][2])

    def checkpoint(self):
        state = {name: getattr(self, name).state_dict() for name in ("model", "optimizer", "scheduler", "scaler",
                                                                       "loader")}
        state["rng"] = (random.getstate(), np.random.get_state(), torch.random.get_rng_state())
        with open(f"{self.path}.new", "wb") as f:
            torch.save(state, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(f"{self.path}.new", self.path)

    def run(self, total, every, stop_after):
        done_here, micro = 0, 0
        while self.steps < total and done_here != stop_after:
            for batch in self.loader:
                train_micro_batch(self.model, batch, self.scaler, self.device)
                micro += 1
                if micro % ACCUMULATE == 0:
                    optimizer_step(self.optimizer, self.scheduler, self.scaler)
                    done_here += 1
                    if self.steps % every == 0:
                        self.checkpoint()
                    if self.steps == total or done_here == stop_after:
                        break
        return self.model


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    trainer = StepTrainer(ckpt_path, device)
    trainer.restore()
    return trainer.run(total_steps, save_every, stop_after)
