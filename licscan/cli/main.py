"""The `licscan` command group; each subcommand lives in its own module and is imported only when run."""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from licscan import __version__

# name -> (module, attribute, one-line help). Listed here so that `--help` imports no subcommand.
SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "scan": ("licscan.cli.scan", "scan", "Scan Hub models or local snapshots: license, terms and findings."),
    "check": ("licscan.cli.check", "check", "CI gate over a model manifest; exit 1 on policy violations."),
    "lock": ("licscan.cli.lock", "lock", "Write licscan.lock: commit sha, file hashes, concluded license."),
    "report": ("licscan.cli.report", "report", "Audit report: html, markdown, spdx-json, spdx3-jsonld, cyclonedx."),
    "classify": ("licscan.cli.classify", "classify", "Classify license files against the database."),
    "licenses": ("licscan.cli.licenses", "licenses", "List or show the license database."),
    "policy": ("licscan.cli.policy", "policy", "Validate a policy, print its JSON Schema, or list the use-case tags."),
    "discover": ("licscan.cli.discover", "discover", "The Hub models a code base uses, with file:line."),
    "rights": ("licscan.cli.rights", "rights", "What a model's licenses allow, operation by operation, with clauses."),
    "notice": ("licscan.cli.notice", "notice", "What shipping a manifest's models requires: NOTICE, duties, files."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = SUBCOMMANDS.get(cmd_name)
        if spec is None:
            return None
        command: click.Command = getattr(importlib.import_module(spec[0]), spec[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, spec[2]) for name, spec in SUBCOMMANDS.items()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="licscan")
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """License compliance scanner for open-weight AI models.

    Exit codes: 0 compliant, 1 policy violations at or above --fail-on,
    2 usage or input error, 3 runtime failure (Hub unreachable, not found, gated).
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if debug:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("licscan: debug: %(name)s: %(message)s"))
        logging.getLogger("licscan").addHandler(handler)
        logging.getLogger("licscan").setLevel(logging.DEBUG)


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="licscan", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.UsageError as exc:
        exc.show()
        code = 2
    except click.Abort:
        click.echo("Aborted.", err=True)
        code = 3
    except click.ClickException as exc:
        exc.show()
        code = 2
    sys.exit(code if isinstance(code, int) else 0)


def run(debug: bool, work: Any) -> int:
    """Run a command body: licscan's own errors become a message and an exit code; others one too, unless --debug."""
    from licscan.app.codes import RUNTIME, of_error
    from licscan.errors import LicscanError

    try:
        result: int = work()
        return result
    except LicscanError as exc:
        click.echo(f"licscan: error: {exc}", err=True)
        return of_error(exc)
    except BrokenPipeError:
        # The reader of stdout went away (`| head`) outside the output writers: quiet, and not a success.
        from licscan.cli.options import silence_stdout

        silence_stdout()
        return RUNTIME
    except Exception as exc:
        if debug:
            raise
        click.echo(f"licscan: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)", err=True)
        return of_error(exc)
