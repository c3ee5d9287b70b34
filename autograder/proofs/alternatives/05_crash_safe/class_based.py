# %% impl_atomic
# A Checkpointer object whose bound methods are the lesson's functions; its name pattern and prefixes are
# class attributes, and clean_state_dict is a staticmethod.
class Checkpointer:
    prefix, suffix = "ckpt-", ".pt"
    wrapper_prefixes = ("module.", "_orig_mod.")

    def atomic_save(self, obj, path):
        path = Path(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        try:
            with os.fdopen(fd, "wb") as f:
                torch.save(obj, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise

    def step_of(self, path):
        name = path.name
        if name.startswith(self.prefix) and name.endswith(self.suffix):
            middle = name[len(self.prefix):-len(self.suffix)]
            if re.fullmatch(r"[0-9]+", middle):
                return int(middle)
        return None

    def checkpoints(self, directory):
        """This object's checkpoints in `directory`, highest step first."""
        found = [(self.step_of(p), p) for p in Path(directory).iterdir() if p.is_file()]
        return sorted(((s, p) for s, p in found if s is not None), reverse=True)

    def save_rotating(self, directory, state, step, keep=3):
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.prefix}{step}{self.suffix}"
        self.atomic_save(state, path)
        for _, old in self.checkpoints(directory)[keep:]:
            old.unlink()
        return path

    def load_latest(self, directory, map_location=None):
        if not Path(directory).is_dir():
            return None, None
        for step, path in self.checkpoints(directory):
            try:
                return torch.load(path, map_location=map_location, weights_only=True), step
            except Exception as error:
                warnings.warn(f"{type(self).__name__}: cannot load {path} ({type(error).__name__}: {error})")
        return None, None

    @staticmethod
    def clean_state_dict(state_dict):
        cleaned = {}
        for key, value in state_dict.items():
            while key.startswith(Checkpointer.wrapper_prefixes):
                key = key[key.index(".") + 1:]
            cleaned[key] = value
        return cleaned


checkpointer = Checkpointer()
atomic_save = checkpointer.atomic_save


# %% impl_rotating
save_rotating = checkpointer.save_rotating


# %% impl_latest
load_latest = checkpointer.load_latest


# %% impl_clean
clean_state_dict = Checkpointer.clean_state_dict
