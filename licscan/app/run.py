"""The scan every use case starts from: options from the settings, the scanner, and what the run must say."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path

from licscan.app.interface import Progress, Say, Settings, Target, no_progress
from licscan.policy.engine import failing
from licscan.results import ModelResult, Report
from licscan.scan import Scanner, ScanOptions


def scan_options(settings: Settings, policy: Path | None = None) -> ScanOptions:
    """The scanner's options; `policy` is the manifest's `policy:`, used when the settings name none."""
    from licscan.policy.model import load_policy, policy_file

    chosen = settings.policy or policy
    policy_path = policy_file(chosen) if chosen else None
    loaded, sha = load_policy(policy_path) if policy_path else (None, None)
    options = ScanOptions(
        policy=loaded,
        policy_path=policy_path,
        policy_sha256=sha,
        fail_on=settings.fail_on,
        jobs=settings.jobs,
        debug=logging.getLogger("licscan").isEnabledFor(logging.DEBUG),
        hub=settings.hub,
    )
    if settings.max_depth is not None:
        options.max_depth = settings.max_depth
    return options


def scanner_for(options: ScanOptions) -> Scanner:
    from licscan.classify.index import load_index
    from licscan.database import load_database

    return Scanner(load_database(), load_index(), options)


def scan_targets(
    scanner: Scanner, targets: Sequence[Target], say: Say, progress: Progress = no_progress
) -> list[ModelResult]:
    """Every target's result, in order; one line on stderr per document or model that could not be read."""
    with progress(len(targets)) as tick:
        results = list(scanner.run(list(targets), progress=tick))
    for line in problems(results):
        say(line)
    return results


def problems(results: Sequence[ModelResult]) -> list[str]:
    """One line per document or model that could not be read; the report says the rest."""
    lines = []
    for m in results:
        for f in m.findings:
            if f.waived is None and f.unreadable:
                text = f.message if f.message.startswith(m.id) else f"{m.id}: {f.message}"
                lines.append(f"licscan: {'error' if f.severity == 'error' else 'warning'}: {text}")
    return lines


def waiver_notes(scanner: Scanner) -> list[str]:
    """The policy exceptions that expired, and those that waived nothing: said once every finding is final."""
    lines = []
    for waiver in scanner.waivers.expired():
        lines.append(
            f"licscan: warning: policy exception for {waiver.model} ({waiver.finding or 'all findings'}), approved by "
            f"{waiver.approved_by}, expired on {waiver.expires.isoformat()} and no longer applies"
        )
    expired = {(w.model, w.finding, w.approved_by) for w in scanner.waivers.expired()}
    for waiver in scanner.waivers.stale():
        if (waiver.model, waiver.finding, waiver.approved_by) not in expired:
            lines.append(
                f"licscan: note: policy exception for {waiver.model} ({waiver.finding or 'all findings'}) waived "
                "nothing in this run: it is stale"
            )
    return lines


def finished(
    scanner: Scanner, results: list[ModelResult], settings: Settings, say: Say, manifest: str | None = None
) -> Report:
    """The report of results whose findings are final, after the notes on the policy's exceptions."""
    for line in waiver_notes(scanner):
        say(line)
    return scanner.report(results, command=settings.command, manifest=manifest)


def violations(report: Report, fail_on: str) -> list[str]:
    """For a run whose output is a file (notice, report): one line per finding that fails a model, so that exit 1
    is never unexplained."""
    return [
        f"licscan: {f.severity}: {m.id}: {f.id}: {f.message}"
        for m in report.models
        if m.verdict == "fail"
        for f in failing(m.findings, fail_on)
    ]


def pinned(targets: Sequence[Target], revisions: dict[str, str | None]) -> list[Target]:
    """Each Hub target read at the commit recorded for it (offline, the lock says which cached commit to read)."""
    return [
        dataclasses.replace(t, revision=revisions[t.ref]) if revisions.get(t.ref) and not t.is_local else t
        for t in targets
    ]
