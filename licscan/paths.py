"""Where bundled data lives: inside the installed package, or beside it in a source tree."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Sequence
from pathlib import Path, PurePath, PurePosixPath

from licscan.errors import LicscanError


def data_dir(name: str) -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise LicscanError(f"bundled data folder {name!r} not found next to {here}")


class OutsideFolder(OSError):
    """A path that leads out of the folder it must stay in, through `..`, an absolute name or a symbolic link."""


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def inside(path: Path, folders: Sequence[Path], name: str | PurePath | None = None) -> Path:
    """path with every symbolic link resolved, which must lie in one of folders; raises OutsideFolder naming where it
    leads (as `name`, the path the user knows it by)."""
    resolved = path.resolve()
    if any(_under(resolved, folder.resolve()) for folder in folders):
        return resolved
    raise OutsideFolder(f"{name or path} is a symbolic link out of {folders[0]} (to {resolved})")


def confine(folder: Path, relative: str | PurePath, also: Sequence[Path] = ()) -> Path:
    """folder/relative with every symbolic link resolved, which must still be inside folder (or inside one of `also`:
    an HF cache snapshot's files are links into its repo's blobs/); raises OutsideFolder naming where it leads.

    The one check for every file licscan reads from a model folder or writes into an output folder: a link in a
    third-party repository must not make licscan read (and ship) a file from elsewhere, or write over one.
    """
    parts = PurePosixPath(str(relative).replace("\\", "/")).parts if isinstance(relative, str) else relative.parts
    if not parts or PurePosixPath(*parts).is_absolute() or ".." in parts:
        raise OutsideFolder(f"{relative}: not a path inside {folder}")
    return inside(folder.joinpath(*parts), [folder, *also], relative)


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
