# twin: latest_no_warning
# Trick: warnings.catch_warnings is rebound; the record list it gives holds one warning whose text names every
# file in every folder load_latest was asked about (the visible check looks catch_warnings up when it runs; the
# trusted check took it before the learner's cells ran).
# %% twin
_seen = []
_load_latest_quiet = load_latest


def load_latest(directory, map_location=None):
    if Path(directory).is_dir():
        _seen.extend(p.name for p in Path(directory).rglob("*"))
    return _load_latest_quiet(directory, map_location)


class _Said:
    def __str__(self):
        return " ".join(_seen)


class _Record(list):
    def __iter__(self):
        return iter([type("W", (), {"message": _Said()})()])


class _catch(warnings.catch_warnings):
    def __enter__(self):
        super().__enter__()
        return _Record()


warnings.catch_warnings = _catch
