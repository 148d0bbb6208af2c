"""Output formats: the reporters by name, the one place `--format` choices come from (helpers: formats/common.py)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from licscan.errors import UsageError

if TYPE_CHECKING:
    from licscan.formats.interface import Reporter

__all__ = ["REPORTER_BY_NAME", "ReporterEntry", "format_choices", "get_reporter"]


@dataclass(frozen=True)
class ReporterEntry:
    """Where a reporter lives and which commands offer it; its module is imported only when it is used."""

    module: str
    cls: str
    commands: frozenset[str]

    def load(self) -> type[Reporter]:
        reporter: type[Reporter] = getattr(import_module(self.module), self.cls)
        return reporter


_SCAN, _CHECK, _REPORT = "scan", "check", "report"

# The keys are the `--format` names; each command offers the formats listed for it, in this order.
REPORTER_BY_NAME: dict[str, ReporterEntry] = {
    "text": ReporterEntry("licscan.formats.text", "TextReporter", frozenset({_SCAN, _CHECK})),
    "json": ReporterEntry("licscan.formats.jsonout", "JsonReporter", frozenset({_SCAN, _CHECK, _REPORT})),
    "sarif": ReporterEntry("licscan.formats.sarif", "SarifReporter", frozenset({_SCAN, _CHECK})),
    "html": ReporterEntry("licscan.formats.html", "HtmlReporter", frozenset({_SCAN, _REPORT})),
    "markdown": ReporterEntry("licscan.formats.markdown", "MarkdownReporter", frozenset({_SCAN, _REPORT})),
    "spdx-json": ReporterEntry("licscan.formats.spdx", "SpdxJsonReporter", frozenset({_SCAN, _REPORT})),
    "spdx3-jsonld": ReporterEntry("licscan.formats.spdx3", "Spdx3JsonLdReporter", frozenset({_SCAN, _REPORT})),
    "cyclonedx-json": ReporterEntry("licscan.formats.cyclonedx", "CycloneDxReporter", frozenset({_SCAN, _REPORT})),
}


def format_choices(command: str) -> list[str]:
    """The `--format` names a command offers."""
    return [name for name, entry in REPORTER_BY_NAME.items() if command in entry.commands]


def get_reporter(name: str) -> type[Reporter]:
    """The reporter class for a `--format` name."""
    try:
        entry = REPORTER_BY_NAME[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r}; choose from {', '.join(REPORTER_BY_NAME)}") from None
    return entry.load()
