"""Options shared by several subcommands, and where their output goes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

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
        "--policy", "policy_path", type=click.Path(dir_okay=False, path_type=Path), help="Policy file (YAML)."
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
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    from licscan.errors import UsageError
    from licscan.paths import OutsideFolder, confine

    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        # A link at the output's name (a checked-out repository can hold one) is not written through to a file out of
        # its folder; a link to a terminal or a pipe (/dev/stdout) overwrites nothing.
        target = confine(output.parent, output.name)
    except OutsideFolder as exc:
        if not (output.exists() and not output.is_file()):
            raise UsageError(f"{exc}: not written (remove the link or choose another -o)") from None
        target = output
    target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
