"""Benchmark the classifier: all reference texts in one process, and one file as a whole `licscan classify` process.

usage: python bench/bench_classify.py [--runs N]
Targets (issue 2): all texts <= 1 s wall in one process; one file <= 0.3 s for the whole process; peak RSS <= 150 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "licenses" / "texts"


def licscan_cmd() -> list[str]:
    exe = shutil.which("licscan") or str(Path(sys.executable).with_name("licscan"))
    return [exe]


def all_texts_in_one_process() -> dict[str, float]:
    code = """
import time, json, resource, sys
from pathlib import Path
t0 = time.perf_counter()
from licscan.classify.files import classify_path
from licscan.classify.index import load_index
index = load_index()
t1 = time.perf_counter()
paths = sorted(p for p in Path(sys.argv[1]).glob("*.txt"))
wrong = [p.name for p in paths if classify_path(str(p), index).match.match != "exact"]
t2 = time.perf_counter()
print(json.dumps({"files": len(paths), "not_exact": wrong, "load_s": t1 - t0, "classify_s": t2 - t1,
                  "total_s": t2 - t0, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
    out = subprocess.run([sys.executable, "-c", code, str(TEXTS)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def one_file_process(runs: int) -> dict[str, float]:
    cmd = [*licscan_cmd(), "classify", str(TEXTS / "llama-3.1.txt")]
    subprocess.run(cmd, capture_output=True, check=True)  # warm the on-disk index cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"runs": runs, "median_s": statistics.median(times), "max_s": max(times), "peak_rss_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    one = one_file_process(args.runs)
    every = all_texts_in_one_process()
    print(f"all {every['files']} reference texts, one process: {every['total_s']:.3f} s "
          f"(index load {every['load_s']:.3f} s, classify {every['classify_s']:.3f} s), "
          f"peak RSS {every['peak_rss_mb']:.0f} MB, not exact: {every['not_exact'] or 'none'}")  # fmt: skip
    print(f"one file, whole `licscan classify` process: median {one['median_s']:.3f} s, "
          f"max {one['max_s']:.3f} s over {one['runs']} runs, peak RSS {one['peak_rss_mb']:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
