"""Lesson 05's trusted checks: atomic_save, save_rotating, load_latest and clean_state_dict.

Every state is made from the grading's secret, so only files the learner's functions really wrote
(and, on the load side, really read) hold the right tensors. What is on disk is judged in the grading
process (Case.inspect, Case.watch): which files a folder holds and what each one loads as.
- atomic_save: a new file, an overwrite, and a save that raises part-way (an object torch.save cannot
  write, raising the error of a full disk): afterwards the folder holds the path alone, with the new
  or the old content. A save side that overwrites the file forever is killed with SIGKILL by the
  grading process, which reads the file at many moments before (Case.watch). How the file reaches
  its path is traced in the check process: os.replace or os.rename from the same folder, of a file
  fsynced (os.fsync, os.fdatasync or os.sync) after its last byte was written.
- save_rotating: steps that sort differently as text, files of other programs, a folder copied with
  new modification times, a rotation continued by a new process that has only the folder.
- load_latest: cut, empty and garbage checkpoints, newest first, in a new process that has only the
  folder; each must be named in a warning and the folder must stay as it was.
- clean_state_dict: the state dicts of real DistributedDataParallel, DataParallel and torch.compile
  wrappers, nested both ways, and of models with layers named `module` and `submodule`.
"""
import contextlib
import os
import warnings
from pathlib import Path

import torch
from scenario_common import Case, learner, quiz_case

import ckptlab

# Taken before any learner code runs in this process.
_SAVE, _LOAD = torch.save, torch.load
_MODULE_STATE_DICT = torch.nn.Module.state_dict
_OS = {name: getattr(os, name) for name in ("fsync", "fdatasync", "sync", "replace", "rename", "fstat", "stat")}
FOREIGN = {"notes.txt": b"written by a person", "best.pt": None, "events.log": b"\x00\x01 another program",
           "logs/run.txt": b"a file in a subfolder"}

# --- tracing how a file reaches its path -------------------------------------------------------------
# Wrappers for os.fsync, os.fdatasync, os.sync, os.replace and os.rename that note each call while a
# case traces (and only then). In a check process they are put in place before the learner's cells run,
# so `from os import replace` gets them too; in the grading process only while the reference runs.
_TRACE = []
_TRACING = []


def _note(*event):
    if _TRACING:
        _TRACE.append(event)


def _fsync(fd):
    with contextlib.suppress(Exception):
        st = _OS["fstat"](fd if isinstance(fd, int) else fd.fileno())
        _note("fsync", st.st_dev, st.st_ino, st.st_size)
    return _OS["fsync"](fd)


def _fdatasync(fd):
    with contextlib.suppress(Exception):
        st = _OS["fstat"](fd if isinstance(fd, int) else fd.fileno())
        _note("fsync", st.st_dev, st.st_ino, st.st_size)
    return _OS["fdatasync"](fd)


def _sync():
    _note("sync")
    return _OS["sync"]()


def _renamer(name):
    def rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        with contextlib.suppress(Exception):
            st = _OS["stat"](src, dir_fd=src_dir_fd)
            _note("rename", os.path.realpath(os.fspath(src)), os.path.realpath(os.fspath(dst)), st.st_dev, st.st_ino,
                  st.st_size)
        return _OS[name](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)
    return rename


_WRAPPERS = {"fsync": _fsync, "fdatasync": _fdatasync, "sync": _sync, "replace": _renamer("replace"),
             "rename": _renamer("rename")}
if __name__ == "scenario":  # a check process (autograder/driver.py): before the learner's cells
    for _name, _wrapper in _WRAPPERS.items():
        setattr(os, _name, _wrapper)


@contextlib.contextmanager
def tracing():
    previous = {name: getattr(os, name) for name in _WRAPPERS}
    for name, wrapper in _WRAPPERS.items():
        setattr(os, name, wrapper)
    _TRACE.clear()
    _TRACING.append(True)
    try:
        yield _TRACE
    finally:
        _TRACING.clear()
        for name, function in previous.items():
            setattr(os, name, function)


