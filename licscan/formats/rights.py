"""The rights view as text, Markdown or JSON, for `licscan rights` (models) and `licscan licenses show` (a license)."""

from __future__ import annotations

import json
from collections.abc import Callable

from licscan.database.models import LicenseEntry
from licscan.formats.markdown import code, md, table
from licscan.results import CitedClause
from licscan.rights.interface import ModelRights, RightsRow
from licscan.safetext import clean

SCHEMA_VERSION = 1
VERDICT_WORDS = {
    "allowed": "allowed",
    "conditional": "allowed if",
    "not-allowed": "not allowed",
    "review": "review",
    "unknown": "unknown",
}


def _duty(row: RightsRow) -> bool:
    return row.operation.startswith("duty-")


def verdict_words(row: RightsRow) -> str:
    if _duty(row):
        return {"allowed": "none", "conditional": "required"}.get(row.verdict, VERDICT_WORDS[row.verdict])
    return VERDICT_WORDS[row.verdict]


def _cite(clause: CitedClause | None) -> str:
    if clause is None:
        return ""
    return f"{clause.license} §{clause.section}: “{clause.quote}”"


def rows_text(rows: list[RightsRow]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        source = f"  [{row.license}]" if row.license else ""
        lines.append(f"  {row.label}: {verdict_words(row)}{source}")
        for c in row.conditions:
            lines.append(f"    - {clean(c.text, oneline=True)}")
            if c.clause:
                lines.append(f"      {clean(_cite(c.clause), oneline=True)}")
        if not row.conditions and row.clause:
            lines.append(f"      {clean(_cite(row.clause), oneline=True)}")
    return lines


def models_text(models: list[ModelRights]) -> str:
    lines: list[str] = []
    for m in models:
        at = f"@{m.revision[:12]}" if m.revision else ""
        lines.append(f"{clean(m.id)}{at}")
        lines.append(f"  license: {m.license or 'unknown'}   bound: {', '.join(m.bound) or 'none'}")
        lines += rows_text(m.rights)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_cite(clause: CitedClause) -> str:
    return f"{code(clause.license)} §{md(clause.section)}: “{md(clause.quote)}”"


def rows_markdown(rows: list[RightsRow]) -> list[str]:
    cells = []
    for row in rows:
        conditions = "<br>".join(
            md(c.text)
            + (f" ({code(c.clause.license)} §{md(c.clause.section)}: “{md(c.clause.quote)}”)" if c.clause else "")
            for c in row.conditions
        )
        if not row.conditions and row.clause:
            conditions = f"{code(row.clause.license)} §{md(row.clause.section)}: “{md(row.clause.quote)}”"
        cells.append([md(row.label), f"**{verdict_words(row)}**", code(row.license) if row.license else "", conditions])
    return list(table(["Operation", "Verdict", "License", "Conditions and clauses"], cells))


def models_markdown(models: list[ModelRights]) -> str:
    lines = ["# What the licenses allow", ""]
    for m in models:
        lines += [f"## {md(m.id)}", ""]
        lines.append(f"- Revision: {code(m.revision) if m.revision else 'none'}")
        lines.append(f"- Package URL: {code(m.purl) if m.purl else 'none'}")
        lines.append(f"- License: {code(m.license) if m.license else '**unknown**'}")
        lines.append(f"- Bound: {', '.join(code(k) for k in m.bound) or 'none'}")
        lines.append("")
        lines += rows_markdown(m.rights)
    return "\n".join(lines).rstrip() + "\n"


def models_json(models: list[ModelRights]) -> str:
    data = {"schema_version": SCHEMA_VERSION, "models": [m.model_dump(mode="json") for m in models]}
    return json.dumps(data, indent=2, ensure_ascii=False)


def license_text(entry: LicenseEntry, rows: list[RightsRow]) -> str:
    lines = [f"{entry.name} [{entry.key}]", f"category: {entry.category}   kind: {entry.kind}"]
    if entry.url:
        lines.append(f"url: {entry.url}")
    for text in entry.texts:
        date = str(text.date) if text.date and str(text.date) != text.version else ""
        lines.append(" ".join(p for p in ("text:", text.file, text.version, date) if p))
    if entry.no_text:
        lines.append("no reference text: its terms are unknown")
    if entry.incorporates:
        lines.append(f"incorporates: {', '.join(entry.incorporates)}")
    for applied in entry.terms.applies:
        lines.append(f"applies: {applied.key} (§{applied.clause.section})")
    lines.append("")
    lines += rows_text(rows)
    return "\n".join(lines) + "\n"


def license_json(entry: LicenseEntry, rows: list[RightsRow]) -> str:
    """The entry (its structured terms included) and its rights rows; `notes` are for maintainers and stay out."""
    data = entry.model_dump(mode="json", exclude_none=True, exclude={"notes"})
    data["rights"] = [row.model_dump(mode="json") for row in rows]
    return json.dumps({"schema_version": SCHEMA_VERSION, "license": data}, indent=2, ensure_ascii=False)


# The `--format` choices of `licscan rights` are this dict's keys.
RIGHTS_RENDERERS: dict[str, Callable[[list[ModelRights]], str]] = {
    "text": models_text,
    "markdown": models_markdown,
    "json": models_json,
}
