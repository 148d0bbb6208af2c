"""`licscan classify FILE...`: license text -> database entry, with a match level."""

from __future__ import annotations

import json
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
    from licscan.classify.files import classify_path
    from licscan.classify.index import load_index

    index = load_index()
    results = []
    unreadable = 0
    for path in files:
        found = classify_path(path, index)
        if not found.readable:
            unreadable += 1
            click.echo(f"licscan: error: {path}: {found.error}: nothing to classify", err=True)
        elif found.error:
            click.echo(f"licscan: warning: {path}: {found.error}", err=True)
        m = found.match
        row: dict[str, object] = {
            "path": path,
            "license": m.license,
            "match": m.match,
            "similarity": m.similarity,
        }
        if m.version:
            row["version"] = m.version
        if m.also:
            row["also"] = list(m.also)
        if m.changes:
            row["changes"] = list(m.changes)
        if m.statements:
            # Which license each sentence states, for what (weights, code, data, outputs), and whether changed.
            row["statements"] = [
                {"license": st.license, "name": st.name, "scope": st.scope, "modified": st.modified,
                 "sentence": st.sentence}
                for st in m.statements
            ]  # fmt: skip
        if found.error:
            row["error"] = found.error
        results.append(row)
    if fmt == "json":
        text = json.dumps({"schema_version": 1, "results": results}, indent=2, ensure_ascii=False)
    else:
        lines = []
        for r in results:
            license_ = str(r["license"] or "-") + (f" ({r['version']})" if r.get("version") else "")
            extra = f"  [{r['error']}]" if r.get("error") else ""
            extra += f"  also: {', '.join(r['also'])}" if r.get("also") else ""  # type: ignore[arg-type]
            lines.append(f"{r['path']}: {license_} {r['match']} {r['similarity']:.3f}{extra}")
            lines.extend(f"    {c}" for c in r.get("changes", []))  # type: ignore[attr-defined]
            for st in r.get("statements", []):  # type: ignore[attr-defined]
                said = st["license"] or f"unknown ({st['name']})"
                changed = "a modified " if st["modified"] else ""
                lines.append(f"    states {changed}{said} for the {st['scope']}: “{st['sentence']}”")
        text = "\n".join(lines)
    write_output(text, output)
    # Every file is still reported; one that gave no text is an input error (README: exit 2).
    return 2 if unreadable else 0
