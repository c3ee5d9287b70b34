# Style: a @dataclass describes the saved run; dataclasses.asdict turns it into a plain dict before torch.save; atomic write via a temporary file and os.replace.
# %% impl_fit
import dataclasses


@dataclasses.dataclass
class RunState:
    epochs_done: int
    model: dict
    optimizer: dict
    scheduler: dict
    rng: dict


def fit(ckpt_path, total_epochs, stop_after=None, device="cpu"):
    model, optimizer, scheduler, train_loader = make_run(device)
    done = 0
    if os.path.exists(ckpt_path):
        state = RunState(**torch.load(ckpt_path, map_location=device, weights_only=True))
        model.load_state_dict(state.model)
        optimizer.load_state_dict(state.optimizer)
        scheduler.load_state_dict(state.scheduler)
        restore_rng_state(state.rng)
        done = state.epochs_done
    remaining = total_epochs - done
    if stop_after is not None:
        remaining = min(remaining, stop_after)
    for _ in range(max(remaining, 0)):
        train_one_epoch(model, optimizer, train_loader, device)
        scheduler.step()
        done += 1
        state = RunState(done, model.state_dict(), optimizer.state_dict(), scheduler.state_dict(),
                         capture_rng_state())
        tmp = f"{os.fspath(ckpt_path)}.tmp"
        torch.save(dataclasses.asdict(state), tmp)
        os.replace(tmp, ckpt_path)
    return model
