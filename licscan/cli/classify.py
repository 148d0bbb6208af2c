"""`licscan classify FILE...`: license text -> database entry, with a match level."""

from __future__ import annotations

from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import output_option, write_output


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@click.pass_context
def classify(ctx: click.Context, files: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Classify each FILE against the reference texts of the license database.

    Exit 2 when a FILE is missing, a directory, empty or not text (the others are still classified).
    """
    ctx.exit(run(ctx.obj["debug"], lambda: execute(list(files), fmt, output)))


def execute(files: list[str], fmt: str, output: Path | None) -> int:
    from licscan.app.classify import ClassifyRequest, classify
    from licscan.cli.runner import finish, say

    outcome = classify(ClassifyRequest(tuple(files)), say)
    found = outcome.result
    if fmt == "json":
        text = found.to_json()
    else:
        lines = []
        for r in found.results:
            license_ = (r.license or "-") + (f" ({r.version})" if r.version else "")
            extra = f"  [{r.error}]" if r.error else ""
            extra += f"  also: {', '.join(r.also)}" if r.also else ""
            lines.append(f"{r.path}: {license_} {r.match} {r.similarity:.3f}{extra}")
            lines.extend(f"    {c}" for c in r.changes)
            for st in r.statements:
                said = st.license or f"unknown ({st.name})"
                changed = "a modified " if st.modified else ""
                lines.append(f"    states {changed}{said} for the {st.scope}: “{st.sentence}”")
        text = "\n".join(lines)
    write_output(text, output)
    # Every file is still reported; one that gave no text is an input error (README: exit 2).
    return finish(outcome)