def how_it_got_there(events, path):
    """In words, how the last file renamed onto `path` got there (the reference's answer is the first)."""
    path = os.path.realpath(path)
    renames = [i for i, e in enumerate(events) if e[0] == "rename" and e[2] == path]
    if not renames:
        return "no os.replace or os.rename put a file at the path"
    i = renames[-1]
    _, src, _, dev, ino, size = events[i]
    if os.path.dirname(src) != os.path.dirname(path):
        return "the file renamed onto the path was written in another folder (os.replace is atomic only within one)"
    synced = [e for e in events[:i] if e[0] == "sync" or (e[0] == "fsync" and e[1:3] == (dev, ino))]
    if not synced:
        return "the file renamed onto the path was not fsynced before the rename"
    if not any(e[0] == "sync" or e[3] == size for e in synced):
        return ("the file renamed onto the path was fsynced before all of it was written (flush a file object "
                "before os.fsync)")
    return "a file in the same folder, fsynced after its last write, then renamed onto the path"


# --- states only the save side can make --------------------------------------------------------------

def step_state(secret, step, on="cpu"):
    generator = torch.Generator().manual_seed((secret * 1_000_003 + step) % 2 ** 63)
    return {"global_step": step, "weights": torch.randn(4, 5, generator=generator).to(on),
            "note": f"checkpoint of step {step}", "history": [step % 7, float(step) / 3]}


class FullDisk:
    """An object torch.save cannot write: pickling it raises the error a full disk gives."""

    def __reduce__(self):
        raise OSError(28, "No space left on device")


def make_foreign(folder, secret):
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in FOREIGN.items():
        (folder / name).parent.mkdir(exist_ok=True)
        if content is None:
            _SAVE(step_state(secret, 424242), folder / name)  # a checkpoint, but not one of save_rotating's
        else:
            (folder / name).write_bytes(content)


def _held(obj, depth=0):
    """The step_state inside what a checkpoint file loads as (the learner may wrap it), or None."""
    if isinstance(obj, dict):
        if "global_step" in obj and "weights" in obj:
            return obj
        for value in obj.values():
            found = _held(value, depth + 1) if depth < 3 else None
            if found is not None:
                return found
    if isinstance(obj, (list, tuple)) and depth < 3:
        for value in obj:
            found = _held(value, depth + 1)
            if found is not None:
                return found
    return None


def inspect_folder(folder, secret):
    """What a checkpoint folder holds: the other programs' files as they were, and the step of every
    other file (each must load and hold one state) with its tensors."""
    folder = Path(folder)
    report = {"files of other programs": "unchanged", "files that hold no checkpoint": "none"}
    changed = []
    for name, content in FOREIGN.items():
        path = folder / name
        if not path.is_file():
            changed.append(f"{name} is gone")
        elif content is not None and path.read_bytes() != content:
            changed.append(f"{name} changed")
        elif content is None:
            try:
                state = _LOAD(path, map_location="cpu", weights_only=True)
                same = torch.equal(state["weights"], step_state(secret, 424242)["weights"])
            except Exception:  # noqa: BLE001
                same = False
            if not same:
                changed.append(f"{name} changed")
    if changed:
        report["files of other programs"] = ", ".join(changed)
    steps, stray = {}, []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        name = str(path.relative_to(folder))
        if name in FOREIGN or path.is_dir():
            continue
        try:
            held = _held(_LOAD(path, map_location="cpu", weights_only=True))
        except Exception as err:  # noqa: BLE001
            stray.append(f"{name} ({type(err).__name__})")
            continue
        if held is None or type(held["global_step"]) is not int:
            stray.append(f"{name} (no state of this check)")
        else:
            steps.setdefault(held["global_step"], []).append(held)
    if stray:
        report["files that hold no checkpoint"] = ", ".join(stray)
    report["steps of the checkpoints in the folder"] = sorted(s for s, found in steps.items() for _ in found)
    report["the checkpoints' contents"] = {s: found[0] for s, found in steps.items()}
    return report


# --- atomic_save ---------------------------------------------------------------------------------------

def inspect_model_file(folder, secret):
    folder = Path(folder)
    others = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name != "model.pt")
    path = folder / "model.pt"
    if not path.is_file():
        held = "no file"
    else:
        try:
            held = _LOAD(path, map_location="cpu", weights_only=True)
        except Exception as err:  # noqa: BLE001
            held = f"a file that does not load ({type(err).__name__})"
    return {"model.pt holds": held, "other files left in the folder": ", ".join(others) or "none"}


