"""`scan`/`report --author ORG | --search QUERY`: the census flags, its progress on a terminal, and its output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from licscan.app.interface import Settings

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
    settings: Settings,
    fmt: str,
    output: Path | None,
) -> int:
    """Run the census into stdout or -o, with its progress on a terminal; the exit code is the app's."""
    from licscan.app.census import CensusRequest, census
    from licscan.cli.options import open_output
    from licscan.cli.runner import say

    request = CensusRequest(
        author=author,
        search=search,
        limit=limit,
        verify_files=verify_files,
        fmt=fmt,
        settings=settings,
        output_name=str(output) if output else None,
    )
    # Looked up when the census starts, so that a test can replace the display.
    return census(request, lambda: open_output(output), say, lambda: _progress(progress_wanted())).code
