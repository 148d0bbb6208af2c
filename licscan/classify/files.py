"""Read a file for classification, turning every kind of bad input into a result with an error."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from licscan.classify.index import Index, load_index
from licscan.classify.match import Match, classify_text

# License documents are kilobytes; anything past this is not a license file and is not read whole.
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class FileClassification:
    path: str
    match: Match
    error: str | None = None


def decode(data: bytes) -> tuple[str | None, str | None]:
    """The text of a file's bytes, or why it is not text."""
    if not data.strip():
        return None, "empty file"
    if b"\x00" in data[:8192]:
        return None, "binary file, not text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (invalid byte at offset {exc.start})"


def classify_bytes(path: str, data: bytes, index: Index | None = None) -> FileClassification:
    text, error = decode(data)
    if text is None:
        return FileClassification(path, Match(None, "none", 0.0), error)
    return FileClassification(path, classify_text(text, index or load_index()))


def classify_path(path: str, index: Index | None = None) -> FileClassification:
    none = Match(None, "none", 0.0)
    p = Path(path)
    try:
        if p.is_dir():
            return FileClassification(path, none, "is a directory, not a file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            return FileClassification(path, none, f"file too large ({size} bytes; the limit is {MAX_BYTES})")
        with open(p, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return FileClassification(path, none, "no such file")
    except PermissionError:
        return FileClassification(path, none, "permission denied")
    except OSError as exc:
        return FileClassification(path, none, f"cannot read: {exc.strerror or exc}")
    if not os.path.isfile(p):
        return FileClassification(path, none, "not a regular file")
    return classify_bytes(path, data, index)
