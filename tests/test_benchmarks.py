"""`make bench` keeps working: every row's code runs once, on the smallest inputs (--tiny), and the report is written."""
import json
import subprocess
import sys

from conftest import LESSONS, REPO


def test_bench_measures_every_row_and_writes_the_report(tmp_path):
    out = tmp_path / "results"
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench.py"), "--repeat", "1", "--tiny", "--out", str(out)],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
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


def test_class_grading_benchmark_runs(tmp_path):
    # make bench-class's code path, on a class of one submission (the full run takes a quarter of an hour)
    out = tmp_path / "class.json"
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "grading_speedup.py"), "--tiny", "--repeat", "1",
                           "--json", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["submissions"] == 1 and len(result["serial_s"]) == len(result["parallel_s"]) == 1
