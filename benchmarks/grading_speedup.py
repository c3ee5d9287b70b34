"""Whole-class grading: 20 submissions graded one at a time vs in parallel, with autograder/grade.py.

    python benchmarks/grading_speedup.py [--repeat 5] [--jobs N] [--json FILE] [--tiny]

`make bench-class` runs it with --json benchmarks/class_grading.json, which benchmarks/bench.py
(`make bench`) quotes as its row 6.

The class: for each lesson, the reference answer, two alternatives and two mutants (20 in all).
Serial (--jobs 1) and parallel (--jobs N, default one per core) runs alternate, `--repeat` times each,
after a warm-up (one submission graded); prints every wall time, the medians and their ratio.
--tiny grades a class of one (lesson 01's reference), without the warm-up: the code path, for tests.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "autograder"))
import course  # noqa: E402
import grade  # noqa: E402


def build_class(folder, lessons=None, per_kind=2):
    for lid in lessons or course.lessons():
        course.write_submission(folder, "reference", lid, course.make_submission(lid))
        for kind in ("alternatives", "mutants") if per_kind else ():
            for path in sorted((course.PROOFS / kind / lid).glob("*.py"))[:per_kind]:
                course.write_submission(folder, f"{kind}-{path.stem}", lid,
                                        course.make_submission(lid, course.read_answer_file(path)))
    return sum(1 for _ in Path(folder).glob("*/*/*.ipynb"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--json")
    parser.add_argument("--tiny", action="store_true", help="a class of one submission (for tests)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "class")
        count = build_class(folder, course.lessons()[:1], 0) if args.tiny else build_class(folder)
        times = {1: [], args.jobs: []}
        quiet = lambda *a, **k: None  # noqa: E731
        if not args.tiny:  # one submission: imports and disk caches warm
            warmup = Path(tmp, "warmup")
            course.write_submission(warmup, "reference", course.lessons()[0],
                                    course.make_submission(course.lessons()[0]))
            grade.grade(warmup, Path(tmp, "warmup-grading"), jobs=1, log=quiet)
        for i in range(args.repeat):
            for jobs in (1, args.jobs):
                start = time.perf_counter()
                rows, _ = grade.grade(folder, Path(tmp, f"run{i}-{jobs}"), jobs=jobs, log=quiet)
                times[jobs].append(time.perf_counter() - start)
                assert len(rows) == count
                print(f"run {i + 1}: {count} submissions, jobs={jobs}: {times[jobs][-1]:.1f} s", flush=True)
    serial, parallel = statistics.median(times[1]), statistics.median(times[args.jobs])
    print(f"median serial {serial:.1f} s, parallel ({args.jobs} jobs, {os.cpu_count()} cores) {parallel:.1f} s: "
          f"speed-up {serial / parallel:.2f}x; {serial / count:.1f} s per submission serially")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "submissions": count,
            "cores": os.cpu_count(), "jobs": args.jobs, "serial_s": times[1], "parallel_s": times[args.jobs]},
            indent=1) + "\n")


if __name__ == "__main__":
    main()
