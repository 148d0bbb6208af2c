"""Census output in every format: the summary first, then the models streamed from the spool.

The census page and the Markdown census are one document (formats/document.py) rendered by the same backends as the
audit report. The page runs exactly one inline script, templates/census.js, which sorts and filters the table: its
Content-Security-Policy allows that script by its sha256 hash and nothing else (no other script, no inline handler,
no connection, no form), so hostile card text, escaped in any case, still cannot run. Without the script the page is
a plain, complete table.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import IO

from licscan.census.spool import Spool
from licscan.census.summary import NO_LICENSE, CensusSummary
from licscan.formats.common import model_link
from licscan.formats.document import (
    Badge,
    Block,
    Bullets,
    Code,
    Document,
    Figure,
    Grid,
    Heading,
    Item,
    Link,
    Para,
    Row,
    Section,
)
from licscan.formats.figures import license_chart
from licscan.results import ModelResult, Report
from licscan.safetext import clean

TITLE = "Model license census"
MODELS_HEADER = ("Model", "Declared", "License", "Category", "Verdict", "Concluded from", "Bases")


@dataclass(frozen=True)
class CensusOutput:
    """What every census writer is given: the summary, the spooled results, and the report head (tool, policy)."""

    summary: CensusSummary
    spool: Spool
    head: Report

    @property
    def generated(self) -> str:
        return self.head.generated_at.strftime("%Y-%m-%d %H:%M %Z") if self.head.generated_at else ""


def scope(summary: CensusSummary) -> str:
    parts = [
        f"author {summary.author!r}" if summary.author else "",
        f"search {summary.search!r}" if summary.search else "",
    ]
    what = " and ".join(p for p in parts if p) or "all models"
    return what + (f" (first {summary.limit})" if summary.limit else "")


def policy_line(summary: CensusSummary) -> str:
    """Which policy the verdicts are under: `pass` means something else without one."""
    if summary.policy:
        return f"Verdicts under the policy {summary.policy!r}."
    return "Verdicts without a policy: pass means only that a license was concluded and nothing failed to be read."


def headline(summary: CensusSummary) -> str:
    fetched = summary.judged - summary.from_metadata - summary.files_not_read
    refused = f", {summary.files_not_read} whose files could NOT be read" if summary.files_not_read else ""
    line = (
        f"Census of {scope(summary)}: {summary.listed} listed, {summary.judged} judged "
        f"({summary.from_metadata} from the listing's metadata, {fetched} from their files{refused}). "
        + policy_line(summary)
    )
    if not summary.complete:
        line = (
            f"INCOMPLETE CENSUS: {summary.stopped}. Only the {summary.judged} model(s) judged so far are reported; "
            f"the listing was not read to its end.\n" + line
        )
    return line


LABELS = {"metadata": "metadata", "files": "files", "card-only": "card only (files not read)", "not-read": "not read"}


def from_label(result: ModelResult) -> str:
    return LABELS[result.concluded_from or "files"]


# ---- text and JSON -----------------------------------------------------------------------------------------------


def write_text(census: CensusOutput, out: IO[str]) -> None:
    summary = census.summary
    out.write(headline(summary) + "\n\n")
    width = max([len("License"), *(len(k) for k in summary.licenses)])
    out.write(f"{'License':<{width}}  Models\n")
    for key, count in summary.licenses.items():
        out.write(f"{key:<{width}}  {count:>6}\n")
    out.write("\n" + "  ".join(f"{v}: {n}" for v, n in summary.verdicts.items()) + "\n")
    out.write(
        f"\nMislabels (a derivative declaring a more permissive license than its base): {len(summary.mislabels)}\n"
    )
    for m in summary.mislabels:
        out.write(
            f"  {clean(m.id, oneline=True)}: declares {m.declared}, "
            f"base {clean(m.base, oneline=True)} is {m.base_license}\n"
        )
    out.write(f"\nModels with no license: {len(summary.no_license)}\n")
    for model_id in summary.no_license:
        out.write(f"  {clean(model_id, oneline=True)}\n")
    out.write("\nModels (license, verdict, concluded from)\n")
    for result in census.spool.results():
        license = result.license or "-"
        out.write(f"  {clean(result.id, oneline=True)}  {license}  {result.verdict}  {from_label(result)}\n")


def write_json(census: CensusOutput, out: IO[str]) -> None:
    """The scan JSON (`models`, `summary`) plus a `census` object; the models are streamed from the spool."""
    summary, head = census.summary, census.head
    counts = {v: summary.verdicts.get(v, 0) for v in ("pass", "fail", "error")}
    out.write(f'{{"schema_version": {head.schema_version}, ')
    out.write(f'"tool": {json.dumps(head.tool.model_dump(mode="json"))}, ')
    policy = head.policy.model_dump(mode="json") if head.policy else None
    out.write(f'"policy": {json.dumps(policy)}, ')
    out.write(f'"census": {summary.model_dump_json()}, "summary": {json.dumps(counts)}, ')
    out.write(f'"command": {json.dumps(head.command)}, "models": [')
    for n, line in enumerate(census.spool.lines()):
        out.write((",\n" if n else "\n") + line)
    out.write("\n]}\n")


# ---- the census document: the page and Markdown ------------------------------------------------------------------


def summary_section(summary: CensusSummary) -> Section:
    head = headline(summary).splitlines()
    blocks: list[Block] = [Heading(2, ("Summary",))]
    if not summary.complete:
        blocks.append(Para((head[0],), cls="incomplete", alert=True))
    blocks.append(Para((head[-1],)))
    if summary.licenses:
        chart = license_chart(summary.licenses, NO_LICENSE)
        blocks.append(Figure(chart, "Models per concluded license, most common first."))
    numeric = frozenset({1})
    blocks.append(
        Grid(("License", "Models"), [((k,), (str(n),)) for k, n in summary.licenses.items()], numeric=numeric)
    )
    blocks.append(
        Grid(("Verdict", "Models"), [((v,), (str(n),)) for v, n in summary.verdicts.items()], numeric=numeric)
    )
    blocks.append(Heading(3, (f"Mislabels ({len(summary.mislabels)})",)))
    if summary.mislabels:
        blocks.append(Para(("Derivatives whose card declares a more permissive license than their base's.",)))
        rows = [((Code(m.id),), (m.declared,), (Code(m.base),), (m.base_license,)) for m in summary.mislabels]
        blocks.append(Grid(("Model", "Declares", "Base", "Base license"), rows))
    blocks.append(Heading(3, (f"Models with no license ({len(summary.no_license)})",)))
    if summary.no_license:
        blocks.append(Bullets(tuple(Item((Code(i),)) for i in summary.no_license)))
    return Section(tuple(blocks), id="summary")


def model_row(r: ModelResult) -> Row:
    declared = (", ".join(r.declared.licenses) or "-") + (
        f" / {r.declared.license_name}" if r.declared.license_name else ""
    )
    bases = ", ".join(f"{item.id} ({item.license or '?'})" for item in r.lineage if item.kind == "model")
    came_from = from_label(r)
    return Row(
        (
            (Link((Code(r.id),), model_link(r)),),
            (declared,),
            (r.license or "-",),
            (r.category or "-",),
            (Badge(r.verdict, r.verdict, r.verdict),),
            (came_from,),
            (bases or "-",),
        ),
        data=(("verdict", r.verdict), ("from", came_from)),
    )


def models_table(census: CensusOutput) -> Grid:
    """The models, one row each as the spool gives them back: rendered once, never held as a list."""
    return Grid(MODELS_HEADER, (model_row(r) for r in census.spool.results()), cls="models", id="models")


def census_document(census: CensusOutput) -> Document:
    models = Section((Heading(2, ("Models",)), models_table(census)), id="models-section")
    return Document(TITLE, census.generated, (summary_section(census.summary), models))


def write_markdown(census: CensusOutput, out: IO[str]) -> None:
    from licscan.formats.markdown import document

    for line in document(census_document(census)):
        out.write(line + "\n")


@cache
def census_script() -> tuple[str, str]:
    """The page's one script and its CSP hash."""
    script = files("licscan.formats").joinpath("templates/census.js").read_text(encoding="utf-8").rstrip("\n")
    return script, base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def write_html(census: CensusOutput, out: IO[str]) -> None:
    """Write the page to `out` as the results stream past (a 20,000-row page is never one string in memory)."""
    from markupsafe import Markup

    script, digest = census_script()
    csp = (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    from licscan.formats.html import render_chunks

    doc = census_document(census)
    summary, models = doc.blocks
    values = {"doc": doc, "summary": summary, "models": models, "judged": census.summary.judged}
    for chunk in render_chunks("census.html.j2", **values, csp=Markup(csp), script=Markup(script)):
        out.write(chunk)
