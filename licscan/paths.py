"""Where bundled data lives: inside the installed package, or beside it in a source tree."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

from licscan.errors import LicscanError


def data_dir(name: str) -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise LicscanError(f"bundled data folder {name!r} not found next to {here}")


def cache_dir() -> Path:
    """licscan's own cache (the classifier index, the validated database): LICSCAN_CACHE_DIR or the XDG cache."""
    if os.environ.get("LICSCAN_CACHE_DIR"):
        return Path(os.environ["LICSCAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "licscan"


def private_cache_dir() -> Path | None:
    """cache_dir(), made a folder only this user can read or write (0700); None when it cannot be, and then nothing is
    cached: whoever else can write a cache decides what every licscan process reads from it."""
    folder = cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode):
            return None  # a symlink (or a file) in its place: not a folder this user made
        if hasattr(os, "getuid"):
            if info.st_uid != os.getuid():
                return None
            if stat.S_IMODE(info.st_mode) & 0o077:
                folder.chmod(0o700)
    except OSError:
        return None
    return folder


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old bytes or the new, never half; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a read-only cache only costs a rebuild next time."""
    with contextlib.suppress(OSError):
        write_atomic(path, data)
