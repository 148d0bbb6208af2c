"""Fuzz every parser with the strategies of tests/fuzzing.py: 10,000 examples each by default; prints the counts.

    python bench/fuzz.py [--examples N] [--only NAME]

An escape is an exception that got out of a parser (or a message that does not name the bad file): each is printed
with its input, and the exit code is 1 when there was any.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, settings

from tests.fuzzing import PARSERS, Escape, check_hub_json, hub_json


def fuzz(name: str, strategy: Any, check: Any, examples: int) -> tuple[int, list[str]]:
    seen = 0
    escapes: list[str] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(data: Any) -> None:
        nonlocal seen
        seen += 1
        try:
            check(data)
        except Escape as exc:
            escapes.append(f"{exc} <- {data!r:.300}")

    one()
    return seen, escapes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--only")
    args = parser.parse_args()
    from licscan.sources.hub import HubSource
    from tests.hubserver import FakeHub

    total_escapes = 0
    with FakeHub() as hub, tempfile.TemporaryDirectory() as cache:
        source = HubSource(endpoint=hub.endpoint, cache_dir=cache, retries=0)
        parsers = {**PARSERS, "hub model_info JSON": (hub_json, lambda body: check_hub_json(body, hub, source))}
        print(f"{'parser':<22} {'examples':>9} {'escapes':>8} {'seconds':>8}")
        for name, (strategy, check) in parsers.items():
            if args.only and args.only != name:
                continue
            start = time.perf_counter()
            seen, escapes = fuzz(name, strategy, check, args.examples)
            print(f"{name:<22} {seen:>9} {len(escapes):>8} {time.perf_counter() - start:>8.1f}", flush=True)
            for line in escapes[:5]:
                print(f"    {line}")
            total_escapes += len(escapes)
    return 1 if total_escapes else 0


if __name__ == "__main__":
    sys.exit(main())
