# Module-level helpers and a dataclass for the RNG state, pathlib for the file, the steps done stored as a
# tensor, and an explicit epoch loop that counts micro-batches per epoch.
from dataclasses import asdict, dataclass


@dataclass
class Rng:
    python: tuple
    numpy: tuple
    torch: torch.Tensor

    @staticmethod
    def now():
        kind, keys, pos, has_gauss, cached = np.random.get_state()
        return Rng(random.getstate(), (kind, torch.tensor(keys.astype(np.int64)), pos, has_gauss, cached),
                   torch.get_rng_state())

    def put_back(self):
        random.setstate(self.python)
        kind, keys, pos, has_gauss, cached = self.numpy
        np.random.set_state((kind, keys.numpy().astype(np.uint32), pos, has_gauss, cached))
        torch.set_rng_state(self.torch)


def fit_steps(ckpt_path, total_steps, save_every, stop_after=None, device="cpu"):
    ckpt_path = Path(ckpt_path)
    model, optimizer, scheduler, scaler, train_loader = make_step_run(device)
    done = torch.tensor(0)
    if ckpt_path.exists():
        ckpt = torch.load(ckpt_path, map_location=device, weights_only=True)
        model.load_state_dict(ckpt["model"]), optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"]), scaler.load_state_dict(ckpt["scaler"])
        train_loader.load_state_dict(ckpt["loader"])
        Rng(**ckpt["rng"]).put_back()
        done = ckpt["done"]
    stop = total_steps if stop_after is None else min(total_steps, int(done) + stop_after)
    while int(done) < stop:
        in_epoch = 0
        for batch in train_loader:
            train_micro_batch(model, batch, scaler, device)
            in_epoch += 1
            if in_epoch % ACCUMULATE:
                continue
            optimizer_step(optimizer, scheduler, scaler)
            done += 1
            if int(done) % save_every == 0:
                tmp = ckpt_path.with_name(ckpt_path.name + ".tmp")
                torch.save(dict(model=model.state_dict(), optimizer=optimizer.state_dict(),
                                scheduler=scheduler.state_dict(), scaler=scaler.state_dict(),
                                loader=train_loader.state_dict(), rng=asdict(Rng.now()), done=done.clone()), tmp)
                tmp.replace(ckpt_path)
            if int(done) == stop:
                break
    return model
