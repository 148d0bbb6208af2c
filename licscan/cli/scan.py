"""`licscan scan TARGET...`: a Hub id[@revision] or a local path -> license, terms and findings."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import format_option, hub_options, output_option, policy_options, write_output


@click.command()
@click.argument("targets", nargs=-1, required=True)
@format_option("scan", "text")
@policy_options
@hub_options
@click.option("--max-depth", type=click.IntRange(0, 50), default=5, show_default=True, help="Lineage depth.")
@click.option("--jobs", type=click.IntRange(1, 64), default=8, show_default=True, help="Models fetched at once.")
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
    output: Path | None,
) -> None:
    """Scan models: TARGET is a Hub id (org/name or org/name@revision) or a local directory."""

    def work() -> int:
        from licscan.cli.runner import exit_code, make_options, render, run_scan
        from licscan.scan import Target

        options = make_options(policy_path, fail_on, endpoint, token, offline, jobs)
        options.max_depth = max_depth
        report, _ = run_scan([Target(ref=t) for t in targets], options)
        write_output(render(report, fmt), output)
        return exit_code(report)

    ctx.exit(run(ctx.obj["debug"], work))
