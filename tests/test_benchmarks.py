"""`make bench` and `make bench-class` keep working: every row's code runs once, on the smallest inputs
(--tiny), and the report is written. Both run at once (their timings are not what is tested)."""
import json
import subprocess
import sys

import pytest

from conftest import LESSONS, REPO


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Both benchmarks started together: {name: (process, output path)}."""
    folder = tmp_path_factory.mktemp("bench")
    started = {
        "bench": (["bench.py", "--repeat", "1", "--tiny", "--out", str(folder / "results")], folder / "results"),
        # make bench-class's code path, on a class of one submission (the full run takes about 9 minutes)
        "class": (["grading_speedup.py", "--tiny", "--repeat", "1", "--json", str(folder / "class.json")],
                  folder / "class.json"),
    }
    procs = {}
    for name, (args, out) in started.items():
        with open(folder / f"{name}.log", "w") as log:  # a file: a full pipe would stall the benchmark
            procs[name] = (subprocess.Popen([sys.executable, str(REPO / "benchmarks" / args[0]), *args[1:]],
                                            stdout=log, stderr=subprocess.STDOUT), out)
    yield procs
    for proc, _ in procs.values():
        proc.kill()
        proc.wait()


def finished(runs, name):
    proc, out = runs[name]
    proc.wait(timeout=1200)
    assert proc.returncode == 0, (out.parent / f"{name}.log").read_text()[-4000:]
    return out


def test_bench_measures_every_row_and_writes_the_report(runs):
    out = finished(runs, "bench")
    results = json.loads(out.with_suffix(".json").read_text())
    lessons = LESSONS[:1]
    assert sorted(results["rows_1_2"]["execute"]) == lessons
    assert all(results["rows_1_2"]["autograde"][lid]["median"] > 0 for lid in lessons)
    assert results["row_3"]["ratio"] > 0 and "two at once" in results["row_4"]
    # lesson 04's save is taken out of the reference fit (atomic: it writes beside the file, then renames)
    assert set(results["row_5"]) == {"03_best_weights/SmallCNN", "04_exact_resume/SmallCNN"}
    assert all(0.9 < r["size_ratio"] < 1.5 for r in results["row_5"].values())
    text = out.with_suffix(".md").read_text()
    for heading in ("## 1-2.", "## 3.", "## 4.", "## 5.", "## 6."):
        assert heading in text
    assert "| whole course |" in text and "`make bench` took" in text
    out.with_suffix(".md").unlink()  # --report rewrites the report from the measurements alone
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench.py"), "--report", "--out", str(out)],
                   check=True, capture_output=True, timeout=120)
    assert out.with_suffix(".md").read_text() == text


def test_class_grading_benchmark_runs(runs):
    result = json.loads(finished(runs, "class").read_text())
    assert result["submissions"] == 1 and len(result["serial_s"]) == len(result["parallel_s"]) == 1
