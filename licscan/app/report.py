"""`report`: the audit report of targets or of one manifest; for a manifest's HTML, what shipping requires too."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from licscan.app.codes import of_report
from licscan.app.interface import Outcome, Progress, Say, Settings, Target, no_progress, quiet
from licscan.app.run import finished, scan_options, scan_targets, scanner_for, violations
from licscan.notice.model import ShipPlan
from licscan.results import Report


@dataclass(frozen=True)
class ReportRequest:
    # The targets typed on the command line; with `manifest`, the manifest's models are read instead.
    targets: tuple[Target, ...] = ()
    manifest: Path | None = None
    settings: Settings = field(default_factory=Settings)
    # The manifest's shipping plan is worked out for the formats that show it.
    with_shipping: bool = False


@dataclass(frozen=True)
class AuditReport:
    report: Report
    ship: ShipPlan | None = None


def report(request: ReportRequest, say: Say = quiet, progress: Progress = no_progress) -> Outcome[AuditReport]:
    """The scan's report (and, for a manifest, its shipping plan); the lines naming each failing finding follow
    the written document, so that exit 1 is never unexplained."""
    from licscan.manifest import load_manifest

    targets = list(request.targets)
    policy = None
    if request.manifest is not None:
        _, targets, policy = load_manifest(request.manifest)
    options = scan_options(request.settings, policy)
    scanner = scanner_for(options)
    results = scan_targets(scanner, targets, say, progress)
    manifest = str(request.manifest) if request.manifest is not None else None
    result = finished(scanner, results, request.settings, say, manifest=manifest)
    ship = None
    if request.manifest is not None and request.with_shipping:
        from licscan.notice.plan import Planner
        from licscan.notice.repofiles import RepositoryFiles

        planner = Planner(scanner.db, scanner.index, RepositoryFiles())
        ship = planner.plan(options.policy, zip(targets, result.models, strict=True), options.fail_on)
    return Outcome(AuditReport(result, ship), of_report(result), tuple(violations(result, options.fail_on)))
