# %% impl_atomic
# The step is stored inside each file ({"step": s, "state": state}) under a random name, and read back from the
# files: checkpoints are ordered by their content, numerically.
def atomic_save(obj, path):
    path = Path(path)
    tmp = path.parent / f".tmp-{os.urandom(8).hex()}-{path.name}"
    with open(tmp, "xb") as f:
        try:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())
        except BaseException:
            f.close()
            tmp.unlink()
            raise
    os.replace(tmp, path)


# %% impl_rotating
import uuid

NAME = re.compile(r"checkpoint-[0-9a-f]{32}\.pt")


def _read_steps(directory):
    """[(step, path)] of this function's checkpoints that load, from their content; others are left alone."""
    found = []
    for path in directory.iterdir():
        if NAME.fullmatch(path.name) and path.is_file():
            try:
                found.append((torch.load(path, map_location="cpu", weights_only=True)["step"], path))
            except Exception:  # noqa: BLE001 - not readable: neither counted nor deleted
                pass
    return sorted(found, key=lambda item: item[0])


def save_rotating(directory, state, step, keep=3):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{uuid.uuid4().hex}.pt"
    atomic_save({"step": int(step), "state": state}, path)
    found = _read_steps(directory)
    for _, old in found[:max(0, len(found) - keep)]:
        old.unlink()
    return path


# %% impl_latest
def load_latest(directory, map_location=None):
    directory = Path(directory)
    if not directory.is_dir():
        return None, None
    loaded = []
    for path in sorted(directory.iterdir()):
        if NAME.fullmatch(path.name) and path.is_file():
            try:
                checkpoint = torch.load(path, map_location=map_location, weights_only=True)
                loaded.append((checkpoint["step"], checkpoint["state"]))
            except Exception as err:  # noqa: BLE001
                warnings.warn(f"{path.name} does not load and is skipped: {err!r}")
    if not loaded:
        return None, None
    step, state = max(loaded, key=lambda item: item[0])
    return state, step


# %% impl_clean
WRAPPERS = ("module.", "_orig_mod.")


def clean_state_dict(state_dict):
    result = {}
    for key in state_dict:
        new_key = key
        changed = True
        while changed:
            changed = False
            for prefix in WRAPPERS:
                if new_key.startswith(prefix):
                    new_key = new_key[len(prefix):]
                    changed = True
        result[new_key] = state_dict[key]
    return result
