"""Benchmark `licscan discover` over a generated code base of 10,000 files.

usage: python bench/bench_discover.py [--files 10000] [--keep]
Target (issue 14): a large repository (10,000 files) takes seconds. The tree mixes Python modules (most with
no Hub call, some with several and constants to follow), notebooks, YAML/JSON/TOML configs, shell scripts,
Dockerfiles, Markdown and data files, plus a .git folder, a virtual environment and node_modules that must be
skipped. Measures `discover()` in-process (cold and warm file cache) and the whole `licscan discover` command.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLAIN_PY = '''"""Module {i}: helpers with no model in them."""

import json
import os
from pathlib import Path

HEADERS = {{"Content-Type": "application/json"}}


def load_{i}(path: str) -> dict:
    with open(os.path.join("data", path)) as f:
        return json.load(f)


class Service{i}:
    def __init__(self, root: Path) -> None:
        self.root = root

    def run(self, items: list[int]) -> int:
        total = 0
        for item in items:
            total += item * {i}
        return total
'''

MODEL_PY = '''"""Module {i}: loads models."""

from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

MODEL_ID = "org{m}/model-{i}"


def chat(model_id=MODEL_ID):
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    model = AutoModelForCausalLM.from_pretrained(model_id)
    return tokenizer, model


def classify():
    return pipeline("text-classification", model="org{m}/classifier-{i}")
'''

CONFIG_YAML = """base_model: org{m}/base-{i}
datasets:
  - path: org{m}/data-{i}
    type: alpaca
learning_rate: 0.0002
"""

SHELL = """#!/usr/bin/env bash
set -euo pipefail
MODEL=org{m}/served-{i}
vllm serve $MODEL --port 8000
"""


def notebook(i: int, m: int) -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [f"# Notebook {i}"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ["from transformers import AutoModel\n", f'm = AutoModel.from_pretrained("org{m}/nb-{i}")\n'],
        },
    ]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def generate(root: Path, files: int, seed: int = 14) -> int:
    """Write the tree; the number of files that discover should read (not counting skipped folders)."""
    rng = random.Random(seed)
    made = 0
    for i in range(files):
        folder = root / f"pkg{i % 50}" / f"sub{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        m = i % 40
        roll = rng.random()
        if roll < 0.55:
            (folder / f"mod{i}.py").write_text(PLAIN_PY.format(i=i), encoding="utf-8")
        elif roll < 0.65:
            (folder / f"models{i}.py").write_text(MODEL_PY.format(i=i, m=m), encoding="utf-8")
        elif roll < 0.72:
            (folder / f"train{i}.yaml").write_text(CONFIG_YAML.format(i=i, m=m), encoding="utf-8")
        elif roll < 0.77:
            (folder / f"settings{i}.json").write_text(json.dumps({"name": f"svc{i}", "port": 80 + i}), encoding="utf-8")
        elif roll < 0.80:
            (folder / f"serve{i}.sh").write_text(SHELL.format(i=i, m=m), encoding="utf-8")
        elif roll < 0.82:
            (folder / f"eval{i}.ipynb").write_text(notebook(i, m), encoding="utf-8")
        elif roll < 0.83:
            (folder / "Dockerfile").write_text(f'FROM python:3.12\nCMD ["vllm", "serve", "org{m}/d-{i}"]\n')
        elif roll < 0.90:
            (folder / f"pyproject{i}.toml").write_text(f'[tool.x]\nname = "svc{i}"\n', encoding="utf-8")
        else:
            (folder / f"notes{i}.md").write_text(f"# Notes {i}\nSee docs/index.md and text/plain.\n")
        made += 1
    # What a checkout also holds, and discover must not read.
    for skipped in (".git/objects", ".venv/lib/python3.12/site-packages/pkg", "node_modules/pkg"):
        (root / skipped).mkdir(parents=True, exist_ok=True)
        for j in range(200):
            (root / skipped / f"f{j}.py").write_text(MODEL_PY.format(i=j, m=99), encoding="utf-8")
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="Keep the generated tree.")
    args = parser.parse_args()
    from licscan.discover import discover

    work = Path(tempfile.mkdtemp(prefix="licscan-bench-discover-"))
    try:
        made = generate(work / "repo", args.files)
        print(f"generated {made} files (+600 in .git, .venv and node_modules) under {work / 'repo'}")
        for label in ("first run", "second run"):
            start, cpu = time.perf_counter(), time.process_time()
            found = discover([work / "repo"], cwd=work)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            models = sum(1 for m in found.models if m.kind == "model")
            locations = sum(len(m.locations) for m in found.models)
            print(
                f"discover() {label}: {elapsed:.2f} s wall, {cpu:.2f} s CPU, {found.files} files read, "
                f"{models} models and {len(found.models) - models} datasets at {locations} locations, "
                f"{len(found.problems)} problems"
            )
            assert not any(m.id.startswith("org99/") for m in found.models), "a skipped folder was read"
        exe = shutil.which("licscan") or str(Path(sys.executable).with_name("licscan"))
        start = time.perf_counter()
        done = subprocess.run([exe, "discover", "repo", "--format", "json"], cwd=work, capture_output=True)
        print(
            f"`licscan discover repo --format json` (whole process): {time.perf_counter() - start:.2f} s, "
            f"exit {done.returncode}"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
