"""`licscan lock MANIFEST`: record each model's commit, license files and concluded license in licscan.lock."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import hub_options, output_problem


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
        from licscan.cli.runner import make_options, run_scan
        from licscan.lock import lock_from, write_lock
        from licscan.manifest import load_manifest

        _, targets, _ = load_manifest(manifest)
        report, _ = run_scan(targets, make_options(None, "error", endpoint, token, offline, jobs), str(manifest))
        path = output or manifest.parent / "licscan.lock"
        lock = lock_from(report, path.parent)
        try:
            write_lock(lock, path)
        except OSError as exc:
            raise output_problem(path, exc) from None
        # Each problem was named on stderr once, as the scan met it; here only which models were left out.
        failed = [m.id for m in report.models if m.not_read]
        left_out = f"; left out (not read in full): {', '.join(failed)}" if failed else ""
        click.echo(f"wrote {path}: {len(lock.models)} model(s) locked{left_out}", err=True)
        return 3 if failed else 0

    ctx.exit(run(ctx.obj["debug"], work))
