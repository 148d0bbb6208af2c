"""`check`: the manifest's models against the policy, the lock and the code that uses them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from licscan.app.codes import of_report
from licscan.app.interface import Outcome, Progress, Say, Settings, Target, no_progress, quiet
from licscan.app.run import finished, pinned, scan_options, scan_targets, scanner_for
from licscan.lock import Lock, drift, lock_key, read_lock
from licscan.manifest import load_manifest
from licscan.policy.finalise import finalise
from licscan.results import ModelResult, Report
from licscan.scan import Scanner


@dataclass(frozen=True)
class CheckRequest:
    manifest: Path
    settings: Settings = field(default_factory=Settings)
    # Compare each model with what this licscan.lock recorded (offline: read the commit it recorded).
    lock: Path | None = None
    # Also fail on models the code under these paths uses that the manifest does not list.
    discover: tuple[Path, ...] = ()
    # Say only what fails (the unused-model notes and the unresolved-call warning are left out).
    quiet: bool = False
    # What the manifest's and the code's relative paths are read against.
    cwd: Path = field(default_factory=Path.cwd)


def check(request: CheckRequest, say: Say = quiet, progress: Progress = no_progress) -> Outcome[Report]:
    """Every model of the manifest scanned and judged; then the lock's drift and the code's unlisted models, each
    added finding through the policy's exceptions and the verdict once (policy.finalise). Exit 1 on a failure."""
    _, targets, manifest_policy = load_manifest(request.manifest)
    options = scan_options(request.settings, manifest_policy)
    lock = read_lock(request.lock) if request.lock else None
    if lock and options.hub.offline:
        targets = pinned(targets, {ref: m.revision for ref, m in lock.models.items()})
    scanner = scanner_for(options)
    models = scan_targets(scanner, targets, say, progress)
    if lock and request.lock:
        models = with_drift(models, lock, request.lock.parent, scanner)
    if request.discover:
        models = with_discovery(models, scanner, targets, request, say)
    report = finished(scanner, models, request.settings, say, manifest=str(request.manifest))
    return Outcome(report, of_report(report))


def with_drift(models: list[ModelResult], lock: Lock, folder: Path, scanner: Scanner) -> list[ModelResult]:
    """Each model with a license-changed finding where its license or license files differ from the lock."""
    fail_on = scanner.options.fail_on
    out = []
    for m in models:
        found = drift(m, lock.models.get(lock_key(m.id, m.source, folder)))
        out.append(finalise(m, [found], scanner.waivers, fail_on) if found else m)
    return out


def with_discovery(
    models: list[ModelResult], scanner: Scanner, targets: list[Target], request: CheckRequest, say: Say
) -> list[ModelResult]:
    """The models with an unused-model note on each listed model that no code uses, then an unlisted-model result
    for each model the code uses that the manifest lacks (and each call whose model could not be told)."""
    from licscan.app.discover import problems
    from licscan.discover import discover
    from licscan.discover.gate import compare

    paths = list(request.discover)
    found = discover(paths)
    for line in problems(found):
        say(line)
    policy = scanner.options.policy
    severity = policy.rules.unlisted_model if policy else "error"
    unresolved_severity = policy.rules.unresolved_model if policy else "error"
    gate = compare(found, targets, request.manifest, paths, severity, request.cwd, unresolved_severity)
    if gate.unresolved and not request.quiet:
        say(
            f"licscan: warning: {len(gate.unresolved)} model-loading call(s) compute the model's name at run time; "
            "which model each loads could not be told: "
            + ", ".join(m.id for m in gate.unresolved[:5])
            + (" and more" if len(gate.unresolved) > 5 else "")
        )
    fail_on = scanner.options.fail_on
    out = []
    for m in models:
        unused = gate.unused.get(m.manifest_line or 0)
        if unused is not None:
            m = finalise(m, [unused.model_copy(update={"model": m.id, "license": m.license})], scanner.waivers, fail_on)
            note = m.findings[-1]
            if not request.quiet and note.waived is None:
                say(f"licscan: note: {m.id}: {note.message}")
        out.append(m)
    # An unlisted model was never scanned, and a call whose model could not be told names none: all their
    # findings are new.
    for m in [*gate.unlisted, *gate.unresolved]:
        out.append(finalise(m.model_copy(update={"findings": []}), m.findings, scanner.waivers, fail_on))
    return out
