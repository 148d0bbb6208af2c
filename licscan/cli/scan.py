"""`licscan scan TARGET...`: a Hub id[@revision] or a local path -> license, terms and findings."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.census import census_options
from licscan.cli.main import run
from licscan.cli.options import format_option, hub_options, output_option, policy_options, write_output


@click.command()
@click.argument("targets", nargs=-1)
@format_option("scan", "text")
@policy_options
@hub_options
@click.option("--max-depth", type=click.IntRange(0, 50), default=5, show_default=True, help="Lineage depth.")
@click.option("--jobs", type=click.IntRange(1, 64), default=8, show_default=True, help="Models fetched at once.")
@census_options
@output_option
@click.pass_context
def scan(
    ctx: click.Context,
    targets: tuple[str, ...],
    fmt: str,
    policy_path: Path | None,
    fail_on: str,
    offline: bool,
    endpoint: str | None,
    token: str | None,
    max_depth: int,
    jobs: int,
    author: str | None,
    search: str | None,
    limit: int | None,
    verify_files: bool,
    output: Path | None,
) -> None:
    """Scan models: TARGET is a Hub id (org/name or org/name@revision) or a local directory.

    With --author ORG or --search QUERY instead, a census of the models the Hub lists: each is judged from the
    listing's card data where that decides, and from its files otherwise (or always, with --verify-files).
    """

    def work() -> int:
        from licscan.cli.census import run_census, wants_census
        from licscan.cli.runner import exit_code, make_options, render, run_scan
        from licscan.targets import Target

        census = wants_census(targets, author, search, limit)
        options = make_options(policy_path, fail_on, endpoint, token, offline, jobs)
        options.max_depth = max_depth
        if census:
            return run_census(author, search, limit, verify_files, options, fmt, output)
        report, _ = run_scan([Target(ref=t) for t in targets], options)
        write_output(render(report, fmt), output)
        return exit_code(report)

    ctx.exit(run(ctx.obj["debug"], work))
