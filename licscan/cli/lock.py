"""`licscan lock MANIFEST`: record each model's commit, license files and concluded license in licscan.lock."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import hub_options


@click.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Lock file to write (default: licscan.lock beside the manifest).",
)
@hub_options
@click.option("--jobs", type=click.IntRange(1, 64), default=8, show_default=True)
@click.pass_context
def lock(
    ctx: click.Context,
    manifest: Path,
    output: Path | None,
    offline: bool,
    endpoint: str | None,
    token: str | None,
    jobs: int,
) -> None:
    """Write licscan.lock for MANIFEST. Models that cannot be read in full (not found, a failed download, gated
    without access) are left out, and the exit code is 3."""

    def work() -> int:
        from licscan.app.lock import LockRequest
        from licscan.app.lock import lock as run_lock
        from licscan.cli.runner import finish, progress, say, settings

        request = LockRequest(manifest, settings(None, "error", endpoint, token, offline, jobs), output)
        return finish(run_lock(request, say, progress))

    ctx.exit(run(ctx.obj["debug"], work))
