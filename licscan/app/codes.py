"""Exit codes (README): the one place that says which outcome of a run is which code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from licscan.errors import UsageError

if TYPE_CHECKING:
    from licscan.results import ModelResult, Report

OK = 0
VIOLATIONS = 1
USAGE = 2
RUNTIME = 3


def of_report(report: Report) -> int:
    """3 when a model could not be judged or read (gated without access); else 1 on failures; else 0."""
    return of_reading(report.models) or (VIOLATIONS if any(m.verdict == "fail" for m in report.models) else OK)


def of_reading(models: Sequence[ModelResult]) -> int:
    """3 when a model could not be judged or read in full, else 0: for a run that judges nothing against a policy
    (`rights`: its rows that depend on what was not read say unknown, and a finding fails nothing)."""
    return RUNTIME if any(m.not_read for m in models) else OK


def of_error(exc: BaseException) -> int:
    """A usage or input error is 2; licscan's other errors, and anything unforeseen, are runtime failures (3)."""
    return USAGE if isinstance(exc, UsageError) else RUNTIME
