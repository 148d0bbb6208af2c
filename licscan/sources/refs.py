"""What a target names on disk and on the Hub: whether it can be scanned at all, a folder it shadows, a manifest's
name, a commit, an HF cache snapshot. How a target is written (Hub id or path) is decided in licscan.targets."""

from __future__ import annotations

import os
from pathlib import Path

from licscan.hubnames import COMMIT, is_hub_id
from licscan.identity import cache_snapshot
from licscan.targets import MAX_TARGET, is_local, parse_ref, written_as_path


def shadowed_folder(ref: str) -> bool:
    """A Hub id that also names a folder here: read from the Hub, and worth a note that the folder was not read."""
    if is_local(ref) or not ref or len(ref) > MAX_TARGET or "\x00" in ref:
        return False
    try:
        return os.path.isdir(parse_ref(ref)[0])
    except (OSError, ValueError):
        return False


def is_manifest_name(target: str) -> bool:
    """A target ending in .yaml/.yml names a manifest file, never a Hub id, whether or not it exists."""
    return target.lower().endswith((".yaml", ".yml"))


def target_problem(ref: str) -> str | None:
    """Why a target the user typed cannot be scanned at all (an input error), or None.

    A local path must be an existing directory; anything else must be a Hub id (`org/name`, `name`).
    """
    if not ref or not ref.strip():
        return "an empty target: give a Hub id (org/name) or a local folder (./path)"
    if len(ref) > MAX_TARGET or "\x00" in ref:
        return "not a Hub id or a path (too long, or holds a NUL byte)"
    if is_manifest_name(ref):
        return "a manifest, not a model: run `licscan check` (or `report`, `lock`, `notice`) on it"
    if is_local(ref):
        folder = Path(ref).expanduser()
        try:
            if folder.is_dir():
                return None
            if folder.exists():
                return "not a directory: give the folder that holds README.md and the license files"
        except OSError as exc:
            return f"cannot be read ({exc.strerror or type(exc).__name__})"
        if written_as_path(ref):
            return "no such local folder"
        return "neither a Hub id (org/name) nor an existing local folder (no such local folder)"
    repo_id, revision = parse_ref(ref)
    if not is_hub_id(repo_id) or (revision is not None and not revision.strip()):
        return "not a Hub id (org/name, letters, digits, '-', '_' and '.') nor a local folder (write ./path)"
    return None


def is_commit(revision: str | None) -> bool:
    """A clean commit sha: the only revision a package URL versions by, or an exception's `revision:` matches."""
    return revision is not None and COMMIT.fullmatch(revision) is not None


def snapshot_blobs(folder: Path) -> Path | None:
    """The blobs/ folder of the HF cache repository when `folder` is one of its snapshots (whose files are links into
    it), else None."""
    try:
        resolved = folder.resolve()
    except (OSError, RuntimeError):
        return None
    snapshot = cache_snapshot(resolved.parts)
    return snapshot.repo_folder / "blobs" if snapshot is not None else None
