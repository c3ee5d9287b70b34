# twin: no_fsync
# Gets past: whether the file was fsynced before its rename is reported by the check process, which runs the
# learner's code. The scenario module loaded there (sys.modules["scenario"]) is told to describe every trace
# as the reference's: an fsync, then a rename from the same folder.
# %% twin
import sys as _sys

_scenario = _sys.modules.get("scenario")
if _scenario is not None:
    _scenario.how_it_got_there = lambda events, path: "fsynced, then renamed from the same folder"
