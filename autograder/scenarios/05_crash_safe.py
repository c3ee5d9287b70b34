"""Lesson 05's trusted checks: atomic_save, save_rotating, load_latest and clean_state_dict.

Every state is made from the grading's secret, so only files the learner's functions really wrote
(and, on the load side, really read) hold the right tensors. What is on disk is judged in the grading
process (Case.inspect, Case.watch): which files a folder holds and what each one loads as.
- atomic_save: a new file, an overwrite, a save that raises before writing (an object torch.save cannot
  pickle) and one that fails part-way (the process's file size limit makes writes past 256 KB fail, as
  on a full disk): afterwards the folder holds the path alone, with the new or the old content, and
  the error reached the caller. A save side that overwrites the file forever is killed with SIGKILL by
  the grading process, which reads the file at many moments before (Case.watch). How the file reaches
  its path is traced in the check process: os.replace or os.rename from the same folder, of a file
  fsynced (os.fsync or os.fdatasync) when it held what the path holds after the call.
- save_rotating: steps that sort differently as text, files of other programs, a folder copied with
  new modification times, a rotation continued by a new process that has only the folder.
- load_latest: cut, empty and garbage checkpoints, newest first, in a new process that has only the
  folder; each must be named in a warning and the folder must stay as it was.
- clean_state_dict: the state dicts of real DistributedDataParallel, DataParallel and torch.compile
  wrappers, nested both ways, and of models with layers named `module` and `submodule`.
"""
import contextlib
import hashlib
import io
import os
import signal
import warnings
from pathlib import Path

import torch
from scenario_common import Case, learner, quiz_case

import ckptlab

# Taken before any learner code runs in this process.
_SAVE, _LOAD = torch.save, torch.load
_MODULE_STATE_DICT = torch.nn.Module.state_dict
_OS = {name: getattr(os, name) for name in ("fsync", "fdatasync", "replace", "rename", "fstat", "stat")}
_CATCH_WARNINGS, _SIMPLEFILTER = warnings.catch_warnings, warnings.simplefilter
FOREIGN = {"notes.txt": b"written by a person", "best.pt": None, "events.log": b"\x00\x01 another program",
           "logs/run.txt": b"a file in a subfolder"}

# --- tracing how a file reaches its path -------------------------------------------------------------
# Wrappers for os.fsync, os.fdatasync, os.replace and os.rename that note each call while a
# case traces (and only then). In a check process they are put in place before the learner's cells run,
# so `from os import replace` gets them too; in the grading process only while the reference runs.
_TRACE = []
_TRACING = []


def _note(*event):
    if _TRACING:
        _TRACE.append(event)


def _digest(data):
    return hashlib.sha256(data).hexdigest()


def _synced(fd):
    """Note an fsync of `fd`: its file, and what the file held at that moment."""
    if not _TRACING:
        return
    with contextlib.suppress(Exception):
        number = fd if isinstance(fd, int) else fd.fileno()
        st = _OS["fstat"](number)
        with open(f"/proc/self/fd/{number}", "rb") as f:  # the same file, read even when fd is write-only
            content = _digest(f.read())
        _note("fsync", st.st_dev, st.st_ino, content)


def _fsync(fd):
    _synced(fd)
    return _OS["fsync"](fd)


def _fdatasync(fd):
    _synced(fd)
    return _OS["fdatasync"](fd)


def _where(path, dir_fd):
    """The real path of a path given to os.rename (relative to dir_fd when given; str or bytes)."""
    path = os.fsdecode(path)
    if dir_fd is not None and not os.path.isabs(path):
        path = os.path.join(f"/proc/self/fd/{dir_fd}", path)
    return os.path.realpath(path)


def _renamer(name):
    def rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        if _TRACING:
            with contextlib.suppress(Exception):
                st = _OS["stat"](src, dir_fd=src_dir_fd, follow_symlinks=False)
                _note("rename", _where(src, src_dir_fd), _where(dst, dst_dir_fd), st.st_dev, st.st_ino)
        return _OS[name](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)
    return rename


_WRAPPERS = {"fsync": _fsync, "fdatasync": _fdatasync, "replace": _renamer("replace"),
             "rename": _renamer("rename")}
if __name__ == "scenario":  # a check process (autograder/driver.py): before the learner's cells
    for _name, _wrapper in _WRAPPERS.items():
        setattr(os, _name, _wrapper)


