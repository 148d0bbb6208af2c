"""`licscan licenses list | show KEY`: browse the license database."""

from __future__ import annotations

import json
from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import output_option, write_output

# A name licscan knows but holds no text of: a card naming it is reported unknown-license, never judged by terms.
NO_TEXT = "  (known name, no reference text: its terms cannot be checked)"
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


@click.group()
def licenses() -> None:
    """List or show the license database."""


@licenses.command("list")
@FORMAT
@output_option
@click.pass_context
def list_(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """List every entry: key, name, category."""
    ctx.exit(run(ctx.find_root().obj["debug"], lambda: execute_list(fmt, output)))


@licenses.command()
@click.argument("key")
@FORMAT
@output_option
@click.pass_context
def show(ctx: click.Context, key: str, fmt: str, output: Path | None) -> None:
    """What one license allows, operation by operation, each row with the clause it rests on."""
    ctx.exit(run(ctx.find_root().obj["debug"], lambda: execute_show(key, fmt, output)))


def execute_list(fmt: str, output: Path | None) -> int:
    from licscan.app.licenses import list_licenses
    from licscan.cli.runner import finish

    outcome = list_licenses()
    listed = outcome.result
    if fmt == "json":
        text = json.dumps(listed.model_dump(mode="json"), indent=2)
    else:
        width = max(len(r.key) for r in listed.licenses)
        text = "\n".join(
            f"{r.key:<{width}}  {r.category:<15} {r.name}{NO_TEXT if r.unread else ''}" for r in listed.licenses
        )
    write_output(text, output)
    return finish(outcome)


def execute_show(key: str, fmt: str, output: Path | None) -> int:
    from licscan.database import load_database
    from licscan.errors import UsageError
    from licscan.formats.rights import license_json, license_text
    from licscan.rights.run import license_rights

    db = load_database()
    resolved = db.resolve(key)
    entry = db.get(resolved) if resolved else None
    if entry is None and len(shared := db.candidates(key)) > 1:
        raise UsageError(f"{key!r} is a name several licenses use: {', '.join(shared)}; show one of them by its key")
    if entry is None:
        import difflib

        close = difflib.get_close_matches(key.lower(), [e.key for e in db], n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise UsageError(f"no license {key!r} in the database ({hint}see `licscan licenses list`)")
    rows = license_rights(entry, db)
    write_output(license_json(entry, rows) if fmt == "json" else license_text(entry, rows), output)
    return 0
