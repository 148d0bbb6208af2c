"""licscan.lock: what was approved (commit, license files and their hashes, concluded license) and drift from it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import Field

from licscan.errors import UsageError
from licscan.frozen import FrozenModel
from licscan.paths import write_atomic
from licscan.results import Finding, ModelResult, Report

LOCK_VERSION = 1


class LockedFile(FrozenModel):
    path: str
    sha256: str


class LockedModel(FrozenModel):
    revision: str | None
    source: str
    license: str | None
    license_version: str | None = None
    files: list[LockedFile] = Field(default_factory=list)


class Lock(FrozenModel):
    lock_version: int = LOCK_VERSION
    database_version: str
    models: dict[str, LockedModel]


def lock_key(model_id: str, source: str, folder: Path) -> str:
    """Hub ids as they are; local paths relative to the lock file's folder, so any working directory agrees."""
    if source != "local":
        return model_id
    return Path(os.path.relpath(Path(model_id).resolve(), folder.resolve())).as_posix()


def lock_from(report: Report, folder: Path) -> Lock:
    models = {
        lock_key(m.id, m.source, folder): LockedModel(
            revision=m.revision,
            source=m.source,
            license=m.license,
            license_version=m.license_version,
            files=[LockedFile(path=f.path, sha256=f.sha256) for f in m.files],
        )
        for m in report.models
        if not m.not_read  # a model not read in full is left out: its entry would approve what was never seen
    }
    return Lock(database_version=report.tool.database_version, models=models)


def write_lock(lock: Lock, path: Path) -> None:
    write_atomic(path, (json.dumps(lock.model_dump(mode="json"), indent=2, sort_keys=True) + "\n").encode())


def read_lock(path: Path) -> Lock:
    try:
        return Lock.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: lock file not found (create it with `licscan lock`)") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not a valid licscan.lock: {exc}") from None


def drift(result: ModelResult, locked: LockedModel | None) -> Finding | None:
    """A license-changed finding when the concluded license or a license file differs from the lock."""
    if locked is None or result.not_read:
        return None
    changes = []
    if locked.license != result.license or (
        locked.license_version and result.license_version and locked.license_version != result.license_version
    ):
        old = f"{locked.license}{' ' + locked.license_version if locked.license_version else ''}"
        new = f"{result.license}{' ' + result.license_version if result.license_version else ''}"
        changes.append(f"concluded license {old} -> {new}")
    old_files = {f.path: f.sha256 for f in locked.files}
    new_files = {f.path: f.sha256 for f in result.files}
    for path in sorted(old_files.keys() | new_files.keys()):
        before, after = old_files.get(path), new_files.get(path)
        if before != after:
            what = "added" if before is None else "removed" if after is None else "changed"
            changes.append(f"{path} {what} ({(before or '-')[:12]} -> {(after or '-')[:12]})")
    if not changes:
        return None
    if locked.revision and locked.revision == result.revision:
        # A commit never changes: the lock was written from a read that missed files (e.g. gated, no token).
        message = (
            f"licscan.lock does not match commit {_short(result.revision)}, the commit it was written at (it was "
            "written from an incomplete read, e.g. of a gated model without access): " + "; ".join(changes)
        )
        remediation = "Run `licscan lock` again with access to every model, review the result and commit the lock."
    else:
        message = f"Upstream differs from licscan.lock ({_revisions(locked.revision, result.revision)}): " + "; ".join(
            changes
        )
        remediation = "Review the new license text; if it is acceptable, run `licscan lock` again and commit the lock."
    return Finding(
        id="license-changed",
        severity="error",
        model=result.id,
        license=result.license,
        message=message,
        remediation=remediation,
    )


def _short(revision: str | None) -> str:
    from licscan.identity import DIRTY

    if revision is None:
        return "no commit"
    dirty = DIRTY.fullmatch(revision)
    return f"{dirty['commit'][:12]} with uncommitted changes" if dirty else revision[:12]


def _revisions(locked: str | None, now: str | None) -> str:
    if locked is None and now is None:
        return "a local folder outside git: no commit recorded, the files are compared"
    return f"locked at {_short(locked)}, now at {_short(now)}"