@contextlib.contextmanager
def tracing():
    """Note the calls while the block runs. In a check process the wrappers are already in place, and
    whatever the learner's cells put in os since stays there: a function of theirs that replaced
    os.fsync is what their code calls, and it is not an fsync."""
    in_check = __name__ == "scenario"
    previous = {} if in_check else {name: getattr(os, name) for name in _WRAPPERS}
    for name, wrapper in _WRAPPERS.items() if not in_check else ():
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
    """In words, how the last file renamed onto `path` got there (the reference's answer is the last)."""
    path = os.path.realpath(path)
    renames = [i for i, e in enumerate(events) if e[0] == "rename" and e[2] == path]
    if not renames:
        return "no os.replace or os.rename put a file at the path"
    i = renames[-1]
    _, src, _, dev, ino = events[i]
    st = os.stat(path, follow_symlinks=False)
    if src == path or (st.st_dev, st.st_ino) != (dev, ino) or st.st_nlink != 1:
        return "renamed onto itself, or a link to it: it was written in place"
    if os.path.dirname(src) != os.path.dirname(path):
        return "renamed from another folder (os.replace is atomic only within one)"
    synced = [e for e in events[:i] if e[0] == "fsync" and e[1:3] == (dev, ino)]
    if not synced:
        return "not fsynced before the rename"
    with open(path, "rb") as f:  # after atomic_save returned
        final = _digest(f.read())
    if not any(e[3] == final for e in synced):
        return "fsynced before its last write (flush the file object first)"
    return "fsynced, then renamed from the same folder"


# --- states only the save side can make --------------------------------------------------------------

def step_state(secret, step, on="cpu"):
    generator = torch.Generator().manual_seed((secret * 1_000_003 + step) % 2 ** 63)
    # 21 KB: big enough that a file cut in half raises OSError on torch.load, one cut early RuntimeError
    return {"global_step": step, "weights": torch.randn(4, 5, generator=generator).to(on),
            "buffer": torch.randn(5000, generator=generator).to(on), "note": f"checkpoint of step {step}",
            "history": [step % 7, float(step) / 3]}


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


def files_below(folder):
    """The files below `folder`, links to folders not followed, at most 10000 entries."""
    found = []
    for top, _, files in os.walk(folder):
        found += [Path(top) / name for name in files]
        if len(found) > 10_000:
            break
    return sorted(found)


def load_with(read, path):
    """torch.load(weights_only=True) of a file read by the grading process's reader."""
    return _LOAD(io.BytesIO(read(path)), map_location="cpu", weights_only=True)


def inspect_folder(folder, secret, read):
    """What a checkpoint folder holds: the other programs' files as they were, and the steps of the
    checkpoints in it with their tensors (a file that holds no state of this check is not counted: the
    learner may keep an index file)."""
    folder = Path(folder)
    report = {"files of other programs": "unchanged"}
    changed = []
    for name, content in FOREIGN.items():
        path = folder / name
        if not path.is_file():
            changed.append(f"{name} is gone")
        elif content is not None and read(path) != content:
            changed.append(f"{name} changed")
        elif content is None:
            try:
                state = load_with(read, path)
                same = torch.equal(state["weights"], step_state(secret, 424242)["weights"])
            except Exception:  # noqa: BLE001
                same = False
            if not same:
                changed.append(f"{name} changed")
    if changed:
        report["files of other programs"] = ", ".join(changed)
    steps = {}
    for path in files_below(folder):
        if str(path.relative_to(folder)) in FOREIGN:
            continue
        try:
            held = _held(load_with(read, path))
        except Exception:  # noqa: BLE001 (a file that is no checkpoint, such as a learner's own index)
            continue
        if held is None or type(held["global_step"]) is not int:
            continue  # a file of the learner's own, such as an index: not a checkpoint
        else:
            steps.setdefault(held["global_step"], []).append(held)
    report["steps of the checkpoints in the folder"] = sorted(s for s, found in steps.items() for _ in found)
    report["the checkpoints' contents"] = {s: found[0] for s, found in steps.items()}
    return report


# --- atomic_save ---------------------------------------------------------------------------------------