def save_atomic(ctx):
    folder = Path(ctx.path)
    folder.mkdir()
    path = folder / "model.pt"
    atomic_save = learner(ctx, "atomic_save")
    if ctx.old is not None:
        _SAVE(step_state(ctx.secret, ctx.old), path)
    for step in ctx.steps:
        atomic_save(step_state(ctx.secret, step), str(path) if ctx.as_str else path)
    if not ctx.raises:
        return None
    try:
        atomic_save({"weights": step_state(ctx.secret, 99)["weights"], "extra": FullDisk()}, path)
    except OSError as err:
        reached = f"{type(err).__name__} (errno {err.errno})"
    except BaseException as err:  # noqa: BLE001
        reached = f"{type(err).__name__}, not the OSError torch.save raised"
    else:
        reached = "nothing: atomic_save returned normally"
    return {"the error that reached the caller": reached}


def atomic_case(title, old, steps, raises=False, as_str=False):
    return Case("test_atomic_save", title, save_atomic, cells=("impl_atomic",), folder=True,
                inspect=inspect_model_file, old=old, steps=steps, raises=raises, as_str=as_str)


def save_traced(ctx):
    folder = Path(ctx.path)
    folder.mkdir()
    path = folder / "model.pt"
    atomic_save = learner(ctx, "atomic_save")
    found = {}
    for label, old in (("a new file", False), ("an overwrite", True)):
        with tracing() as events:
            atomic_save(step_state(ctx.secret, 1 + old), str(path) if ctx.as_str else path)
        found[f"how {label} reached its path"] = how_it_got_there(list(events), path)
    return found


KILL_WEIGHTS = {}


def kill_state(secret, i):
    if secret not in KILL_WEIGHTS:
        generator = torch.Generator().manual_seed(secret)
        KILL_WEIGHTS[secret] = (torch.randn(1 << 18, generator=generator), torch.randn(1 << 18, generator=generator))
    return {"write": i, "weights": KILL_WEIGHTS[secret][i % 2]}


def save_forever(ctx):
    """Overwrite model.pt with atomic_save until killed; ctx.out/<name>.ready once the first state is there."""
    folder = Path(ctx.path)
    folder.mkdir(exist_ok=True)  # each kill's process finds the last one's folder
    path = folder / "model.pt"
    atomic_save = learner(ctx, "atomic_save")
    _SAVE(kill_state(ctx.secret, 0), path)
    i = 1
    while True:
        atomic_save(kill_state(ctx.secret, i), path if i % 2 else str(path))
        if i == 1:
            open(os.path.join(ctx.out, f"{ctx.name}.ready"), "w").close()
        i += 1


def watch_kill(secret, obj):
    """(write number, None) for one of the states save_forever writes, whole; else (None, what it was)."""
    if type(obj) is not dict or set(obj) != {"write", "weights"} or type(obj["write"]) is not int:
        return None, "something else than the state that was saved"
    weights = obj["weights"]
    expected = kill_state(secret, obj["write"])["weights"]
    if type(weights) is not torch.Tensor or weights.shape != expected.shape or not torch.equal(weights, expected):
        return None, f"write {obj['write']}, but with other weights"
    return obj["write"], None


# --- save_rotating ---------------------------------------------------------------------------------------

def save_rotation(ctx):
    folder = target = Path(ctx.path)  # not there yet: save_rotating makes it unless other files are put first
    if ctx.foreign:
        make_foreign(folder, ctx.secret)
    save_rotating = learner(ctx, "save_rotating")
    returned = []
    for i, step in enumerate(ctx.steps):
        if ctx.copied_at == i:  # the folder was copied (cp -r, rsync without -t): new times, oldest newest
            files = sorted(p for p in target.iterdir() if p.is_file())
            for age, path in enumerate(files):
                os.utime(path, ns=(10 ** 18 - age * 10 ** 9, 10 ** 18 - age * 10 ** 9))
        keep = ctx.last_keep if ctx.last_keep and i == len(ctx.steps) - 1 else ctx.keep
        path = save_rotating(str(target) if ctx.as_str else target, step_state(ctx.secret, step), step, keep=keep)
        if not isinstance(path, Path):
            returned.append(f"a {type(path).__name__}, not a pathlib.Path")
            continue
        try:
            held = _held(_LOAD(path, map_location="cpu", weights_only=True))
            returned.append("the new checkpoint" if held is not None and held["global_step"] == step else
                            "a file that holds another state")
        except Exception as err:  # noqa: BLE001
            returned.append(f"a path that does not load ({type(err).__name__})")
    return {"what each call returned": returned}


