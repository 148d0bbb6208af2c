"""`scan`/`report --author ORG | --search QUERY`: the census flags, its progress on a terminal, and its output."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def census_options(func: F) -> F:
    func = click.option(
        "--verify-files", is_flag=True, help="Census: read and classify every model's license files too."
    )(func)
    func = click.option("--limit", type=click.IntRange(1), help="Census: at most N listed models.")(func)
    func = click.option("--search", metavar="QUERY", help="Census of the Hub models whose id contains QUERY.")(func)
    func = click.option("--author", metavar="ORG", help="Census of the Hub models of an organisation or user.")(func)
    return func


def wants_census(targets: tuple[str, ...], author: str | None, search: str | None, limit: int | None) -> bool:
    """True for a census; a usage error when targets and census flags are mixed, or when there is neither."""
    from licscan.errors import UsageError

    census = bool(author or search)
    if census and targets:
        raise UsageError("give either TARGETs or --author/--search, not both")
    if not census and not targets:
        raise UsageError("give a TARGET (Hub id or local path), or --author ORG / --search QUERY for a census")
    if not census and limit is not None:
        raise UsageError("--limit applies to a census (--author or --search)")
    return census


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int, int], None] | None]:
    """A rich status line with the counts on a terminal; nothing at all when not on a TTY or in CI."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn(
            "census: {task.fields[listed]} listed, {task.fields[judged]} judged, {task.fields[fetched]} files fetched"
        ),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("census", total=None, listed=0, judged=0, fetched=0)

        def update(listed: int, judged: int, fetched: int) -> None:
            bar.update(task, listed=listed, judged=judged, fetched=fetched)

        yield update


def progress_wanted() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def run_census(
    author: str | None,
    search: str | None,
    limit: int | None,
    verify_files: bool,
    options: Any,
    fmt: str,
    output: Path | None,
) -> int:
    """Run the census and write its output; the exit code is scan's, and 3 when the census stopped early."""
    from licscan.census import Census, CensusQuery
    from licscan.census.spool import Spool
    from licscan.classify.index import load_index
    from licscan.cli.options import open_output
    from licscan.cli.runner import redact
    from licscan.database import load_database
    from licscan.errors import UsageError
    from licscan.formats import get_census_writer
    from licscan.formats.census import CensusOutput
    from licscan.scan import Scanner

    write = get_census_writer(fmt)
    scanner = Scanner(load_database(), load_index(), options)
    lister: Any = scanner.sources.hub()
    if getattr(lister, "offline", False):
        raise UsageError("a census lists models on the Hub: it cannot run offline (--offline or HF_HUB_OFFLINE)")
    census = Census(scanner, lister, CensusQuery(author, search, limit, verify_files))
    spool = Spool()
    try:
        # The output file is opened before the census runs: one that cannot be written costs no Hub request.
        with open_output(output) as out:
            with _progress(progress_wanted()) as progress:
                summary = census.run(spool.add, progress)
            head = scanner.report([], command="licscan " + " ".join(shlex.quote(a) for a in redact(sys.argv[1:])))
            write(CensusOutput(summary, spool, head), out)
    finally:
        spool.close()
    if summary.stopped:
        where = f" to {output}" if output else ""
        click.echo(
            f"licscan: census stopped ({summary.stopped}): wrote the {summary.judged} model(s) judged so far{where}; "
            "the census is incomplete",
            err=True,
        )
        return 3
    if output:
        click.echo(f"wrote {output}", err=True)
    if summary.listed == 0:
        # Almost always a misspelled organisation or query: an empty census must not pass as a clean one.
        what = f"author {author!r}" if author else f"the search {search!r}"
        raise UsageError(
            f"the Hub lists no model for {what}: check the spelling (organisation and user names are case-sensitive)"
        )
    tally = census.tally
    if tally.runtime_failure:
        more = tally.not_read_count - len(tally.not_read)
        names = ", ".join(tally.not_read) + (f" and {more} more" if more > 0 else "")
        why = (
            " Some are gated: set HF_TOKEN (or --token) for an account that has accepted their terms, and run again."
            if tally.access_denied
            else ""
        )
        click.echo(
            f"licscan: error: {tally.not_read_count} model(s) could not be read in full: {names}; their rows say "
            f"so (not read, or card only).{why}",
            err=True,
        )
        return 3
    return 1 if summary.verdicts.get("fail") else 0
