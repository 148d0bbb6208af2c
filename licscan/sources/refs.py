"""What a target names: a Hub repository id (with an optional revision) or a local directory; decided once, here."""

from __future__ import annotations

import os
import re
from pathlib import Path

# A Hub repository id: `name` or `org/name`, letters, digits, `_`, `.`, `-`; never `..` or `--` (the Hub refuses them).
HUB_ID = re.compile(r"[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?")
COMMIT = re.compile(r"[0-9a-f]{40}")
# Longer than any Hub id (96 characters for a name, the same for an org) or path a user types: not a target.
_MAX_TARGET = 4096


def is_hub_id(text: str) -> bool:
    return HUB_ID.fullmatch(text) is not None and ".." not in text and "--" not in text


def parse_ref(ref: str) -> tuple[str, str | None]:
    """`org/name@revision` -> (`org/name`, `revision`). A repo id never holds `@`; a revision may (`refs/pr/1`)."""
    repo_id, _, revision = ref.strip().partition("@")
    return repo_id.strip().strip("/"), revision.strip() or None


def written_as_path(ref: str) -> bool:
    """`./x`, `../x`, `/x`, `~/x`, `x\\y`: the user wrote a path, whatever is on disk."""
    return ref.startswith((".", "/", "~")) or "\\" in ref


def is_local(ref: str) -> bool:
    """A target is a local directory when it is written as a path, or when it cannot be a Hub id (`a/b/c`).

    A Hub id is a Hub id: `org/name` is read from the Hub even when a folder `org/name` exists in the working
    directory (write `./org/name` for the folder; `shadowed_folder` tells the CLI to say so). What is on disk
    never decides, so the answer does not depend on where licscan runs. Never raises. Only what the *user* typed
    goes through here; a `base_model` from a card is always a Hub id (a card must not make licscan read disk).
    """
    if not ref or len(ref) > _MAX_TARGET or "\x00" in ref:
        return False
    if written_as_path(ref):
        return True
    return not is_hub_id(parse_ref(ref)[0]) and "/" in ref


def shadowed_folder(ref: str) -> bool:
    """A Hub id that also names a folder here: read from the Hub, and worth a note that the folder was not read."""
    if is_local(ref) or not ref or len(ref) > _MAX_TARGET or "\x00" in ref:
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
    if len(ref) > _MAX_TARGET or "\x00" in ref:
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


# A local folder with uncommitted changes is not its HEAD commit: `<commit>-dirty-<sha256 of what was read, 16 hex>`.
DIRTY = re.compile(r"(?P<commit>[0-9a-f]{40})-dirty-(?P<digest>[0-9a-f]{16})")


def dirty_revision(head: str, digest: str) -> str:
    return f"{head}-dirty-{digest[:16]}"


def is_commit(revision: str | None) -> bool:
    """A clean commit sha: the only revision a package URL versions by, or an exception's `revision:` matches."""
    return revision is not None and COMMIT.fullmatch(revision) is not None


# huggingface_hub's cache layout: <cache>/<type>s--<org>--<name>/snapshots/<commit>/<file>, each file a link to
# <cache>/<type>s--<org>--<name>/blobs/<hash>.
_CACHE_REPO = re.compile(r"(models|datasets|spaces)--.+")


def snapshot_blobs(folder: Path) -> Path | None:
    """The blobs/ folder of the HF cache repository when `folder` is one of its snapshots (whose files are links into
    it), else None."""
    try:
        resolved = folder.resolve()
    except (OSError, RuntimeError):
        return None
    repo = resolved.parent.parent
    if resolved.parent.name == "snapshots" and COMMIT.fullmatch(resolved.name) and _CACHE_REPO.fullmatch(repo.name):
        return repo / "blobs"
    return None
