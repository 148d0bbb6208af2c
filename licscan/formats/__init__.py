"""Output formats: the reporters by name, the one place `--format` choices come from (helpers: formats/common.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import IO, TYPE_CHECKING

from licscan.errors import UsageError

if TYPE_CHECKING:
    from licscan.formats.census import CensusOutput
    from licscan.formats.interface import Reporter

__all__ = [
    "REPORTER_BY_NAME",
    "ReporterEntry",
    "census_choices",
    "format_choices",
    "get_census_writer",
    "get_reporter",
]

CENSUS_MODULE = "licscan.formats.census"
CensusWriter = Callable[["CensusOutput", IO[str]], None]


@dataclass(frozen=True)
class ReporterEntry:
    """Where a reporter lives and which commands offer it; its module is imported only when it is used."""

    module: str
    cls: str
    commands: frozenset[str]
    # The function of licscan/formats/census.py that writes a census in this format, when there is one.
    census: str | None = None

    def load(self) -> type[Reporter]:
        reporter: type[Reporter] = getattr(import_module(self.module), self.cls)
        return reporter

    def load_census(self) -> CensusWriter:
        assert self.census is not None
        writer: CensusWriter = getattr(import_module(CENSUS_MODULE), self.census)
        return writer


_SCAN, _CHECK, _REPORT = "scan", "check", "report"

# The keys are the `--format` names; each command offers the formats listed for it, in this order.
REPORTER_BY_NAME: dict[str, ReporterEntry] = {
    "text": ReporterEntry("licscan.formats.text", "TextReporter", frozenset({_SCAN, _CHECK}), "write_text"),
    "json": ReporterEntry("licscan.formats.jsonout", "JsonReporter", frozenset({_SCAN, _CHECK, _REPORT}), "write_json"),
    "sarif": ReporterEntry("licscan.formats.sarif", "SarifReporter", frozenset({_SCAN, _CHECK})),
    "html": ReporterEntry("licscan.formats.html", "HtmlReporter", frozenset({_SCAN, _REPORT}), "write_html"),
    "markdown": ReporterEntry(
        "licscan.formats.markdown", "MarkdownReporter", frozenset({_SCAN, _REPORT}), "write_markdown"
    ),
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


def census_choices() -> list[str]:
    """The `--format` names a census can be written in."""
    return [name for name, entry in REPORTER_BY_NAME.items() if entry.census]


def get_census_writer(name: str) -> CensusWriter:
    """The census writer for a `--format` name; a usage error for a format a census has no writer for."""
    entry = REPORTER_BY_NAME.get(name)
    if entry is None or entry.census is None:
        raise UsageError(f"--format {name} is not available for a census; use one of {', '.join(census_choices())}")
    return entry.load_census()
