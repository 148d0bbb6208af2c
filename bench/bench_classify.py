"""Benchmark the classifier against ScanCode on the same files in the same run, and measure the format variants.

usage: python bench/bench_classify.py [--runs N] [--scancode PATH] [--no-scancode] [--variants]

- all reference texts (licenses/texts/*.txt) as ONE whole `licscan classify` process, and the same files as one
  whole `scancode --license` process (ScanCode lives in its own venv: python3 -m venv /tmp/scvenv &&
  /tmp/scvenv/bin/pip install scancode-toolkit 'pluggy<1.6'; never in licscan's);
- one file as a whole `licscan classify` process;
- texts that match nothing (the common case in a census of the Hub), against as many bytes of known texts, each set
  as one whole process: the reference texts of ../shared/reference/licenses that have no entry yet, and look-alikes
  made here from the reference texts (each with the words that name its license replaced, as a licensor writes its
  own license on another's template) that licscan classifies `none`;
- with --variants: how many reference texts stay `exact` when written as Markdown, re-wrapped, HTML, ...
  (tests/variants.py), how many first thirds are `partial`, and that no edited text is `exact`.

Wall time is what a user waits; CPU time (user + system) is what the process costs, and stays meaningful on a
loaded machine. Peak RSS is per process (wait4), not the benchmark's own.
Targets (issue 18): >= 90x ScanCode on the same files; one file <= 0.2 s for the whole process; <= 150 MB; a text
that matches nothing costs at most 1.5x per byte what a known one costs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "licenses" / "texts"
# The project's shared folder sits beside the checkout (../shared), or beside its worktrees folder.
SHARED = next(
    (p / "shared" / "reference" / "licenses" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "reference" / "licenses",
)


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    returncode: int


# Children run as an installed program does: with bytecode (pip compiles it at install time). The environment may
# forbid writing it (PYTHONDONTWRITEBYTECODE); a private cache prefix lets the first, untimed run write it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str]) -> Run:
    """One whole process: wall time, its CPU time and its peak RSS, from wait4 on exactly that process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def licscan_cmd() -> list[str]:
    exe = shutil.which("licscan") or str(Path(sys.executable).with_name("licscan"))
    return [exe]


