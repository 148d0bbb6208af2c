"""The audit report as Markdown for pull requests and wikis: the same sections as the HTML report."""

from __future__ import annotations

import re

from licscan.formats.common import (
    LineageNode,
    finding_counts,
    lineage_tree,
    model_link,
    plain_value,
    safe_url,
    sorted_findings,
    waivers,
    words,
)
from licscan.formats.identity import purl_of
from licscan.formats.interface import RenderContext, Reporter
from licscan.results import ModelResult, PolicyInfo, Report, Waiver
from licscan.safetext import clean

TITLE = "Model license audit"
SEVERITY_LABEL = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def md(text: object) -> str:
    """Untrusted text as inert inline Markdown: no emphasis, code, links, HTML or table breaks, on one line."""
    out = clean(text, oneline=True)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # `(` after `]` and `!` before `[` only matter once `[`/`]` work; escaping the brackets disarms them.
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", out)


def md_line(text: object) -> str:
    """Like md(), and also inert at the start of a line, where `#`, `-`, `+`, `=` and `1.` are block markup."""
    out = re.sub(r"^([#+=-])", r"\\\1", md(text))
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", out)


def md_lines(text: object) -> list[str]:
    """Untrusted multi-line text as inert Markdown lines, e.g. for a blockquote."""
    return [md_line(line) for line in clean(text).splitlines() or [""]]


def code(text: object) -> str:
    """A code span: its content is literal, so only backticks (which would end it) and table pipes matter."""
    return "`" + clean(text, oneline=True).replace("`", "'").replace("|", "\\|") + "`"


def link(text: str, url: str | None) -> str:
    if not url:
        return text
    return f"[{text}]({url.replace('(', '%28').replace(')', '%29')})"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return [*lines, ""]


class MarkdownReporter(Reporter):
    name = "markdown"

    def render(self, report: Report, ctx: RenderContext) -> str:
        lines = [f"# {TITLE}", ""]
        lines += _intro(report)
        lines += _summary(report)
        lines += _policy(report.policy)
        for number, model in enumerate(report.models, 1):
            lines += _model(number, model, report)
        lines += _stale_waivers(report.policy)
        lines += _sign_off()
        lines += _footer(report)
        return "\n".join(lines).rstrip() + "\n"


def _intro(report: Report) -> list[str]:
    policy = f"under the policy **{md(report.policy.name)}**" if report.policy else "without a policy"
    return [
        f"This report records which license applies to each of {len(report.models)} model(s), the evidence "
        f"it rests on, and every conflict and obligation found {policy}.",
        "",
    ]


def _summary(report: Report) -> list[str]:
    s = report.summary
    lines = ["## Summary", "", f"{len(report.models)} models: {s.pass_} pass, {s.fail} fail, {s.error} error", ""]
    rows = []
    for m in report.models:
        counts = finding_counts(m)
        rows.append(
            [
                md(m.id),
                m.verdict.upper(),
                _license_cell(m),
                str(counts["error"]),
                str(counts["warning"]),
                str(counts["info"]),
                str(counts["waived"]),
            ]
        )
    return lines + table(["Model", "Verdict", "License", "Errors", "Warnings", "Info", "Waived"], rows)


def _license_cell(m: ModelResult) -> str:
    if m.license is None:
        return "unknown"
    return f"{md(m.license_name or m.license)} ({code(m.license)})" if m.license_name else code(m.license)


def _policy(policy: PolicyInfo | None) -> list[str]:
    lines = ["## Policy applied", ""]
    if policy is None:
        return [*lines, "No policy was applied: the findings reflect the license terms alone.", ""]
    rows = [["Name", md(policy.name)], ["File", md(policy.path or "not recorded")]]
    rows.append(["SHA-256", code(policy.sha256) if policy.sha256 else "not recorded"])
    lines += table(["Policy", ""], rows)
    lines += ["### Intended use", ""]
    lines += table(["Use", "Intended"], [[md(words(k)), md(plain_value(v))] for k, v in policy.intended_use.items()])
    lines += ["### Organisation", ""]
    facts = [[md(words(k)), md(plain_value(v))] for k, v in policy.organisation.items()]
    return lines + (table(["Fact", "Value"], facts) if facts else ["No organisation facts were given.", ""])


def _model(number: int, m: ModelResult, report: Report) -> list[str]:
    lines = [f"## {number}. {md(m.id)}", "", f"**Verdict: {m.verdict.upper()}**", ""]
    lines += _identity(m, report)
    lines += _license(m)
    lines += ["### Lineage", ""] + (_tree(lineage_tree(m), 0) or ["No base models or datasets are declared."]) + [""]
    lines += _terms(m)
    lines += _findings(m)
    lines += _waivers(m)
    lines += _evidence(m)
    lines += _gguf(m)
    return lines


def _identity(m: ModelResult, report: Report) -> list[str]:
    url = model_link(m)
    rows = [
        ["Model", link(md(m.id), url)],
        ["Source", md(m.source)],
        ["Commit", code(m.revision) if m.revision else "not resolved"],
    ]
    if purl := purl_of(m):
        rows.append(["Package URL", code(purl)])
    if m.pipeline_tag or m.modality:
        rows.append(["Task", md(", ".join(x for x in (m.pipeline_tag, m.modality) if x))])
    if report.manifest and m.manifest_line:
        rows.append(["Manifest", f"{md(report.manifest)}, line {m.manifest_line}"])
    return ["### Identity", "", *table(["Field", "Value"], rows)]


