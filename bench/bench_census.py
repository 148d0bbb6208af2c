"""Benchmark the census against the local Hub server: requests per model, classification rate, peak memory.

usage: python bench/bench_census.py [--models 2500] [--big 20000]
Targets (issue 13): a 2,500-model org with every model right and <= 0.2 Hub requests per model all told;
classification from the listing's metadata >= 2,000 models/s excluding network; a 20,000-model census under
300 MB peak RSS (the licscan process only; the fake Hub runs in this process). Run from the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def census_process(exe: str, author: str, endpoint: str, out: Path, env: dict[str, str]) -> tuple[float, int, float]:
    """(seconds, exit code, peak RSS in MB) of one `licscan scan --author` process."""
    start = time.perf_counter()
    cmd = [exe, "scan", "--author", author, "--format", "json", "-o", str(out), "--endpoint", endpoint]
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, child.returncode, usage.ru_maxrss / 1024


def classification_rate(endpoint: str, author: str) -> tuple[int, float]:
    """Models judged per second from listed documents, with the listing read and the bases' cache warm first."""
    from licscan.census import Census, CensusQuery
    from licscan.census.run import decides
    from licscan.classify.index import load_index
    from licscan.database import load_database
    from licscan.scan import HubSettings, Scanner, ScanOptions

    scanner = Scanner(load_database(), load_index(), ScanOptions(hub=HubSettings(endpoint=endpoint)))
    docs = list(scanner.sources.hub().list_models(author=author))  # type: ignore[attr-defined]
    decided = [d for d in docs if decides(d.card, scanner.db)]
    census = Census(scanner, scanner.sources.hub(), CensusQuery(author=author))  # type: ignore[arg-type]
    for d in decided[:200]:  # reads each base once (network), so that the timing below has none
        census._from_metadata(d)
    start = time.perf_counter()
    for d in decided:
        census._from_metadata(d)
    return len(decided), len(decided) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=2500)
    parser.add_argument("--big", type=int, default=20000)
    args = parser.parse_args()
    from tests.hubserver import FakeHub

    work = Path(tempfile.mkdtemp(prefix="licscan-bench-census-"))
    env = {**os.environ, "HF_HOME": str(work / "hf"), "HF_HUB_DISABLE_TELEMETRY": "1"}
    env.pop("HF_HUB_CACHE", None)
    exe = shutil.which("licscan") or str(Path(sys.executable).with_name("licscan"))
    with FakeHub() as hub:
        expected = hub.add_org("acme", args.models)
        hub.reset_requests()
        seconds, code, rss = census_process(exe, "acme", hub.endpoint, work / "acme.json", env)
        report = json.loads((work / "acme.json").read_text(encoding="utf-8"))
        got = {m["id"]: m["license"] for m in report["models"]}
        wrong = sum(1 for g in expected if got.get(g.repo_id, "?") != g.expected)
        requests = sum(hub.counts().values())
        census = report["census"]
        print(
            f"{args.models} models: exit {code}, {seconds:.2f} s wall ({args.models / seconds:.0f} models/s all told)"
        )
        print(
            f"  wrong licenses: {wrong}; from metadata {census['from_metadata']}, "
            f"files fetched {census['files_fetched']}"
        )
        print(f"  Hub requests: {requests} ({requests / args.models:.3f} per model; target <= 0.2)")
        print(f"  listing pages: {hub.count(r'^/api/models$')}; peak RSS {rss:.0f} MB")
        n, rate = classification_rate(hub.endpoint, "acme")
        print(f"  classification from metadata: {n} models at {rate:.0f} models/s (target >= 2000)")
        start = time.perf_counter()
        hub.add_org("big", args.big)
        print(f"{args.big} models generated in {time.perf_counter() - start:.1f} s")
        hub.reset_requests()
        seconds, code, rss = census_process(exe, "big", hub.endpoint, work / "big.json", env)
        size = (work / "big.json").stat().st_size / 1e6
        print(
            f"{args.big} models: exit {code}, {seconds:.1f} s wall, peak RSS {rss:.0f} MB (target < 300), "
            f"{sum(hub.counts().values())} requests, JSON {size:.0f} MB"
        )
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"(max RSS of this benchmark's own process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    main()
