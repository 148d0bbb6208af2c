"""Options shared by several subcommands, and where their output goes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from licscan.errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])


def output_option(func: F) -> F:
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout."
    )(func)


def hub_options(func: F) -> F:
    func = click.option("--offline", is_flag=True, envvar="HF_HUB_OFFLINE", help="Read the HF cache only.")(func)
    func = click.option("--endpoint", metavar="URL", help="Hub endpoint (default: HF_ENDPOINT or huggingface.co).")(
        func
    )
    func = click.option("--token", metavar="TOKEN", help="Hub token (default: HF_TOKEN or the stored login).")(func)
    return func


def policy_options(func: F) -> F:
    func = click.option(
        "--policy",
        "policy_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Policy file (YAML), or the name of a policy bundled with licscan (e.g. commercial-saas).",
    )(func)
    func = click.option(
        "--fail-on",
        type=click.Choice(["error", "warning"]),
        default="error",
        show_default=True,
        help="Lowest unwaived severity that fails a model.",
    )(func)
    return func


def format_option(command: str, default: str) -> Callable[[F], F]:
    """`--format`, with the choices the reporters' registry lists for the command."""
    from licscan.formats import format_choices

    return click.option(
        "--format", "fmt", type=click.Choice(format_choices(command)), default=default, show_default=True
    )


def write_output(text: str, output: Path | None) -> None:
    """The command's output to stdout or to FILE; an unwritable FILE is an input error naming it (exit 2)."""
    with open_output(output) as out:
        out.write(text if text.endswith("\n") else text + "\n")


def check_writable(output: Path | None) -> None:
    """Fail before any work when FILE cannot be written: a command that also writes elsewhere (`notice --dir`) then
    leaves nothing half done. The file itself is not touched: an earlier one stays as it is until the new one is
    written."""
    if output is None:
        return
    folder = output.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise output_problem(output, NotADirectoryError(20, f"{folder} is not a folder"))
    if output.is_dir():
        raise output_problem(output, IsADirectoryError(21, "it is a folder"))
    writable = os.access(output, os.W_OK) if output.exists() else os.access(folder, os.W_OK | os.X_OK)
    if not writable:
        raise output_problem(output, PermissionError(13, "permission denied"))


def output_problem(output: Path, exc: OSError) -> UsageError:
    from licscan.errors import cannot_write

    return cannot_write(output, exc)


@contextmanager
def open_output(output: Path | None) -> Iterator[IO[str]]:
    """A text stream for the output. A reader that stops reading stdout (`| head`) ends the output quietly and the
    command keeps its exit code; a FILE that cannot be written is a UsageError naming it, never a traceback."""
    if output is None:
        try:
            yield sys.stdout
            sys.stdout.flush()
        except BrokenPipeError:
            silence_stdout()
        return
    from licscan.paths import OutsideFolder, confine

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            # A link at the output's name (a checked-out repository can hold one) is not written through to a file
            # out of its folder; a link to a terminal or a pipe (/dev/stdout) overwrites nothing.
            target = confine(output.parent, output.name)
        except OutsideFolder as exc:
            if not (output.exists() and not output.is_file()):
                raise UsageError(f"{exc}: not written (remove the link or choose another -o)") from None
            target = output
        handle = target.open("w", encoding="utf-8")
    except UsageError:
        raise
    except OSError as exc:
        raise output_problem(output, exc) from None
    try:
        with handle:
            yield handle
    except OSError as exc:
        raise output_problem(output, exc) from None


def silence_stdout() -> None:
    """After the reader of stdout has gone: point stdout at /dev/null, so that the interpreter's last flush is
    quiet too (Python's advice for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
