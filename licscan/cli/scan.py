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
        from licscan.app.scan import ScanRequest
        from licscan.app.scan import scan as run_scan
        from licscan.cli.census import run_census, wants_census
        from licscan.cli.runner import finish, progress, render, say, settings, user_targets

        census = wants_census(targets, author, search, limit)
        chosen = user_targets(targets)
        options = settings(policy_path, fail_on, endpoint, token, offline, jobs, max_depth)
        if census:
            return run_census(author, search, limit, verify_files, options, fmt, output)
        outcome = run_scan(ScanRequest(chosen, options), say, progress)
        write_output(render(outcome.result, fmt, output=output), output)
        return finish(outcome)

    ctx.exit(run(ctx.obj["debug"], work))
