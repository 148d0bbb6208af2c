"""`licscan report TARGET...|MANIFEST`: the audit report for legal, or an SPDX / CycloneDX document."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.census import census_options
from licscan.cli.main import run
from licscan.cli.options import format_option, hub_options, output_option, policy_options, write_output


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
        from licscan.cli.census import run_census, wants_census
        from licscan.cli.runner import exit_code, make_options, render, run_scan
        from licscan.manifest import load_manifest
        from licscan.targets import Target

        if wants_census(targets, author, search, limit):
            options = make_options(policy_path, fail_on, endpoint, token, offline, jobs)
            return run_census(author, search, limit, verify_files, options, fmt, output)
        manifest = None
        policy = policy_path
        if len(targets) == 1 and targets[0].endswith((".yaml", ".yml")) and Path(targets[0]).is_file():
            manifest = targets[0]
            _, target_list, manifest_policy = load_manifest(Path(manifest))
            policy = policy or manifest_policy
        else:
            target_list = [Target(ref=t) for t in targets]
        options = make_options(policy, fail_on, endpoint, token, offline, jobs)
        result, scanner = run_scan(target_list, options, manifest)
        ship = None
        if manifest and fmt == "html":
            from licscan.notice.plan import Planner
            from licscan.notice.repofiles import RepositoryFiles

            planner = Planner(scanner.db, scanner.index, RepositoryFiles())
            ship = planner.plan(options.policy, zip(target_list, result.models, strict=True))
        write_output(render(result, fmt, ship=ship), output)
        if output:
            click.echo(f"wrote {output}", err=True)
        return exit_code(result)

    ctx.exit(run(ctx.obj["debug"], work))
