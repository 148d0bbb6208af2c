"""Human output for the terminal: every term and finding for `scan`, one actionable line per problem for `check`."""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

from licscan.database import Database
from licscan.formats.common import active_findings, license_label, sorted_findings, terms_by_license
from licscan.formats.identity import purl_of
from licscan.formats.interface import RenderContext, Reporter
from licscan.results import Finding, ModelResult, Report
from licscan.safetext import clean

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

QUOTE_LIMIT = 160
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
VERDICT_STYLE = {"pass": "green", "fail": "bold red", "error": "bold magenta"}


class TextReporter(Reporter):
    name = "text"

    def render(self, report: Report, ctx: RenderContext) -> str:
        from rich.console import Console

        buffer = StringIO()
        console = Console(
            file=buffer,
            width=ctx.width,
            force_terminal=ctx.color,
            no_color=not ctx.color,
            color_system="standard" if ctx.color else None,
            highlight=False,
            emoji=False,
            markup=False,
        )
        models = [m for m in report.models if not ctx.quiet or m.verdict != "pass"]
        if ctx.detail:
            for model in models:
                console.print(_model_table(model, ctx.database))
                console.print()
        else:
            for model in models:
                for text in _check_lines(model, ctx.quiet):
                    console.print(text, soft_wrap=True)
        if not ctx.quiet:
            console.print(summary_line(report), soft_wrap=True)
        # Table padding leaves trailing spaces that only clutter CI logs and diffs.
        return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def summary_line(report: Report) -> str:
    n = len(report.models)
    s = report.summary
    return f"{n} model{'' if n == 1 else 's'}: {s.pass_} pass, {s.fail} fail, {s.error} error"


def check_line(model: ModelResult, finding: Finding) -> str:
    """`<id>: <severity> <finding-id>: <message> [§section] -> <remediation>` on one line."""
    section = f" [§{clean(finding.clause.section, oneline=True)}]" if finding.clause else ""
    return (
        f"{clean(model.id, oneline=True)}: {finding.severity} {finding.id}: {clean(finding.message, oneline=True)}"
        f"{section} -> {clean(finding.remediation, oneline=True)}"
    )


def _check_lines(model: ModelResult, quiet: bool) -> list[Text]:
    from rich.text import Text

    findings = active_findings(model, "warning")
    if quiet and model.verdict == "pass":
        return []
    lines = [Text(check_line(model, f), style=SEVERITY_STYLE[f.severity]) for f in findings]
    if not lines and model.verdict == "error":
        # An error verdict without a finding still has to show up in the CI log.
        lines.append(Text(f"{clean(model.id, oneline=True)}: error: the model could not be evaluated", "bold red"))
    return lines


def _model_table(model: ModelResult, database: Database) -> Table:
    from rich.table import Table
    from rich.text import Text

    title = clean(model.id, oneline=True) + (f"@{clean(model.revision)}" if model.revision else "")
    table = Table(title=Text(title, style="bold"), show_header=False, expand=True, title_justify="left")
    table.add_column("field", style="bold", no_wrap=True, width=12)
    # A value too long for its line (a package URL, a hash) folds onto the next one: it is never cut short.
    table.add_column("value", ratio=1, overflow="fold")
    table.add_row("Verdict", Text(model.verdict, style=VERDICT_STYLE[model.verdict]))
    table.add_row("License", Text(_license_line(model)))
    table.add_row("Concluded", Text(clean(model.concluded_by) or "-"))
    table.add_row("Declared", Text(_declared_line(model)))
    if purl := purl_of(model):
        table.add_row("Package URL", Text(clean(purl, oneline=True)))
    if model.files:
        table.add_row("Files", _files_text(model))
    for g in model.gguf:
        said = f"{clean(g.path, oneline=True)}: general.license {clean(g.license or '-', oneline=True)}"
        if g.base_models:
            said += f", base {clean(', '.join(g.base_models), oneline=True)}"
        table.add_row("GGUF header", Text(said))
    table.add_row("Lineage", _lineage_text(model))
    table.add_row("Key terms", _terms_text(model, database))
    table.add_row("Findings", _findings_text(model))
    return table


def _license_line(model: ModelResult) -> str:
    if model.license is None:
        return "unknown (no database entry concluded)"
    parts = [clean(model.license_name or model.license), f"[{clean(model.license)}]"]
    if model.license_version:
        parts.append(f"version {clean(model.license_version)}")
    if model.category:
        parts.append(f"- {clean(model.category)}")
    return " ".join(parts)


def _declared_line(model: ModelResult) -> str:
    d = model.declared
    parts = [clean(", ".join(d.licenses), oneline=True) or "none"]
    if d.license_name:
        parts.append(f"name {clean(d.license_name, oneline=True)}")
    if d.license_link:
        parts.append(f"link {clean(d.license_link, oneline=True)}")
    return ", ".join(parts)


def _files_text(model: ModelResult) -> Text:
    from rich.text import Text

    lines = []
    for f in model.files:
        match = f"{f.match} {clean(f.license) or '-'} ({f.similarity:.2f})"
        lines.append(
            f"{clean(f.path, oneline=True)}: {match} sha256 {f.sha256[:12]}"
            + (f" - {clean(f.error)}" if f.error else "")
        )
    return Text("\n".join(lines))


def _lineage_text(model: ModelResult) -> Text:
    from rich.text import Text

    if not model.lineage:
        return Text("none declared")
    lines = []
    for entry in model.lineage:
        indent = "  " * max(entry.depth - 1, 0)
        kind = "dataset" if entry.kind == "dataset" else clean(entry.relation)
        lines.append(f"{indent}- {clean(entry.id, oneline=True)} ({kind}): {clean(entry.license) or 'unknown'}")
    return Text("\n".join(lines))


def _terms_text(model: ModelResult, database: Database) -> Text:
    from rich.text import Text

    if not model.terms:
        return Text("-")
    groups = terms_by_license(model)
    text = Text()
    for key, terms in groups:
        if len(groups) > 1:
            # Several licenses bind (a merge, a base's): each term stands under the license it comes from.
            text.append(f"{license_label(key, database)}:\n", style="bold")
        indent = "  " if len(groups) > 1 else ""
        for term in terms:
            section = f" [§{clean(term.clause.section, oneline=True)}]" if term.clause else ""
            text.append(f"{indent}{clean(term.name, oneline=True)}: {clean(term.value, oneline=True)}{section}\n")
    text.rstrip()
    return text


def _findings_text(model: ModelResult) -> Text:
    from rich.text import Text

    if not model.findings:
        return Text("none", style="green")
    text = Text()
    for i, f in enumerate(sorted_findings(model.findings)):
        if i:
            text.append("\n")
        style = "dim" if f.waived else SEVERITY_STYLE[f.severity]
        text.append(f"{f.severity} {f.id}", style=style)
        if f.waived:
            text.append(" [waived]", style="dim")
        text.append(f": {clean(f.message, oneline=True)}\n")
        if f.clause:
            quote = _short(clean(f.clause.quote, oneline=True))
            text.append(f"  §{clean(f.clause.section, oneline=True)} \u201c{quote}\u201d\n", style="italic")
        text.append(f"  -> {clean(f.remediation, oneline=True)}")
        if f.waived:
            w = f.waived
            text.append(
                f"\n  waived: {clean(w.reason, oneline=True)} (approved by {clean(w.approved_by, oneline=True)},"
                f" expires {w.expires.isoformat()})",
                style="dim",
            )
    return text


def _short(quote: str) -> str:
    return quote if len(quote) <= QUOTE_LIMIT else quote[: QUOTE_LIMIT - 1].rstrip() + "\u2026"
