"""What every use case shares: the outcome it returns, where its diagnostics go, and the settings of a scan."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeAlias, TypeVar

from licscan.policy.model import IntendedUseOverride
from licscan.scan import HubSettings
from licscan.targets import Target as _Target

# What a request names a model by: a target with the manifest's per-model intended use. The one definition of it in
# the app layer.
Target: TypeAlias = _Target[IntendedUseOverride]
__all__ = ["HubSettings", "Outcome", "Progress", "Say", "Settings", "Target", "no_progress", "quiet"]

T = TypeVar("T", covariant=True)

# One diagnostic line for stderr ("licscan: warning: ..."), said as the use case meets it, so that a later error
# never swallows what was already found. The CLI prints it; a test collects it in a list.
Say = Callable[[str], None]

# A progress display for a run of `total` targets: a context that gives a tick per finished target, or None.
Progress = Callable[[int], AbstractContextManager[Callable[[], None] | None]]


def quiet(line: str) -> None:
    """A Say that drops every line (a caller that wants none)."""


def no_progress(total: int) -> AbstractContextManager[Callable[[], None] | None]:
    return nullcontext(None)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A use case's result, its exit code (README: 0 ok, 1 violations, 2 usage/input error, 3 runtime failure),
    and the lines for stderr once the caller has written the result (`wrote ...`, what fails the run)."""

    result: T
    code: int
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """How models are scanned: the policy file (or a bundled policy's name), the severity that fails, the Hub."""

    policy: Path | None = None
    fail_on: str = "error"
    hub: HubSettings = field(default_factory=HubSettings)
    jobs: int = 8
    # How many bases deep the lineage is followed; None: the scanner's default.
    max_depth: int | None = None
    # The command line as recorded in reports (its --token value already hidden); None records none.
    command: str | None = None
