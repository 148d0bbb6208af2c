"""Where bundled data lives: inside the installed package, or beside it in a source tree."""

from __future__ import annotations

from pathlib import Path

from licscan.errors import LicscanError


def data_dir(name: str) -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise LicscanError(f"bundled data folder {name!r} not found next to {here}")