def find_scancode(given: str | None) -> str | None:
    for candidate in (given, shutil.which("scancode"), "/tmp/scvenv/bin/scancode"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def summary(runs: list[Run]) -> dict[str, float]:
    return {
        "wall_s": statistics.median(r.wall_s for r in runs),
        "wall_max_s": max(r.wall_s for r in runs),
        "cpu_s": statistics.median(r.cpu_s for r in runs),
        "peak_rss_mb": max(r.peak_rss_mb for r in runs),
    }


def compare(runs: int, scancode: str | None, corpus: Path, keys: Path) -> None:
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    out = corpus.parent / "out"
    out.mkdir(exist_ok=True)
    lic = [*licscan_cmd(), "classify", "--format", "json", "-o", str(out / "licscan.json"), *files]
    measure(lic)  # warm the on-disk index cache, as every later run finds it
    licscan_runs = [measure(lic) for _ in range(runs)]
    check = json.loads((out / "licscan.json").read_text(encoding="utf-8"))["results"]
    with keys.open(encoding="utf-8") as handle:
        want = {r["file"]: r["key"] for r in csv.DictReader(handle, delimiter="\t")}
    exact = sum(1 for r in check if r["match"] == "exact" and want.get(Path(r["path"]).name) == r["license"])
    s = summary(licscan_runs)
    print(f"licscan, {len(files)} reference texts in one whole process: median {s['wall_s']:.3f} s wall "
          f"(max {s['wall_max_s']:.3f}), {s['cpu_s']:.3f} s CPU, peak RSS {s['peak_rss_mb']:.0f} MB; "
          f"{exact}/{len(files)} exact as their key")  # fmt: skip
    one = [*licscan_cmd(), "classify", str(TEXTS / "llama-3.1.txt")]
    o = summary([measure(one) for _ in range(runs)])
    print(f"licscan, one file, whole process: median {o['wall_s']:.3f} s wall (max {o['wall_max_s']:.3f}), "
          f"{o['cpu_s']:.3f} s CPU, peak RSS {o['peak_rss_mb']:.0f} MB")  # fmt: skip
    if scancode is None:
        print("ScanCode: not found (install it in its own venv, see the module docstring); no comparison")
        return
    sc = [scancode, "--license", "--json", str(out / "scancode.json"), "-n", "1", "--quiet", str(corpus)]
    # ScanCode builds its license index on first use; that one-off cost is not charged to it.
    warm = measure(sc)
    if warm.returncode != 0:
        print(f"ScanCode failed (exit {warm.returncode}); no comparison")
        return
    c = summary([measure(sc) for _ in range(max(1, runs // 5))])
    detected = json.loads((out / "scancode.json").read_text(encoding="utf-8"))["files"]
    found = sum(1 for f in detected if f.get("type") == "file" and f.get("detected_license_expression"))
    print(f"ScanCode, the same {len(files)} files in one whole process (-n 1): median {c['wall_s']:.3f} s wall, "
          f"{c['cpu_s']:.3f} s CPU, peak RSS {c['peak_rss_mb']:.0f} MB; a license in {found} files")  # fmt: skip
    print(f"licscan is {c['wall_s'] / s['wall_s']:.0f}x faster in wall time and {c['cpu_s'] / s['cpu_s']:.0f}x in "
          f"CPU time, with {c['peak_rss_mb'] / s['peak_rss_mb']:.0f}x less memory")  # fmt: skip


def classified(files: list[Path], out: Path) -> dict[str, tuple[str | None, str]]:
    """licscan's (license, match) for each file, by file name."""
    measure([*licscan_cmd(), "classify", "--format", "json", "-o", str(out), *map(str, files)])
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    return {Path(r["path"]).name: (r["license"], r["match"]) for r in results}


def look_alikes(corpus: Path, into: Path) -> list[Path]:
    """Each reference text with the words that name its license replaced: another license on its template."""
    sys.path.insert(0, str(ROOT))
    from licscan.database import load_database

    db = load_database()
    into.mkdir()
    made = []
    for entry in db:
        for version in entry.texts:
            source = corpus / version.file
            if not source.exists():
                continue
            names = {w for w in re.findall(r"[A-Za-z][\w.-]*", entry.name) if len(w) > 2 and w.lower() != "license"}
            body = source.read_text(encoding="utf-8")
            for name in sorted(names, key=len, reverse=True):
                body = re.sub(re.escape(name), "Acme", body, flags=re.I)
            path = into / f"acme-{version.file}"
            path.write_text(body, encoding="utf-8")
            made.append(path)
    return made


def known_like(size: int, files: list[Path]) -> list[Path]:
    """Known reference texts, in name order, until they hold as many bytes as `size`."""
    out, total = [], 0
    for path in files:
        if total >= size:
            break
        out.append(path)
        total += path.stat().st_size
    return out


def unknown_cost(runs: int, corpus: Path) -> None:
    known_files = sorted(corpus.glob("*.txt"))
    work = corpus.parent / "unknown"
    work.mkdir(exist_ok=True)
    sets: dict[str, list[Path]] = {}
    if SHARED.is_dir():
        without_entry = [p for p in sorted(SHARED.glob("*.txt")) if not (corpus / p.name).exists()]
        if without_entry:
            sets[f"reference texts without an entry ({SHARED})"] = without_entry
    alikes = look_alikes(corpus, work / "look-alikes")
    found = classified(alikes, work / "look-alikes.json")
    sets["look-alikes on the reference texts' templates"] = [p for p in alikes if found[p.name][1] == "none"]
    for name, files in sets.items():
        found = classified(files, work / "check.json")
        matched = [f"{n}: {lic} {m}" for n, (lic, m) in found.items() if m != "none"]
        size = sum(p.stat().st_size for p in files)
        known = known_like(size, known_files)
        known_size = sum(p.stat().st_size for p in known)
        cmd = [*licscan_cmd(), "classify", "--format", "json", "-o", str(work / "out.json")]
        u = summary([measure([*cmd, *map(str, files)]) for _ in range(runs)])
        k = summary([measure([*cmd, *map(str, known)]) for _ in range(runs)])
        per_u, per_k = u["cpu_s"] / size, k["cpu_s"] / known_size
        print(f"unknown: {name}: {len(files)} texts, {size // 1000} kB, {len(matched)} matched something; "
              f"{u['wall_s']:.3f} s wall, {u['cpu_s']:.3f} s CPU, peak RSS {u['peak_rss_mb']:.0f} MB; "
              f"{len(known)} known texts of {known_size // 1000} kB: {k['wall_s']:.3f} s wall, {k['cpu_s']:.3f} s CPU; "
              f"per byte the unknown cost {per_u / per_k:.2f}x the known (CPU), "
              f"{(u['wall_s'] / size) / (k['wall_s'] / known_size):.2f}x (wall)")  # fmt: skip
        for line in matched[:5]:
            print(f"    matched: {line}")


def variants() -> None:
    sys.path.insert(0, str(ROOT))
    from licscan.classify import classify_text
    from licscan.classify.index import load_index
    from tests.variants import EDITS, FORMATS, first_third

    index = load_index()
    with (TEXTS / "KEYS.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    texts = {r["file"]: (TEXTS / r["file"]).read_text(encoding="utf-8") for r in rows}
    for name, transform in FORMATS.items():
        ok = sum(
            1
            for r in rows
            if (m := classify_text(transform(texts[r["file"]]), index)).match == "exact" and m.license == r["key"]
        )
        print(f"{name:>20}: {ok}/{len(rows)} exact")
    partial = 0
    for r in rows:
        m = classify_text(first_third(texts[r["file"]]), index)
        partial += m.match == "partial" and (m.license == r["key"] or r["key"] in m.also)
    print(f"{'first third':>20}: {partial}/{len(rows)} partial")
    edited = false_exact = 0
    for edit in EDITS.values():
        for r in rows:
            changed = edit(texts[r["file"]])
            if changed is None:
                continue
            for transform in [lambda t: t, *FORMATS.values()]:
                edited += 1
                false_exact += classify_text(transform(changed), index).match == "exact"
    print(f"{'edited copies':>20}: {false_exact} of {edited} came back exact")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--scancode", help="path to the scancode executable (default: PATH, /tmp/scvenv)")
    parser.add_argument("--no-scancode", action="store_true")
    parser.add_argument("--variants", action="store_true", help="also measure the format variants (slow)")
    parser.add_argument(
        "--corpus", type=Path, default=TEXTS, help="the texts to compare with ScanCode (*.txt and KEYS.tsv)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        corpus = Path(tmp) / "texts"
        corpus.mkdir()
        for path in args.corpus.glob("*.txt"):
            shutil.copy(path, corpus / path.name)
        compare(args.runs, None if args.no_scancode else find_scancode(args.scancode), corpus, args.corpus / "KEYS.tsv")
        if args.corpus == TEXTS:
            unknown_cost(args.runs, corpus)
    if args.variants:
        variants()


if __name__ == "__main__":
    main()
