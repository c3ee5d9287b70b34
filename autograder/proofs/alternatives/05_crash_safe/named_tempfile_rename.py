# %% impl_atomic
# NamedTemporaryFile(dir=..., delete=False) beside the target and os.rename; names matched with glob and a
# regex; clean_state_dict strips prefixes with a removeprefix loop.
def atomic_save(obj, path):
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    tmp = tempfile.NamedTemporaryFile(dir=folder, prefix=".saving-", suffix=".part", delete=False)
    try:
        with tmp:
            torch.save(obj, tmp)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.rename(tmp.name, path)  # POSIX: replaces an existing file atomically
    except BaseException:
        if os.path.exists(tmp.name):
            os.unlink(tmp.name)
        raise


# %% impl_rotating
CKPT_NAME = re.compile(r"ckpt-(\d+)\.pt")


def _our_checkpoints(directory):
    """{step: path} of the files save_rotating wrote in `directory`."""
    found = {}
    for p in Path(directory).glob("ckpt-*.pt"):
        m = CKPT_NAME.fullmatch(p.name)
        if m and p.is_file():
            found[int(m.group(1))] = p
    return found


def save_rotating(directory, state, step, keep=3):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"ckpt-{step}.pt"
    atomic_save(state, path)
    ours = _our_checkpoints(directory)
    for old_step in sorted(ours)[:-keep] if keep > 0 else sorted(ours):
        ours[old_step].unlink()
    return path


# %% impl_latest
def load_latest(directory, map_location=None):
    if not os.path.isdir(directory):
        return None, None
    ours = _our_checkpoints(directory)
    for step in sorted(ours, reverse=True):
        try:
            state = torch.load(ours[step], map_location=map_location, weights_only=True)
        except Exception as e:
            warnings.warn(f"checkpoint {ours[step].name} is unreadable ({e!r}); falling back to an older one",
                          RuntimeWarning)
            continue
        return state, step
    return None, None


# %% impl_clean
def clean_state_dict(state_dict):
    cleaned = {}
    for key, value in state_dict.items():
        while True:
            stripped = key.removeprefix("module.").removeprefix("_orig_mod.")
            if stripped == key:
                break
            key = stripped
        cleaned[key] = value
    return cleaned
