"""`licscan rights TARGET...`: what the model's licenses allow, operation by operation, with the clause for each."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import hub_options, output_option, write_output

RIGHTS_FORMATS = ["text", "markdown", "json"]  # formats/rights.py RIGHTS_RENDERERS; listed here so --help imports none


@click.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(RIGHTS_FORMATS), default="text", show_default=True)
@hub_options
@click.option("--max-depth", type=click.IntRange(0, 50), default=5, show_default=True, help="Lineage depth.")
@output_option
@click.pass_context
def rights(
    ctx: click.Context,
    targets: tuple[str, ...],
    fmt: str,
    offline: bool,
    endpoint: str | None,
    token: str | None,
    max_depth: int,
    output: Path | None,
) -> None:
    """What TARGET's licenses allow: a Hub id (org/name[@revision]) or a local directory. No policy is needed;
    every license bound through the model's lineage counts, and every row cites its clause."""

    def work() -> int:
        from licscan.app.rights import RightsRequest
        from licscan.app.rights import rights as run_rights
        from licscan.cli.runner import finish, say, settings, user_targets
        from licscan.formats.rights import RIGHTS_RENDERERS

        chosen = settings(endpoint=endpoint, token=token, offline=offline, max_depth=max_depth)
        outcome = run_rights(RightsRequest(user_targets(targets), chosen), say)
        write_output(RIGHTS_RENDERERS[fmt](outcome.result), output)
        return finish(outcome)

    ctx.exit(run(ctx.find_root().obj["debug"], work))
