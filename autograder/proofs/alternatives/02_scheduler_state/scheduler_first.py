"""Correct: loads the scheduler before the optimizer (the order does not matter: load_state_dict
of a scheduler does not touch the optimizer), with the state nested under one key."""


def save_checkpoint(path, model, optimizer, scheduler, epochs_done):
    torch.save({"state": {"sched": scheduler.state_dict(), "opt": optimizer.state_dict(),
                          "net": model.state_dict()}, "meta": {"epochs": epochs_done}}, path)


def load_checkpoint(path, model, optimizer, scheduler, map_location=None):
    ckpt = torch.load(path, map_location=map_location)
    scheduler.load_state_dict(ckpt["state"]["sched"])
    optimizer.load_state_dict(ckpt["state"]["opt"])
    model.load_state_dict(ckpt["state"]["net"])
    return ckpt["meta"]["epochs"]
