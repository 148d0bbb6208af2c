"""`licscan licenses list | show KEY`: browse the license database."""

from __future__ import annotations

import json
from pathlib import Path

import click

from licscan.cli.main import run
from licscan.cli.options import output_option, write_output

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
    """Show one entry with every term and the clause it cites."""
    ctx.exit(run(ctx.find_root().obj["debug"], lambda: execute_show(key, fmt, output)))


def execute_list(fmt: str, output: Path | None) -> int:
    from licscan.database import load_database

    db = load_database()
    rows = [
        {
            "key": e.key,
            "name": e.name,
            "category": e.category,
            "kind": e.kind,
            "versions": e.versions,
            "has_text": bool(e.texts),
        }
        for e in db
    ]
    if fmt == "json":
        text = json.dumps({"schema_version": 1, "database_version": db.version, "licenses": rows}, indent=2)
    else:
        width = max(len(r["key"]) for r in rows)  # type: ignore[arg-type]
        text = "\n".join(f"{r['key']:<{width}}  {r['category']:<15} {r['name']}" for r in rows)
    write_output(text, output)
    return 0


def execute_show(key: str, fmt: str, output: Path | None) -> int:
    from licscan.database import load_database
    from licscan.errors import UsageError

    db = load_database()
    resolved = db.resolve(key)
    entry = db.get(resolved) if resolved else None
    if entry is None:
        import difflib

        close = difflib.get_close_matches(key.lower(), [e.key for e in db], n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise UsageError(f"no license {key!r} in the database ({hint}see `licscan licenses list`)")
    # `notes` are for the database's maintainers: they stay in the data and out of the output.
    data = entry.model_dump(mode="json", exclude_none=True, exclude={"notes"})
    if fmt == "json":
        text = json.dumps({"schema_version": 1, "license": data}, indent=2, ensure_ascii=False)
    else:
        text = _describe(data)
    write_output(text, output)
    return 0


def _describe(data: dict[str, object]) -> str:
    lines = [f"{data['name']} [{data['key']}]", f"category: {data['category']}   kind: {data['kind']}"]
    if data.get("url"):
        lines.append(f"url: {data['url']}")
    for text in data.get("texts", []):  # type: ignore[attr-defined]
        lines.append(f"text: {text['file']} {text.get('version') or ''} {text.get('date') or ''}".rstrip())
    if data.get("no_text"):
        lines.append(f"no reference text: {data['no_text']}")
    if data.get("incorporates"):
        lines.append(f"incorporates: {', '.join(data['incorporates'])}")  # type: ignore[arg-type]
    terms = data.get("terms") or {}
    for name, value in terms.items():  # type: ignore[attr-defined]
        for item in value if isinstance(value, list) else [value]:
            detail = {k: v for k, v in item.items() if k != "clause"}
            clause = item["clause"]
            lines.append(f"\n{name}: {json.dumps(detail, ensure_ascii=False)}")
            lines.append(f"  § {clause['section']}: “{clause['quote']}”")
    return "\n".join(lines)
