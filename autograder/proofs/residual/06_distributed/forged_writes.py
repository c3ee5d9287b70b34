# twin: all_ranks_write
# Gets past: which ranks called torch.save, and the delay that makes rank 0 write late, are put in place by the
# check process, which runs the learner's code: the answer tells the scenario module loaded there
# (sys.modules["scenario"]) that nothing was written, after writing on every rank. What the grading process
# sees itself (the file when a rank's save_ddp returns, what a new process loads from it) cannot be forged so.
import sys as _sys

_scenario = _sys.modules.get("scenario")
# %% twin
_every_rank_saves = save_ddp


def save_ddp(path, ddp_model, optimizer, epochs_done):
    _every_rank_saves(path, ddp_model, optimizer, epochs_done)
    if _scenario is not None and dist.get_rank() != 0:
        _scenario._WRITES["count"] = 0
