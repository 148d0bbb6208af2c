"""What the commands share: options into the app's settings, its diagnostics onto stderr, progress, and rendering."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

    from licscan.app.interface import Outcome, Settings, Target
    from licscan.results import Report

# More targets than this get a progress bar (when stderr is a terminal).
PROGRESS_FROM = 4


def say(line: str) -> None:
    """A use case's diagnostic line, on stderr."""
    click.echo(line, err=True)


def finish(outcome: Outcome[object]) -> int:
    """After the command's output is written: the outcome's closing lines on stderr, and its exit code."""
    for line in outcome.after:
        say(line)
    return outcome.code


def settings(
    policy_path: Path | None = None,
    fail_on: str = "error",
    endpoint: str | None = None,
    token: str | None = None,
    offline: bool = False,
    jobs: int = 8,
    max_depth: int | None = None,
) -> Settings:
    """The options every scanning command shares, as the app's Settings (with the command line for reports)."""
    from licscan.app.interface import HubSettings, Settings

    hub = HubSettings(endpoint=endpoint, token=token, offline=offline)
    return Settings(
        policy=policy_path, fail_on=fail_on, hub=hub, jobs=jobs, max_depth=max_depth, command=command_line()
    )


def command_line() -> str:
    return "licscan " + " ".join(shlex.quote(a) for a in redact(sys.argv[1:]))


def user_targets(refs: tuple[str, ...] | list[str]) -> tuple[Target, ...]:
    """The targets typed on the command line: a UsageError (exit 2) for one that names no folder and no Hub id, and
    a note when a Hub id also names a folder here (the Hub id is read; `./org/name` would read the folder)."""
    from licscan.app.interface import Target
    from licscan.errors import UsageError
    from licscan.sources.refs import shadowed_folder, target_problem
    from licscan.targets import is_local

    problems = [f"{ref}: {problem}" for ref in refs if (problem := target_problem(ref))]
    if problems:
        raise UsageError("\n".join(problems))
    for ref in refs:
        if shadowed_folder(ref):
            say(
                f"licscan: note: {ref} is read as a Hub id; a folder of that name exists here but was not read "
                f"(write ./{ref} to scan the folder)"
            )
    return tuple(Target(ref=ref, local=is_local(ref)) for ref in refs)


@contextmanager
def progress(total: int) -> Iterator[Callable[[], None] | None]:
    """A progress bar on stderr for a run of many targets, when stderr is a terminal; otherwise nothing."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("scanning", total=total)
        yield lambda: bar.advance(task)


def redact(argv: list[str]) -> list[str]:
    """The command line as recorded in reports: the value of --token never appears."""
    out: list[str] = []
    hide = False
    for arg in argv:
        if hide:
            out.append("***")
            hide = False
        elif arg == "--token":
            out.append(arg)
            hide = True
        elif arg.startswith("--token="):
            out.append("--token=***")
        else:
            out.append(arg)
    return out


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def render(
    report: Report,
    fmt: str,
    detail: bool = True,
    quiet: bool = False,
    repo_root: Path | None = None,
    ship: object | None = None,
    output: Path | None = None,
) -> str:
    """The report in a format; text for stdout takes the terminal's width, and colour on a TTY (never into -o)."""
    from licscan.database import load_database
    from licscan.formats import get_reporter
    from licscan.formats.interface import RenderContext
    from licscan.formats.terminal import terminal_for

    look = terminal_for(sys.stdout if output is None else None)
    ctx = RenderContext(
        database=load_database(),
        repo_root=repo_root,
        detail=detail,
        quiet=quiet,
        ship=ship,
        color=look.color,
        width=look.width,
    )
    return get_reporter(fmt)().render(report, ctx)
