"""`licscan notice MANIFEST -o NOTICE [--dir DIR]`: what shipping the manifest's models requires."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import check_writable, hub_options, output_option, policy_options, write_output


@click.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@policy_options
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Copy the license files to ship into DIR/<org>__<name>/, with DIR/SHA256SUMS.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a --dir that already holds files: files of the same name are replaced, the others are kept, "
    "named on stderr and left out of SHA256SUMS. Without it, a non-empty --dir is refused.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@hub_options
@click.option("--jobs", type=click.IntRange(1, 64), default=8, show_default=True)
@output_option
@click.pass_context
def notice(
    ctx: click.Context,
    manifest: Path,
    policy_path: Path | None,
    fail_on: str,
    directory: Path | None,
    force: bool,
    fmt: str,
    offline: bool,
    endpoint: str | None,
    token: str | None,
    jobs: int,
    output: Path | None,
) -> None:
    """Write the NOTICE for the models of MANIFEST that the intended use distributes or makes available.

    Exit codes as for check; 3 when a model's files could not be read (the NOTICE then says what is missing),
    and at least 1 when a license text to ship is not in the model's repository.
    """

    def work() -> int:
        from licscan.app.notice import NoticeRequest
        from licscan.app.notice import notice as run_notice
        from licscan.cli.runner import finish, progress, say, settings

        # The NOTICE's file is checked first: an unwritable one must not fail after the bundle folder is written.
        check_writable(output)
        request = NoticeRequest(
            manifest=manifest,
            settings=settings(policy_path, fail_on, endpoint, token, offline, jobs),
            directory=directory,
            force=force,
            fmt=fmt,
            output=output,
        )
        outcome = run_notice(request, say, progress)
        write_output(outcome.result.text, output)
        return finish(outcome)

    ctx.exit(run(ctx.obj["debug"], work))
