"""What the user asked licscan to look at: a target (Hub id or local path) with what a manifest says about it, and
how a ref is written (a Hub id with an optional revision, or a local directory); decided once, here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from licscan.hubnames import is_hub_id

# The manifest's per-model intended-use override. It is the policy stage's model; a target only carries it, so the
# type is a parameter here and this module stays below the policy stage (`Target[IntendedUseOverride]` above it).
Use = TypeVar("Use", covariant=True)


@dataclass(frozen=True)
class Target(Generic[Use]):
    ref: str
    revision: str | None = None
    derivative_name: str | None = None
    use: Use | None = None
    manifest_line: int | None = None
    # Set when the origin says what the target is (a manifest's `path:` or `id:`, a census listing); otherwise
    # decided from how the ref is written, by is_local.
    local: bool | None = None

    @property
    def is_local(self) -> bool:
        return self.local if self.local is not None else is_local(self.ref)


# Longer than any Hub id (96 characters for a name, the same for an org) or path a user types: not a target.
MAX_TARGET = 4096


def parse_ref(ref: str) -> tuple[str, str | None]:
    """`org/name@revision` -> (`org/name`, `revision`). A repo id never holds `@`; a revision may (`refs/pr/1`)."""
    repo_id, _, revision = ref.strip().partition("@")
    return repo_id.strip().strip("/"), revision.strip() or None


def written_as_path(ref: str) -> bool:
    """`./x`, `../x`, `/x`, `~/x`, `x\\y`: the user wrote a path, whatever is on disk (discover reads code literals
    so too)."""
    return ref.startswith((".", "/", "~")) or "\\" in ref


def is_local(ref: str) -> bool:
    """A target is a local directory when it is written as a path, or when it cannot be a Hub id (`a/b/c`).

    A Hub id is a Hub id: `org/name` is read from the Hub even when a folder `org/name` exists in the working
    directory (write `./org/name` for the folder; `shadowed_folder` tells the CLI to say so). What is on disk
    never decides, so the answer does not depend on where licscan runs. Never raises. Only what the *user* typed
    goes through here; a `base_model` from a card is always a Hub id (a card must not make licscan read disk).
    """
    if not ref or len(ref) > MAX_TARGET or "\x00" in ref:
        return False
    if written_as_path(ref):
        return True
    return not is_hub_id(parse_ref(ref)[0]) and "/" in ref
