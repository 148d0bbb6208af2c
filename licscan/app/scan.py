"""`scan`: Hub ids and local folders -> each model's license, terms, findings and verdict."""

from __future__ import annotations

from dataclasses import dataclass, field

from licscan.app.codes import of_report
from licscan.app.interface import Outcome, Progress, Say, Settings, Target, no_progress, quiet
from licscan.app.run import finished, scan_options, scan_targets, scanner_for
from licscan.results import Report


@dataclass(frozen=True)
class ScanRequest:
    targets: tuple[Target, ...]
    settings: Settings = field(default_factory=Settings)


def scan(request: ScanRequest, say: Say = quiet, progress: Progress = no_progress) -> Outcome[Report]:
    """The report of every target; exit 1 when one fails the policy, 3 when one could not be read."""
    scanner = scanner_for(scan_options(request.settings))
    results = scan_targets(scanner, request.targets, say, progress)
    report = finished(scanner, results, request.settings, say)
    return Outcome(report, of_report(report))
