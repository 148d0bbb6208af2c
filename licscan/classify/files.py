"""Read a file for classification, turning every kind of bad input into a result with an error."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from licscan.classify.index import Index, load_index
from licscan.classify.match import Match, classify_text
from licscan.sources.files import DEFAULT_MAX_FILE_BYTES, decode_text

# The same cap as for repository files: a file reads the same whichever way it reaches the classifier.
MAX_BYTES = DEFAULT_MAX_FILE_BYTES


@dataclass(frozen=True)
class FileClassification:
    path: str
    match: Match
    error: str | None = None
    # False when the file gave no text to classify (missing, a directory, empty, binary, not UTF-8, unreadable):
    # an input error, not a `none` match. A file read in part (too large) is classified and stays True.
    readable: bool = True


def _text(data: bytes, size: int) -> tuple[str | None, str | None]:
    """The text licscan classifies from a file's first bytes, as `sources` reads a repository's files."""
    truncated = size > MAX_BYTES
    text, error = decode_text(data[:MAX_BYTES], complete=not truncated)
    if text is not None and not text.strip():
        return None, "empty file"
    if text is not None and truncated:
        return text, f"file is {size} bytes; only the first {MAX_BYTES} were read"
    return text, error


def classify_bytes(path: str, data: bytes, index: Index | None = None) -> FileClassification:
    text, error = _text(data, len(data))
    if text is None:
        return FileClassification(path, Match(None, "none", 0.0), error, readable=False)
    return FileClassification(path, classify_text(text, index or load_index()), error)


def classify_path(path: str, index: Index | None = None) -> FileClassification:
    p = Path(path)

    def unreadable(why: str) -> FileClassification:
        return FileClassification(path, Match(None, "none", 0.0), why, readable=False)

    try:
        if p.is_dir():
            return unreadable("is a directory, not a file")
        if not os.path.isfile(p):
            return unreadable("not a regular file" if p.exists() else "no such file")
        size = p.stat().st_size
        with open(p, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return unreadable("no such file")
    except PermissionError:
        return unreadable("permission denied")
    except (OSError, ValueError) as exc:
        return unreadable(f"cannot read: {getattr(exc, 'strerror', None) or exc}")
    text, error = _text(data, size)
    if text is None:
        return unreadable(error or "no text")
    return FileClassification(path, classify_text(text, index or load_index()), error)
