"""Benchmark GGUF header reads: bytes read per file and header parse time, from memory, disk and the local Hub.

usage: python bench/bench_gguf.py [--tensor-mib 256] [--tokens 128256] [--repeat 200]
The files are written by gguf.GGUFWriter the way llama.cpp's converter lays them out (general.* first, then the
hyperparameters, a Llama-3-sized tokenizer, then the tensors). Run from the repository root with the project
installed (pip install '.[test]').
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tensor-mib", type=int, default=256)
    parser.add_argument("--tokens", type=int, default=128_256)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="licscan-bench-")
    os.environ.update({"HF_HOME": home, "HF_HUB_CACHE": f"{home}/hub", "HF_HUB_DISABLE_TELEMETRY": "1"})

    from licscan.sources.gguf import file_reader, parse_header
    from licscan.sources.hub import HubSource
    from tests.ggufdata import gguf_bytes
    from tests.hubserver import FakeHub

    data = gguf_bytes(tensor_mib=args.tensor_mib, tokens=args.tokens)
    print(f"GGUF file: {len(data):,} bytes ({args.tokens:,} tokens, {args.tensor_mib} MiB of tensors)")

    def timed(read: object, label: str) -> None:
        times = []
        header = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            header, problem = parse_header(read, "model.gguf")  # type: ignore[arg-type]
            times.append(time.perf_counter() - start)
            assert problem is None and header.license == "llama3.1"
        assert header is not None
        print(
            f"{label:>8}: {header.bytes_read:,} bytes in {header.requests} read(s) "
            f"({header.bytes_read / len(data):.4%} of the file); parse median {statistics.median(times) * 1e3:.3f} ms, "
            f"p95 {sorted(times)[int(len(times) * 0.95) - 1] * 1e3:.3f} ms"
        )

    timed(lambda offset, size: data[offset : offset + size], "memory")
    path = Path(tempfile.mkdtemp()) / "model.gguf"
    path.write_bytes(data)
    timed(file_reader(path), "disk")

    with FakeHub(root=Path(tempfile.mkdtemp())) as hub:
        hub.add_repo("bench/model-GGUF", {"README.md": "---\nlicense: apache-2.0\n---\n", "model.gguf": data})
        source = HubSource(endpoint=hub.endpoint)
        times = []
        for _ in range(max(1, args.repeat // 10)):
            hub.reset_requests()
            start = time.perf_counter()
            docs = source.model("bench/model-GGUF")
            times.append(time.perf_counter() - start)
        (header,) = docs.gguf
        assert header.license == "llama3.1" and header.bytes_read == hub.bytes_sent(r"\.gguf$")
        bodies = hub.bodies(r"\.gguf$")
        plain = HubSource(endpoint=hub.endpoint)
        hub.add_repo("bench/model-plain", {"README.md": "---\nlicense: apache-2.0\n---\n"})
        base = []
        for _ in range(max(1, args.repeat // 10)):
            start = time.perf_counter()
            plain.model("bench/model-plain")
            base.append(time.perf_counter() - start)
        print(
            f"{'hub':>8}: {hub.bytes_sent(r'.gguf$'):,} bytes sent in {len(bodies)} ranged GET(s) "
            f"({', '.join(str(b.range) for b in bodies)}); whole model() call median "
            f"{statistics.median(times) * 1e3:.1f} ms against {statistics.median(base) * 1e3:.1f} ms for the same repo "
            "without a GGUF file"
        )


if __name__ == "__main__":
    main()
