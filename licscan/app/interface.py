"""What every use case shares: the outcome it returns, where its diagnostics go, and the settings of a scan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from licscan.app.outcome import Outcome, Progress, Say, no_progress, quiet
from licscan.policy.model import IntendedUseOverride
from licscan.scan import HubSettings
from licscan.targets import Target as _Target

# What a request names a model by: a target with the manifest's per-model intended use. The one definition of it in
# the app layer.
Target: TypeAlias = _Target[IntendedUseOverride]
__all__ = ["HubSettings", "Outcome", "Progress", "Say", "Settings", "Target", "no_progress", "quiet"]


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
