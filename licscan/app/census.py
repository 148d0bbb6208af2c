"""`scan`/`report --author ORG | --search QUERY`: the census of the models the Hub lists, written as it runs."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import IO, Any

from licscan.app.codes import OK, RUNTIME, VIOLATIONS
from licscan.app.interface import Outcome, Say, Settings, quiet
from licscan.app.run import scan_options, scanner_for
from licscan.census.summary import CensusSummary
from licscan.errors import UsageError

# The census's progress display: a context giving an update(listed, judged, fetched), or None.
CensusProgress = AbstractContextManager[Callable[[int, int, int], None] | None]


@dataclass(frozen=True)
class CensusRequest:
    author: str | None = None
    search: str | None = None
    limit: int | None = None
    # Read and classify every model's license files too, not only where the listing's card data does not decide.
    verify_files: bool = False
    fmt: str = "json"
    settings: Settings = field(default_factory=Settings)
    # Where the output goes, named in the closing lines (the caller opens it: see `census`).
    output_name: str | None = None


def census(
    request: CensusRequest,
    open_output: Callable[[], AbstractContextManager[IO[str]]],
    say: Say = quiet,
    progress: Callable[[], CensusProgress] = lambda: nullcontext(None),
) -> Outcome[CensusSummary]:
    """Run the census and write it as it goes; the exit code is scan's, and 3 when it stopped early or a model
    could not be read in full. The output is opened before the census runs: one that cannot be written costs no
    Hub request. An empty listing is a usage error (a misspelled organisation must not pass as a clean census)."""
    from licscan.census import Census, CensusQuery
    from licscan.census.spool import Spool
    from licscan.formats import get_census_writer
    from licscan.formats.census import CensusOutput

    write = get_census_writer(request.fmt)
    scanner = scanner_for(scan_options(request.settings))
    lister: Any = scanner.sources.hub()
    if getattr(lister, "offline", False):
        raise UsageError("a census lists models on the Hub: it cannot run offline (--offline or HF_HUB_OFFLINE)")
    query = CensusQuery(request.author, request.search, request.limit, request.verify_files)
    run = Census(scanner, lister, query)
    spool = Spool()
    try:
        with open_output() as out:
            with progress() as update:
                summary = run.run(spool.add, update)
            head = scanner.report([], command=request.settings.command)
            write(CensusOutput(summary, spool, head), out)
    finally:
        spool.close()
    where = f" to {request.output_name}" if request.output_name else ""
    if summary.stopped:
        say(
            f"licscan: census stopped ({summary.stopped}): wrote the {summary.judged} model(s) judged so far{where}; "
            "the census is incomplete"
        )
        return Outcome(summary, RUNTIME)
    if request.output_name:
        say(f"wrote {request.output_name}")
    if summary.listed == 0:
        what = f"author {request.author!r}" if request.author else f"the search {request.search!r}"
        raise UsageError(
            f"the Hub lists no model for {what}: check the spelling (organisation and user names are case-sensitive)"
        )
    tally = run.tally
    if tally.runtime_failure:
        more = tally.not_read_count - len(tally.not_read)
        names = ", ".join(tally.not_read) + (f" and {more} more" if more > 0 else "")
        why = (
            " Some are gated: set HF_TOKEN (or --token) for an account that has accepted their terms, and run again."
            if tally.access_denied
            else ""
        )
        say(
            f"licscan: error: {tally.not_read_count} model(s) could not be read in full: {names}; their rows say "
            f"so (not read, or card only).{why}"
        )
        return Outcome(summary, RUNTIME)
    return Outcome(summary, VIOLATIONS if summary.verdicts.get("fail") else OK)
