"""The output-format interface: a Reporter renders a Report into one document."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from licscan.database import Database
from licscan.formats.terminal import PLAIN_WIDTH
from licscan.results import Report


@dataclass(frozen=True)
class RenderContext:
    """What a format may need beyond the report itself."""

    database: Database
    # Folder that SARIF artifact URIs are made relative to (the repository root); None = current directory.
    repo_root: Path | None = None
    # `check` prints a short actionable text; `scan` prints every term.
    detail: bool = True
    quiet: bool = False
    # Text output: colour (a TTY only; licscan.formats.terminal decides) and the width to lay tables out in.
    color: bool = False
    width: int = PLAIN_WIDTH
    # The shipping plan of a manifest (licscan.notice.ShipPlan), for the HTML report's "What to ship" section.
    ship: object | None = None


class Reporter(ABC):
    name: str
    binary: bool = False

    @abstractmethod
    def render(self, report: Report, ctx: RenderContext) -> str:
        """The whole document, as text."""
