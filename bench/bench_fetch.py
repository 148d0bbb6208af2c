"""Benchmark fetching: 100 repositories behind the local fake Hub with added latency per request.

usage: python bench/bench_fetch.py [--models 100] [--latency 0.05] [--jobs 8] [--files 1] [--gguf]
Measures requests per model on a cold cache (target <= 1 + 2 per license file), wall time against the floor
requests x latency / jobs, and a warm re-run at the same revisions (target: no file downloaded, <= 1 request
per model). `--files 3` gives each model LICENSE, USE_POLICY.md and NOTICE, `--gguf` a GGUF file whose header is
read, so that the reads of one model can overlap. Run from the repository root with the project installed
(pip install '.[test]').
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--files", type=int, default=1, choices=(1, 2, 3))
    parser.add_argument("--gguf", action="store_true")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="licscan-bench-")
    os.environ.update({"HF_HOME": home, "HF_HUB_CACHE": f"{home}/hub", "HF_HUB_DISABLE_TELEMETRY": "1"})

    from licscan.classify.index import load_index
    from licscan.database import load_database
    from licscan.scan import HubSettings, Scanner, ScanOptions
    from licscan.targets import Target
    from tests.ggufdata import gguf_bytes
    from tests.hubserver import FakeHub

    texts = ROOT / "licenses" / "texts"
    licenses = ["apache-2.0.txt", "mit.txt", "llama-3.1.txt", "qwen.txt", "stabilityai-community.txt"]
    with FakeHub(root=Path(tempfile.mkdtemp())) as hub:
        ids = []
        for i in range(args.models):
            repo = f"bench-org/model-{i:03d}"
            text = (texts / licenses[i % len(licenses)]).read_text(encoding="utf-8")
            card = "---\nlicense: other\npipeline_tag: text-generation\n---\n# bench model\n"
            files: dict[str, str | bytes] = {"README.md": card, "LICENSE": text, "model.safetensors": b"\0" * 16}
            extra = {"USE_POLICY.md": "# Acceptable use\n\nDo not break the law.\n", "NOTICE": "Copyright bench-org\n"}
            files.update(list(extra.items())[: args.files - 1])
            if args.gguf:
                files["model-Q4_K_M.gguf"] = gguf_bytes()
            hub.add_repo(repo, files)
            ids.append(repo)
        hub.latency = args.latency
        db, index = load_database(), load_index()

        def run() -> tuple[float, int, int]:
            hub.reset_requests()
            options = ScanOptions(jobs=args.jobs, hub=HubSettings(endpoint=hub.endpoint))
            scanner = Scanner(db, index, options)
            start = time.perf_counter()
            results = list(scanner.run([Target(ref=r) for r in ids]))
            wall = time.perf_counter() - start
            assert all(r.license for r in results), [r.id for r in results if not r.license]
            return wall, hub.count(), hub.count(r"/resolve/", method="GET")

        cold_wall, cold_requests, cold_gets = run()
        warm_wall, warm_requests, warm_gets = run()
    floor = cold_requests * args.latency / args.jobs
    what = f"{args.files} license file{'s' if args.files > 1 else ''}" + (" and a GGUF" if args.gguf else "")
    print(f"{args.models} models, {args.latency * 1000:.0f} ms per request, {args.jobs} workers, {what} each")
    print(f"cold: {cold_requests / args.models:.2f} requests per model (target <= 3), {cold_gets} file downloads, "
          f"wall {cold_wall:.2f} s against a floor of {floor:.2f} s ({cold_wall / floor:.2f}x)")  # fmt: skip
    print(f"warm: {warm_requests / args.models:.2f} requests per model (target <= 1), {warm_gets} file downloads, "
          f"wall {warm_wall:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
