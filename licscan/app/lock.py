"""`lock`: record each model's commit, license files and concluded license in licscan.lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from licscan.app.codes import OK, RUNTIME
from licscan.app.interface import Outcome, Progress, Say, Settings, no_progress, quiet
from licscan.app.run import finished, scan_options, scan_targets, scanner_for
from licscan.errors import cannot_write
from licscan.lock import Lock, lock_from, write_lock


@dataclass(frozen=True)
class LockRequest:
    manifest: Path
    # No policy is read: a lock records what was found, not what a policy thinks of it.
    settings: Settings = field(default_factory=Settings)
    # The lock file (default: licscan.lock beside the manifest).
    output: Path | None = None


def lock(request: LockRequest, say: Say = quiet, progress: Progress = no_progress) -> Outcome[Lock]:
    """Write the lock. Models that cannot be read in full (not found, a failed download, gated without access) are
    left out, and the exit code is 3."""
    from licscan.manifest import load_manifest

    _, targets, _ = load_manifest(request.manifest)
    settings = Settings(hub=request.settings.hub, jobs=request.settings.jobs, command=request.settings.command)
    scanner = scanner_for(scan_options(settings))
    report = finished(scanner, scan_targets(scanner, targets, say, progress), settings, say, str(request.manifest))
    path = request.output or request.manifest.parent / "licscan.lock"
    written = lock_from(report, path.parent)
    try:
        write_lock(written, path)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    # Each problem was named on stderr once, as the scan met it; here only which models were left out.
    failed = [m.id for m in report.models if m.not_read]
    left_out = f"; left out (not read in full): {', '.join(failed)}" if failed else ""
    say(f"wrote {path}: {len(written.models)} model(s) locked{left_out}")
    return Outcome(written, RUNTIME if failed else OK)