def continue_rotation(ctx):
    """A new process with only the folder continues the rotation."""
    folder = Path(ctx.path)
    save_rotating = learner(ctx, "save_rotating")
    for step in ctx.then:
        save_rotating(folder, step_state(7, step), step, keep=ctx.keep)
    return None


def inspect_own_folder(folder, secret):
    """inspect_folder of a folder that save_rotating made itself (no other program's files in it)."""
    report = inspect_folder(folder, secret)
    del report["files of other programs"]
    return report


def rotation_case(title, steps, keep, last_keep=None, foreign=True, copied_at=None, as_str=False, then=None):
    return Case("test_rotation", title, save_rotation, continue_rotation if then else None,
                cells=("impl_atomic", "impl_rotating"), folder=True,
                inspect=inspect_folder if foreign else inspect_own_folder, steps=steps, keep=keep, last_keep=last_keep,
                foreign=foreign, copied_at=copied_at, as_str=as_str, then=then)


# --- load_latest -----------------------------------------------------------------------------------------

def save_for_latest(ctx):
    folder = Path(ctx.path)
    if ctx.foreign:
        make_foreign(folder, ctx.secret)
    else:
        folder.mkdir()
    save_rotating = learner(ctx, "save_rotating")
    on = ctx.save_on or ctx.device
    paths = {step: save_rotating(folder, step_state(ctx.secret, step, on), step, keep=100) for step in ctx.steps}
    for step, damage in ctx.damage.items():
        path = Path(paths[step])
        if damage == "cut":
            os.truncate(path, path.stat().st_size // 2)
        elif damage == "empty":
            os.truncate(path, 0)
        else:
            path.write_bytes(b"written over by another program\n" * 100)
    return None


def load_for_latest(ctx):
    folder = Path(ctx.path) / ctx.ask_inside if ctx.ask_inside else Path(ctx.path)
    load_latest = learner(ctx, "load_latest")
    broken = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file() and str(path.relative_to(folder)) not in FOREIGN:
            try:
                _LOAD(path, map_location="cpu", weights_only=True)
            except Exception:  # noqa: BLE001
                broken.append(path.name)
    kwargs = {"map_location": ctx.load_on} if ctx.load_on else {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        returned = load_latest(str(folder) if ctx.as_str else folder, **kwargs)
    said = " ".join(str(w.message) for w in caught)
    report = {"returned": returned,
              "files that do not load and no warning names": [name for name in broken if name not in said]}
    if type(returned) is tuple and len(returned) == 2 and isinstance(returned[0], dict):
        report["devices of the returned tensors"] = sorted({t.device.type for t in returned[0].values()
                                                            if isinstance(t, torch.Tensor)})
    return report


def latest_case(title, steps, damage=None, foreign=True, ask_inside=None, as_str=False, save_on=None, load_on=None):
    return Case("test_load_latest", title, save_for_latest, load_for_latest,
                cells=("impl_atomic", "impl_rotating", "impl_latest"), folder=True, unchanged_by_load=True,
                steps=steps, damage=damage or {}, foreign=foreign, ask_inside=ask_inside, as_str=as_str,
                save_on=save_on, load_on=load_on)


# --- clean_state_dict ------------------------------------------------------------------------------------

class Layered(torch.nn.Module):
    """A model with a layer named `submodule` and, inside a block, one named `module`."""

    def __init__(self):
        super().__init__()
        self.submodule = torch.nn.Linear(3, 4)
        self.block = torch.nn.Module()
        self.block.module = torch.nn.Linear(4, 2)
        self.block.modules_ = torch.nn.BatchNorm1d(2)


def save_cleaned(ctx):
    torch.manual_seed(ctx.secret)
    model = ckptlab.SmallCNN() if ctx.model == "cnn" else Layered()
    with ckptlab.one_process_group():
        wrapped = model
        for wrapper in ctx.wrappers:
            if wrapper == "ddp":
                wrapped = torch.nn.parallel.DistributedDataParallel(wrapped)
            elif wrapper == "dp":
                wrapped = torch.nn.DataParallel(wrapped)
            else:
                wrapped = torch.compile(wrapped)
        state = _MODULE_STATE_DICT(wrapped)
    cleaned = learner(ctx, "clean_state_dict")(state)
    if not isinstance(cleaned, dict):
        return {"returned": f"a {type(cleaned).__name__}, not a dict"}
    return {"returned": {key: dict.__getitem__(cleaned, key) for key in dict.keys(cleaned)}}


def clean_case(title, wrappers, model="cnn"):
    return Case("test_clean_state_dict", title, save_cleaned, cells=("impl_clean",), wrappers=wrappers, model=model)


CASES = {
    "atomic_new": atomic_case("atomic_save of a new file", None, [1]),
    "atomic_overwrite": atomic_case("atomic_save over an existing file, twice, path as a str", 0, [1, 2], as_str=True),
    "atomic_raises": atomic_case("atomic_save when torch.save raises (a full disk)", 0, [], raises=True),
    "atomic_raises_new": atomic_case("atomic_save of a new file when torch.save raises", None, [], raises=True),
    "kill": Case("test_atomic_kill", "SIGKILL while atomic_save overwrites the file", save_forever,
                 cells=("impl_atomic",), folder=True, watch=watch_kill, watch_file="model.pt", kills=3),
    "traced": Case("test_atomic_kill", "how atomic_save puts the file in place", save_traced, cells=("impl_atomic",),
                   folder=True, as_str=False),
    "traced_str": Case("test_atomic_kill", "how atomic_save puts the file in place, path as a str", save_traced,
                       cells=("impl_atomic",), folder=True, as_str=True),
    "rotate_numeric": rotation_case("save_rotating(keep=3) of steps 8, 9, 10, 99, 100, 1000 beside other files",
                                    [8, 9, 10, 99, 100, 1000], 3),
    "rotate_big": rotation_case("save_rotating(keep=2) of steps up to 10**15, in a folder it must create",
                                [99_999_999, 100_000_000, 10 ** 12, 10 ** 15 + 1], 2, foreign=False, as_str=True),
    "rotate_copied": rotation_case("save_rotating(keep=2) in a copied folder (new modification times)",
                                   [1, 2, 3, 4, 5], 10, last_keep=2, copied_at=4),
    "rotate_restart": rotation_case("save_rotating(keep=3) of steps 1 to 5, continued by a new process (6, 7)",
                                    [1, 2, 3, 4, 5], 3, then=[6, 7]),
    "latest_fallback": latest_case("load_latest past a cut, an empty and a garbage checkpoint, in a new process",
                                   [3, 20, 100, 250, 1000], {1000: "cut", 250: "empty", 100: "garbage"}),
    "latest_none_loads": latest_case("load_latest when no checkpoint loads", [5, 50], {50: "cut", 5: "empty"},
                                     as_str=True),
    "latest_missing": latest_case("load_latest of a missing folder", [], ask_inside="not-there"),
    "latest_empty": latest_case("load_latest of an empty folder", [], foreign=False),
    "latest_map_location": latest_case("load_latest(folder as a str, map_location='cpu')", [7, 70], as_str=True,
                                       load_on="cpu"),
    "clean_ddp": clean_case("clean_state_dict of DistributedDataParallel(SmallCNN)", ["ddp"]),
    "clean_compiled": clean_case("clean_state_dict of torch.compile(SmallCNN)", ["compile"]),
    "clean_ddp_of_compiled": clean_case("clean_state_dict of DDP(torch.compile(model))", ["compile", "ddp"],
                                        model="layered"),
    "clean_compiled_of_ddp": clean_case("clean_state_dict of torch.compile(DDP(SmallCNN))", ["ddp", "compile"]),
    "clean_deep": clean_case("clean_state_dict of torch.compile(DDP(torch.compile(DataParallel(model))))",
                             ["dp", "compile", "ddp", "compile"], model="layered"),
    "clean_plain": clean_case("clean_state_dict of a model with layers named submodule and module",
                              [], model="layered"),
    "clean_dp": clean_case("clean_state_dict of DataParallel(model with a layer named submodule)", ["dp"],
                           model="layered"),
    "quiz": quiz_case(),
}
if torch.cuda.is_available():
    CASES["latest_gpu_to_cpu"] = latest_case("load_latest(map_location='cpu') of checkpoints saved on the GPU",
                                             [4, 40], save_on="cuda", load_on="cpu")
