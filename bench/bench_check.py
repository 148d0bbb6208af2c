"""Benchmark the CI gate: `licscan check` of a 200-model manifest with a warm lock and HF cache.

usage: python bench/bench_check.py [--models 200]
Target (issue 5): <= 2 s. Measures the whole `licscan check --lock` process, online (the local fake Hub, one
model_info per model) and --offline (no request at all). Run from the repository root with the project installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=200)
    args = parser.parse_args()
    from tests.hubserver import FakeHub

    work = Path(tempfile.mkdtemp(prefix="licscan-bench-check-"))
    env = {**os.environ, "HF_HOME": str(work / "hf"), "HF_HUB_DISABLE_TELEMETRY": "1"}
    exe = shutil.which("licscan") or str(Path(sys.executable).with_name("licscan"))
    texts = ROOT / "licenses" / "texts"
    licenses = ["apache-2.0.txt", "mit.txt", "llama-3.1.txt", "qwen.txt", "cc-by-4.0.txt"]
    with FakeHub(root=work / "empty") as hub:
        lines = ["policy: commercial-saas.yaml", "models:"]
        for i in range(args.models):
            repo = f"bench-org/model-{i:03d}"
            text = (texts / licenses[i % len(licenses)]).read_text(encoding="utf-8")
            hub.add_repo(repo, {"README.md": "---\nlicense: other\n---\n", "LICENSE": text})
            lines.append(f"  - id: {repo}")
        (work / "models.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        shutil.copy(ROOT / "policies" / "commercial-saas.yaml", work)
        common = ["--endpoint", hub.endpoint]
        lock_s, code = timed([exe, "lock", "models.yaml", *common], env, work)
        assert code == 0, code
        hub.reset_requests()
        online_s, online_code = timed([exe, "check", "models.yaml", "--lock", "licscan.lock", *common], env, work)
        online_requests = hub.count()
        hub.reset_requests()
        offline_s, offline_code = timed(
            [exe, "check", "models.yaml", "--lock", "licscan.lock", "--offline", *common], env, work
        )
        offline_requests = hub.count()
    print(f"{args.models}-model manifest: cold lock {lock_s:.2f} s")
    print(f"check --lock, warm cache: {online_s:.2f} s, {online_requests} requests, exit {online_code} (target <= 2 s)")
    print(f"check --lock --offline: {offline_s:.2f} s, {offline_requests} requests, exit {offline_code}")


if __name__ == "__main__":
    main()
