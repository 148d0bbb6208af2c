"""`licscan check MANIFEST`: the pre-merge gate; exit 1 when a model conflicts with the policy."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import format_option, hub_options, output_option, policy_options, write_output


@click.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@policy_options
@click.option("--lock", "lock_path", type=click.Path(dir_okay=False, path_type=Path), help="Compare with this lock.")
@format_option("check", "text")
@click.option(
    "--discover",
    "discover_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Also fail on models the code under PATH uses that the manifest does not list (repeatable).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only what fails.")
@hub_options
@click.option("--jobs", type=click.IntRange(1, 64), default=8, show_default=True)
@output_option
@click.pass_context
def check(
    ctx: click.Context,
    manifest: Path,
    policy_path: Path | None,
    fail_on: str,
    lock_path: Path | None,
    fmt: str,
    discover_paths: tuple[Path, ...],
    quiet: bool,
    offline: bool,
    endpoint: str | None,
    token: str | None,
    jobs: int,
    output: Path | None,
) -> None:
    """Check every model of MANIFEST against the policy (--policy, or the manifest's `policy:`)."""

    def work() -> int:
        from licscan.app.check import CheckRequest
        from licscan.app.check import check as run_check
        from licscan.cli.runner import finish, progress, render, say, settings

        request = CheckRequest(
            manifest=manifest,
            settings=settings(policy_path, fail_on, endpoint, token, offline, jobs),
            lock=lock_path,
            discover=discover_paths,
            quiet=quiet,
        )
        outcome = run_check(request, say, progress)
        report = outcome.result
        write_output(render(report, fmt, detail=False, quiet=quiet, repo_root=Path.cwd(), output=output), output)
        return finish(outcome)

    ctx.exit(run(ctx.obj["debug"], work))