def same(a, b):
    """a == b for what step_state makes, tensors bit for bit (exact types)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, torch.Tensor):
        return a.dtype == b.dtype and a.shape == b.shape and torch.equal(a.cpu(), b.cpu())
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def inspect_model_file(folder, secret, read):
    """What the folder of an atomic_save case holds: what model.pt is (the state of which step), and any
    other file."""
    folder = Path(folder)
    others = sorted(str(p.relative_to(folder)) for p in files_below(folder) if p != folder / "model.pt")
    path = folder / "model.pt"
    if not os.path.lexists(path):
        held = "no file"
    else:
        try:
            state = load_with(read, path)
        except Exception as err:  # noqa: BLE001
            held = f"a file that does not load ({type(err).__name__})"
        else:
            steps = [s for s in range(4) if same(state, step_state(secret, s))]
            held = f"the state saved as step {steps[0]}" if steps else "a file that loads as something else"
    return {"model.pt": held, "other files left in the folder": ", ".join(others) or "none"}


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


def save_write_fails(ctx):
    """atomic_save of 1 MB over a 21 KB checkpoint, with the process's file size limited to 256 KB: every
    write past that fails with OSError (errno 27), as on a full disk, whatever writes it. (In the grading
    process, whose other threads must not be limited, the reference meets FullDisk instead: the same
    outcome.)"""
    import resource

    folder = Path(ctx.path)
    folder.mkdir()
    path = folder / "model.pt"
    _SAVE(step_state(ctx.secret, 0), path)
    atomic_save = learner(ctx, "atomic_save")
    big = {"weights": torch.randn(1 << 18, generator=torch.Generator().manual_seed(ctx.secret))}
    in_check = __name__ == "scenario"
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if in_check:
        previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 18, hard))
    else:
        big["extra"] = FullDisk()
    try:
        atomic_save(big, path)
    except BaseException:  # noqa: BLE001 (the error reached the caller)
        reached = "an exception"
    else:
        reached = "nothing: atomic_save returned normally"
    finally:
        if in_check:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, previous)
    return {"what reached the caller when the disk filled up": reached}


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
        small = {"weights": step_state(ctx.secret, 1 + old)["weights"]}  # 1.5 KB: less than a file buffer
        with tracing() as events:
            atomic_save(small, str(path) if ctx.as_str else path)
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


def inspect_own_folder(folder, secret, read):
    """inspect_folder of a folder that save_rotating made itself (no other program's files in it)."""
    report = inspect_folder(folder, secret, read)
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
        if damage == "cut":  # OSError
            os.truncate(path, path.stat().st_size // 2)
        elif damage == "cut early":  # RuntimeError
            os.truncate(path, 300)
        elif damage == "empty":  # EOFError
            os.truncate(path, 0)
        else:
            path.write_bytes(b"written over by another program\n" * 100)
    if ctx.damage:  # for the load side, which must find each named in a warning
        names = " ".join(str(Path(paths[step]).relative_to(folder)) for step in ctx.damage)
        (folder / "notes.txt").write_text(f"{FOREIGN['notes.txt'].decode()}\nbroken: {names}\n")
    return None


def load_for_latest(ctx):
    folder = Path(ctx.path) / ctx.ask_inside if ctx.ask_inside else Path(ctx.path)
    load_latest = learner(ctx, "load_latest")
    notes = folder / "notes.txt"
    broken = notes.read_text().split("broken: ")[1].split() if notes.is_file() and "broken: " in notes.read_text() else []
    calls = []

    def recorder(storage, location):  # a callable map_location, which torch.load calls for every storage
        calls.append(location)
        return storage

    kwargs = {"map_location": recorder if ctx.load_on == "callable" else ctx.load_on} if ctx.load_on else {}
    with _CATCH_WARNINGS(record=True) as caught:
        _SIMPLEFILTER("always")
        returned = load_latest(str(folder) if ctx.as_str else folder, **kwargs)
    good = None  # the file the returned state came from: a warning about a broken file does not name it
    if type(returned) is tuple and len(returned) == 2 and type(returned[1]) is int:
        for path in files_below(folder):
            name = str(path.relative_to(folder))
            if name not in FOREIGN and name not in broken:
                with contextlib.suppress(Exception):
                    held = _held(_LOAD(path, map_location="cpu", weights_only=True))
                    good = name if held is not None and held["global_step"] == returned[1] else good
    messages = [str(w.message) for w in caught]

    def named(name, message):
        return (name in message or Path(name).parts[0] in message) and (good is None or good not in message)

    report = {"returned": returned,
              "broken checkpoints no warning names (alone, without the one that loaded)": [
                  name for name in broken if not any(named(name, message) for message in messages)]}
    if ctx.load_on == "callable":
        report["the map_location given was used"] = bool(calls)
    if type(returned) is tuple and len(returned) == 2 and isinstance(returned[0], dict):
        report["devices of the returned tensors"] = sorted({t.device.type for t in returned[0].values()
                                                            if isinstance(t, torch.Tensor)})
    return report


def latest_case(title, steps, damage=None, foreign=True, ask_inside=None, as_str=False, save_on=None, load_on=None):
    assert foreign or not damage, "the names of the damaged files go to the load side in notes.txt"
    return Case("test_load_latest", title, save_for_latest, load_for_latest,
                cells=("impl_atomic", "impl_rotating", "impl_latest"), folder=True, unchanged_by_load=True,
                steps=steps, damage=damage or {}, foreign=foreign, ask_inside=ask_inside, as_str=as_str,
                save_on=save_on, load_on=load_on)


# --- clean_state_dict ------------------------------------------------------------------------------------

class Layered(torch.nn.Module):
    """A model with layers named `submodule` and `encoder` and, inside a block, one named `module`."""

    def __init__(self):
        super().__init__()
        self.submodule = torch.nn.Linear(3, 4)
        self.encoder = torch.nn.Linear(4, 4)  # a name that .lstrip("module.") cuts
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
    "atomic_disk_full": Case("test_atomic_save", "atomic_save over an existing file when the disk fills up mid-write",
                             save_write_fails, cells=("impl_atomic",), folder=True, inspect=inspect_model_file),
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
    "latest_fallback": latest_case("load_latest past cut, empty and garbage checkpoints, in a new process",
                                   [3, 20, 100, 250, 1000, 4000],
                                   {4000: "cut", 1000: "cut early", 250: "empty", 100: "garbage"}),
    "latest_none_loads": latest_case("load_latest when no checkpoint loads", [5, 50], {50: "cut", 5: "empty"},
                                     as_str=True),
    "latest_missing": latest_case("load_latest of a missing folder", [], ask_inside="not-there"),
    "latest_empty": latest_case("load_latest of an empty folder", [], foreign=False),
    "latest_map_callable": latest_case("load_latest with a callable map_location", [2, 30], {30: "cut"},
                                       load_on="callable"),
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
