"""Which literals are Hub ids, which are local model directories, and which are neither (MIME types, files, URLs)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from licscan.targets import written_as_path

# huggingface_hub's own rule (validate_repo_id): an optional namespace, a name of word characters, '-' and '.'.
_PART = r"[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9_])?"
_HUB_ID = re.compile(rf"^(?:{_PART}/)?{_PART}$")
MAX_NAME = 96

# `text/plain` and `application/json` have the org/name shape; no model lives under a MIME top-level type.
_MIME_TYPES = frozenset({"application", "audio", "font", "image", "message", "multipart", "text", "video"})
# A name ending like a file is a file: `docs/index.md`, `data/train.jsonl`, `model.gguf`.
_FILE_SUFFIXES = frozenset(
    [
        "bin",
        "cfg",
        "csv",
        "ckpt",
        "gguf",
        "gz",
        "h5",
        "html",
        "ini",
        "ipynb",
        "json",
        "jsonl",
        "md",
        "msgpack",
        "npz",
        "onnx",
        "parquet",
        "pkl",
        "pt",
        "pth",
        "py",
        "safetensors",
        "sh",
        "tar",
        "toml",
        "tsv",
        "txt",
        "xml",
        "yaml",
        "yml",
        "zip",
    ]
)


def hub_id(text: str, bare_ok: bool = True) -> str | None:
    """The Hub id that `text` is, or None when it cannot be one."""
    if not _HUB_ID.match(text) or "--" in text or ".." in text or text.endswith(".git"):
        return None
    org, _, name = text.rpartition("/")
    if len(name) > MAX_NAME or (not org and not bare_ok):
        return None
    if org.lower() in _MIME_TYPES:
        return None
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in _FILE_SUFFIXES:
        return None
    return text


def looks_like_path(text: str) -> bool:
    """Written as a path (./x, ../x, /x, ~/x, a\\b, or deeper than org/name), so never a Hub id."""
    return written_as_path(text) or "\\" in text or text.count("/") > 1


def local_dir(text: str, bases: Sequence[Path]) -> Path | None:
    """The existing directory that `text` names, tried against each base folder in turn (as from_pretrained does)."""
    if "://" in text or "\0" in text or not text.strip():
        return None
    path = Path(text).expanduser()
    tries = [path] if path.is_absolute() else [base / path for base in bases]
    for candidate in tries:
        try:
            if candidate.is_dir():
                return candidate.resolve()
        except OSError:
            continue
    return None