def _license(m: ModelResult) -> list[str]:
    d = m.declared
    rows = [
        ["Concluded license", _license_cell(m)],
        ["Version", md(m.license_version or "-")],
        ["Category", md(m.category or "-")],
        ["How it was concluded", md(m.concluded_by or "-")],
        ["Declared on the card", md(d.license or "none")],
    ]
    if d.license_name:
        rows.append(["Declared license name", md(d.license_name)])
    if d.license_link:
        rows.append(["Declared license link", link(md(d.license_link), safe_url(d.license_link))])
    matches = ", ".join(f"{md(f.path)}: {f.match} {md(f.license or '-')}" for f in m.files)
    rows.append(["License files", matches or "none found"])
    if m.applied_licenses:
        rows.append(["Licenses that bind the model", ", ".join(code(k) for k in m.applied_licenses)])
    return ["### License", "", *table(["", ""], rows)]


def _tree(nodes: list[LineageNode], level: int) -> list[str]:
    lines = []
    for entry, children in nodes:
        kind = "dataset" if entry.kind == "dataset" else md(entry.relation)
        rev = f" @ {code(entry.revision)}" if entry.revision else ""
        note = f" ({md(entry.error)})" if entry.error else ""
        license_ = code(entry.license) if entry.license else "license unknown"
        lines.append(f"{'  ' * level}- **{md(entry.id)}**{rev} - {kind}, {license_}{note}")
        lines += _tree(children, level + 1)
    return lines


def _terms(m: ModelResult) -> list[str]:
    if not m.terms:
        return ["### Terms", "", "No terms were read for this license.", ""]
    rows = []
    for t in m.terms:
        clause = f"§{md(t.clause.section)}: \u201c{md(t.clause.quote)}\u201d" if t.clause else "-"
        rows.append([md(t.name), md(t.value), clause])
    return ["### Terms", "", *table(["Term", "Value", "Clause"], rows)]


def _findings(m: ModelResult) -> list[str]:
    lines = ["### Findings", ""]
    if not m.findings:
        return [*lines, "No findings.", ""]
    for f in sorted_findings(m.findings):
        waived = " (waived)" if f.waived else ""
        lines += [f"#### {SEVERITY_LABEL[f.severity]} `{f.id}`{waived}", "", md_line(f.message), ""]
        if f.clause:
            source = f" of {code(f.clause.license)}" if f.clause.license else ""
            lines += [f"> {line}" for line in md_lines(f.clause.quote)]
            lines += [">", f"> \u2014 §{md(f.clause.section)}{source}", ""]
        lines += [f"**Remediation:** {md(f.remediation)}", ""]
        if f.waived:
            lines += [f"**Waived:** {_waiver_text(f.waived)}", ""]
    return lines


def _waiver_text(w: Waiver) -> str:
    return f"{md(w.reason)} - approved by {md(w.approved_by)}, expires {w.expires.isoformat()}"


def _waivers(m: ModelResult) -> list[str]:
    pairs = waivers(m)
    if not pairs:
        return ["### Waivers", "", "No finding of this model is waived.", ""]
    rows = [[f"`{f.id}`", md(w.reason), md(w.approved_by), w.expires.isoformat()] for f, w in pairs]
    return ["### Waivers", "", *table(["Finding", "Reason", "Approved by", "Expires"], rows)]


def _evidence(m: ModelResult) -> list[str]:
    if not m.files:
        return ["### Evidence", "", "No license-bearing files were found.", ""]
    rows = []
    for f in m.files:
        size = f"{f.size:,} B" if f.size is not None else "-"
        match = f"{f.match} ({f.similarity:.2f})" + (f", {md(f.error)}" if f.error else "")
        rows.append([md(f.path), code(f.sha256), size, md(f.license or "-"), match])
    return ["### Evidence", "", *table(["Path", "SHA-256", "Size", "License", "Match"], rows)]


def _gguf(m: ModelResult) -> list[str]:
    """What each GGUF file's own header says: independent of the card, read from its first kilobytes."""
    if not m.gguf:
        return []
    rows = []
    for g in m.gguf:
        said = md(g.license or "-") + (f" ({md(g.license_name)})" if g.license_name else "")
        if g.license_key and g.license_key != g.license:
            said += f" = {code(g.license_key)}"
        read = f"{g.bytes_read:,} B" + (f", {md(g.error)}" if g.error else "")
        rows.append([md(g.path), said, md(", ".join(g.base_models) or "-"), md(g.name or "-"), read])
    return [
        "### GGUF header metadata",
        "",
        *table(["File", "general.license", "Base models", "general.name", "Read"], rows),
    ]


def _stale_waivers(policy: PolicyInfo | None) -> list[str]:
    lines = ["## Stale and expired waivers", ""]
    stale = policy.stale_exceptions if policy else []
    if not stale:
        return [*lines, "None: every exception in the policy matched a finding and is in force.", ""]
    rows = [
        [md(w.model), md(w.finding or "any"), md(w.reason), md(w.approved_by), w.expires.isoformat()] for w in stale
    ]
    return lines + table(["Model", "Finding", "Reason", "Approved by", "Expires"], rows)


def _sign_off() -> list[str]:
    rows = [["Legal", " ", " ", " "], ["Engineering", " ", " ", " "]]
    return ["## Sign-off", "", *table(["Role", "Name", "Decision", "Date"], rows)]


def _footer(report: Report) -> list[str]:
    generated = report.generated_at.isoformat(timespec="seconds") if report.generated_at else "not recorded"
    return [
        "---",
        "",
        f"Generated by licscan {md(report.tool.version)} with license database {md(report.tool.database_version)}"
        f" at {md(generated)}.  ",
        f"Command: {md(report.command or 'not recorded')}",
        "",
    ]
