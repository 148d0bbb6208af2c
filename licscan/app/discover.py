"""`discover`: the Hub models a code base uses, each with file:line; optionally added to a manifest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from licscan.app.codes import OK
from licscan.app.interface import Outcome, Say, quiet
from licscan.discover import Discovery


@dataclass(frozen=True)
class DiscoverRequest:
    paths: tuple[Path, ...]
    # Add the models this manifest does not list yet (its comments, order and fields are kept).
    write: Path | None = None
    # What a local model's path is written relative to in the manifest.
    cwd: Path = field(default_factory=Path.cwd)


def problems(found: Discovery) -> list[str]:
    """Files that could not be read: what they hold was not seen."""
    return [f"licscan: warning: {problem.label()}: {problem.message}" for problem in found.problems]


def discover(request: DiscoverRequest, say: Say = quiet) -> Outcome[Discovery]:
    from licscan.discover import discover as find

    manifest = request.write
    if manifest is not None:
        _check_manifest(manifest)
    found = find(list(request.paths))
    for line in problems(found):
        say(line)
    if manifest is not None:
        from licscan.discover.manifest_edit import add_to_manifest
        from licscan.manifest import load_manifest

        added = add_to_manifest(manifest, found.models, request.cwd)
        load_manifest(manifest)  # what was written must still be a valid manifest
        names = ", ".join(m.id for m in added) or "none: it already lists every model"
        say(f"licscan: {manifest}: added {len(added)} model{'' if len(added) == 1 else 's'}: {names}")
    return Outcome(found, OK)


def _check_manifest(manifest: Path) -> None:
    """Before anything is written: an existing manifest with content must be a valid one (exit 2 naming the file
    and line); a missing or empty manifest is started afresh."""
    from licscan.errors import UsageError
    from licscan.manifest import load_manifest

    try:
        raw = manifest.read_bytes()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"{manifest}: cannot read the manifest: {exc.strerror or exc}") from None
    if raw.strip():
        load_manifest(manifest)
