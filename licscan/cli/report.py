"""`licscan report TARGET...|MANIFEST`: the audit report for legal, or an SPDX / CycloneDX document."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from licscan.cli.census import census_options
from licscan.cli.main import run
from licscan.cli.options import format_option, hub_options, output_option, policy_options, write_output

_SUFFIX = {"markdown": "md", "spdx-json": "spdx.json", "spdx3-jsonld": "spdx3.jsonld", "cyclonedx-json": "cdx.json"}


@click.command()
@click.argument("targets", nargs=-1)
@format_option("report", "html")
@policy_options
@hub_options
@click.option("--jobs", type=click.IntRange(1, 64), default=8, show_default=True)
@census_options
@output_option
@click.pass_context
def report(
    ctx: click.Context,
    targets: tuple[str, ...],
    fmt: str,
    policy_path: Path | None,
    fail_on: str,
    offline: bool,
    endpoint: str | None,
    token: str | None,
    jobs: int,
    author: str | None,
    search: str | None,
    limit: int | None,
    verify_files: bool,
    output: Path | None,
) -> None:
    """Write a report of TARGETs (Hub ids, local paths) or of one manifest (a .yaml/.yml file).

    With --author ORG or --search QUERY instead, the census of the models the Hub lists (html, json, markdown).
    """

    def work() -> int:
        from licscan.app.report import ReportRequest
        from licscan.app.report import report as run_report
        from licscan.cli.census import run_census, wants_census
        from licscan.cli.runner import finish, progress, render, say, settings, user_targets
        from licscan.errors import UsageError
        from licscan.sources.refs import is_manifest_name

        if output is None and sys.stdout.isatty():
            # An HTML page or a JSON document on the terminal helps nobody; `> file` or a pipe is fine.
            raise UsageError(
                f"the {fmt} report is a file: give -o FILE (e.g. -o report.{_SUFFIX.get(fmt, fmt)}); to read the "
                "results here, use `licscan scan` or `licscan check`"
            )
        options = settings(policy_path, fail_on, endpoint, token, offline, jobs)
        if wants_census(targets, author, search, limit):
            return run_census(author, search, limit, verify_files, options, fmt, output)
        if any(is_manifest_name(t) for t in targets):
            if len(targets) > 1:
                raise UsageError("give one manifest (.yaml/.yml), or Hub ids and local folders, not both")
            request = ReportRequest(manifest=Path(targets[0]), settings=options, with_shipping=fmt == "html")
        else:
            request = ReportRequest(targets=user_targets(targets), settings=options)
        outcome = run_report(request, say, progress)
        write_output(render(outcome.result.report, fmt, ship=outcome.result.ship), output)
        if output:
            say(f"wrote {output}")
        return finish(outcome)

    ctx.exit(run(ctx.obj["debug"], work))
