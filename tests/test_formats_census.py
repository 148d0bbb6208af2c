"""The census writers: every format from the registry, the page and Markdown streamed row by row."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from licscan.census.spool import Spool
from licscan.census.summary import CensusSummary
from licscan.errors import UsageError
from licscan.formats import census_choices, get_census_writer
from licscan.formats.census import CensusOutput
from licscan.results import ModelResult
from tests.test_formats_common import hostile, llama_like, local_broken, sample_report


def summary(complete: bool = True) -> CensusSummary:
    return CensusSummary(
        author="acme",
        complete=complete,
        stopped=None if complete else "interrupted (Ctrl-C)",
        listed=3,
        judged=3,
        from_metadata=0,
        files_fetched=3,
        licenses={"acme-community": 1, "apache-2.0": 1, "(none)": 1},
        verdicts={"pass": 1, "fail": 1, "error": 1},
        mislabels=[],
        no_license=["./models/in-house"],
    )


class Watched(Spool):
    """A spool that notes how much of the output was written each time it hands out a result."""

    def __init__(self, out: io.StringIO) -> None:
        super().__init__()
        self.out = out
        self.written_at: list[int] = []

    def results(self) -> Iterator[ModelResult]:
        for result in super().results():
            self.written_at.append(len(self.out.getvalue()))
            yield result


def test_the_census_formats_are_the_registry_s() -> None:
    assert census_choices() == ["text", "json", "html", "markdown"]
    with pytest.raises(UsageError, match="not available for a census; use one of text, json, html, markdown"):
        get_census_writer("sarif")


@pytest.mark.parametrize("name", ["html", "markdown"])
def test_the_page_and_markdown_stream_the_models_row_by_row(name: str) -> None:
    out = io.StringIO()
    spool = Watched(out)
    for model in (llama_like(), hostile(), local_broken()):
        spool.add(model)
    try:
        get_census_writer(name)(CensusOutput(summary(), spool, sample_report([])), out)
    finally:
        spool.close()
    first, second, third = spool.written_at
    # The summary is out before the first model is read back, and each row before the next is read.
    assert 0 < first < second < third < len(out.getvalue())
    assert "Summary" in out.getvalue()[:first]


@pytest.mark.parametrize("name", ["text", "html", "markdown"])
def test_an_incomplete_census_says_so_first(name: str) -> None:
    out = io.StringIO()
    spool = Spool()
    spool.add(llama_like())
    try:
        get_census_writer(name)(CensusOutput(summary(complete=False), spool, sample_report([])), out)
    finally:
        spool.close()
    text = out.getvalue()
    assert "INCOMPLETE CENSUS: interrupted (Ctrl-C)." in text
    assert text.index("INCOMPLETE CENSUS") < text.index("Census of author")
