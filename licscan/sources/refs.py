"""What a target names: a Hub repository id (with an optional revision) or a local directory; decided once, here."""

from __future__ import annotations

import os

# Longer than any Hub id (96 characters for a name, the same for an org) or path a user types: not a target.
_MAX_TARGET = 4096


def parse_ref(ref: str) -> tuple[str, str | None]:
    """`org/name@revision` -> (`org/name`, `revision`). A repo id never holds `@`; a revision may (`refs/pr/1`)."""
    repo_id, _, revision = ref.strip().partition("@")
    return repo_id.strip().strip("/"), revision.strip() or None


def written_as_path(text: str) -> bool:
    """`./x`, `../x`, `/x`, `~/x`: a path, whatever else the text could be (discover also reads code literals so)."""
    return text.startswith((".", "/", "~"))


def is_local(ref: str) -> bool:
    """A target is a local directory when it is written as a path, or is no Hub id but names something on disk.

    Never raises: a name too long for the file system, or with a NUL, is simply not local. Only what the *user*
    typed goes through here; a `base_model` from a card is always a Hub id (a card must not make licscan read disk).
    """
    if not ref or len(ref) > _MAX_TARGET or "\x00" in ref:
        return False
    if written_as_path(ref):
        return True
    try:
        return os.path.exists(ref)
    except (OSError, ValueError):
        return False
