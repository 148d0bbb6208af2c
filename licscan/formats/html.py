"""The audit report as one self-contained, printable HTML document that legal can sign off."""

from __future__ import annotations

import html

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
from licscan.results import Finding, ModelResult, PolicyInfo, Report, Waiver
from licscan.safetext import clean

TITLE = "Model license audit"

# Nothing may load or run: the report is opened from mail and file shares, and card text is hostile.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
:root { --ink: #1b1f23; --muted: #57606a; --line: #d0d7de; --error: #b42318; --warning: #9a6700;
        --info: #0b5cad; --pass: #1a7f37; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: var(--ink); margin: 0 auto; max-width: 60rem;
       padding: 2rem; }
h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .92em; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-family: "Helvetica Neue", Arial, sans-serif; font-weight: 600; }
table.facts th { width: 28%; }
table.terms td:first-child { width: 16%; } table.terms td:nth-child(2) { width: 42%; }
code, .hash { font-family: "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em; word-break: break-all; }
blockquote { margin: .4rem 0 .6rem; padding: .3rem .8rem; border-left: 4px solid var(--line); background: #fafbfc; }
blockquote footer { color: var(--muted); font-size: .9em; margin-top: .3rem; }
.meta, .muted { color: var(--muted); }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .25rem; color: #fff;
         font: 600 .78rem "Helvetica Neue", Arial, sans-serif; text-transform: uppercase; letter-spacing: .03em; }
.badge.pass { background: var(--pass); } .badge.fail, .badge.error { background: var(--error); }
.badge.warning { background: var(--warning); } .badge.info { background: var(--info); }
.badge.waived { background: var(--muted); }
article.finding { border: 1px solid var(--line); border-radius: .3rem; padding: .2rem .8rem .4rem; margin: .6rem 0;
                  break-inside: avoid; page-break-inside: avoid; }
article.finding.waived { opacity: .8; }
ul.lineage { margin: .2rem 0 .8rem; padding-left: 1.3rem; }
.signature td { height: 2.4rem; }
.incomplete { border: 2px solid var(--error); padding: .3rem .6rem; color: var(--error); }
#what-to-ship pre { white-space: pre-wrap; background: #fafbfc; border: 1px solid var(--line); padding: .4rem; }
body > footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .6rem; font-size: .85em;
                color: var(--muted); }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  section.model { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def e(text: object) -> str:
    """Untrusted text, inert in HTML: control characters and escape sequences gone, markup escaped."""
    return html.escape(clean(text), quote=True)


def a(text: str, url: str | None) -> str:
    """A link when the URL is http(s); otherwise the (already escaped) text alone."""
    return f'<a href="{html.escape(url, quote=True)}" rel="noreferrer">{text}</a>' if url else text


def badge(kind: str, label: str | None = None) -> str:
    return f'<span class="badge {e(kind)}">{e(label or kind)}</span>'


def facts(rows: list[tuple[str, str]]) -> str:
    """A two-column table of label and value; values must already be HTML."""
    body = "".join(f"<tr><th scope=row>{e(label)}</th><td>{value}</td></tr>" for label, value in rows)
    return f'<table class="facts"><tbody>{body}</tbody></table>'


def grid(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    """A table with a header row; cells must already be HTML."""
    head = "".join(f"<th scope=col>{e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    klass = f' class="{cls}"' if cls else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class HtmlReporter(Reporter):
    name = "html"

    def render(self, report: Report, ctx: RenderContext) -> str:
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{e(TITLE)}</title><style>{CSS}</style></head><body>",
            _header(report),
            _summary(report),
            _policy(report.policy),
            *_what_to_ship(ctx),
            *(_model(n, m, report) for n, m in enumerate(report.models, 1)),
            _stale_waivers(report.policy),
            _sign_off(),
            _footer(report),
            "</body></html>",
        ]
        return "\n".join(parts) + "\n"


def _what_to_ship(ctx: RenderContext) -> list[str]:
    """The "What to ship" section (licscan/formats/html_ship.py), when the report is of a manifest."""
    if ctx.ship is None:
        return []
    from licscan.formats.html_ship import ship_section
    from licscan.notice.model import ShipPlan

    return [ship_section(ctx.ship)] if isinstance(ctx.ship, ShipPlan) else []


def _header(report: Report) -> str:
    policy = f"under the policy <strong>{e(report.policy.name)}</strong>" if report.policy else "without a policy"
    generated = report.generated_at.strftime("%Y-%m-%d %H:%M %Z").strip() if report.generated_at else ""
    return (
        f'<header><h1>{e(TITLE)}</h1><p class="meta">{e(generated)}</p>'
        f"<p>This report records which license applies to each of {len(report.models)} model(s), the evidence it "
        f"rests on, and every conflict and obligation found {policy}.</p></header>"
    )


def _summary(report: Report) -> str:
    s = report.summary
    rows = []
    for number, m in enumerate(report.models, 1):
        counts = finding_counts(m)
        rows.append(
            [
                f'<a href="#model-{number}">{e(m.id)}</a>',
                badge(m.verdict),
                _license_html(m),
                *(str(counts[k]) for k in ("error", "warning", "info", "waived")),
            ]
        )
    return (
        f'<section id="summary"><h2>Summary</h2><p class="counts">{len(report.models)} models: '
        f"{s.pass_} pass, {s.fail} fail, {s.error} error</p>"
        + grid(["Model", "Verdict", "License", "Errors", "Warnings", "Info", "Waived"], rows, "summary")
        + "</section>"
    )


def _license_html(m: ModelResult) -> str:
    if m.license is None:
        return '<span class="muted">unknown</span>'
    name = f"{e(m.license_name)} " if m.license_name else ""
    return f"{name}<code>{e(m.license)}</code>"


def _policy(policy: PolicyInfo | None) -> str:
    if policy is None:
        return (
            '<section id="policy"><h2>Policy applied</h2>'
            "<p>No policy was applied: the findings reflect the license terms alone.</p></section>"
        )
    head = facts(
        [
            ("Name", e(policy.name)),
            ("File", e(policy.path or "not recorded")),
            ("SHA-256", f'<span class="hash">{e(policy.sha256)}</span>' if policy.sha256 else "not recorded"),
        ]
    )
    use = grid(["Use", "Intended"], [[e(words(k)), e(plain_value(v))] for k, v in policy.intended_use.items()])
    org_rows = [[e(words(k)), e(plain_value(v))] for k, v in policy.organisation.items()]
    org = grid(["Fact", "Value"], org_rows) if org_rows else "<p>No organisation facts were given.</p>"
    return (
        f'<section id="policy"><h2>Policy applied</h2>{head}<h3>Intended use</h3>{use}'
        f"<h3>Organisation</h3>{org}</section>"
    )


def _model(number: int, m: ModelResult, report: Report) -> str:
    return (
        f'<section class="model" id="model-{number}">'
        f"<h2>{number}. {e(m.id)} {badge(m.verdict)}</h2>"
        + _identity(m, report)
        + _license(m)
        + _lineage(m)
        + _terms(m)
        + _findings(m)
        + _waivers(m)
        + _evidence(m)
        + _gguf(m)
        + "</section>"
    )


def _identity(m: ModelResult, report: Report) -> str:
    rows = [
        ("Model", a(e(m.id), model_link(m))),
        ("Source", e(m.source)),
        ("Commit", f'<span class="hash">{e(m.revision)}</span>' if m.revision else "not resolved"),
    ]
    if purl := purl_of(m):
        rows.append(("Package URL", f"<code>{e(purl)}</code>"))
    if m.pipeline_tag or m.modality:
        rows.append(("Task", e(", ".join(x for x in (m.pipeline_tag, m.modality) if x))))
    if report.manifest and m.manifest_line:
        rows.append(("Manifest", f"{e(report.manifest)}, line {m.manifest_line}"))
    return '<h3 class="identity">Identity</h3>' + facts(rows)


def _license(m: ModelResult) -> str:
    d = m.declared
    rows = [
        ("Concluded license", _license_html(m)),
        ("Version", e(m.license_version or "-")),
        ("Category", e(m.category or "-")),
        ("How it was concluded", e(m.concluded_by or "-")),
        ("Declared on the card", e(d.license or "none")),
    ]
    if d.license_name:
        rows.append(("Declared license name", e(d.license_name)))
    if d.license_link:
        rows.append(("Declared license link", a(e(d.license_link), safe_url(d.license_link))))
    files = "<br>".join(f"{e(f.path)}: {e(f.match)} <code>{e(f.license or '-')}</code>" for f in m.files)
    rows.append(("License files", files or "none found"))
    if m.applied_licenses:
        rows.append(("Licenses that bind the model", ", ".join(f"<code>{e(k)}</code>" for k in m.applied_licenses)))
    return '<h3 class="license">License</h3>' + facts(rows)


def _lineage(m: ModelResult) -> str:
    tree = lineage_tree(m)
    body = _tree(tree) if tree else "<p>No base models or datasets are declared.</p>"
    return f'<h3 class="lineage">Lineage</h3><p><strong>{e(m.id)}</strong> (this model)</p>{body}'


def _tree(nodes: list[LineageNode]) -> str:
    items = []
    for entry, children in nodes:
        kind = "dataset" if entry.kind == "dataset" else e(entry.relation)
        rev = f' @ <span class="hash">{e(entry.revision)}</span>' if entry.revision else ""
        license_ = f"<code>{e(entry.license)}</code>" if entry.license else '<span class="muted">license unknown</span>'
        note = f' <span class="muted">({e(entry.error)})</span>' if entry.error else ""
        nested = _tree(children) if children else ""
        items.append(f"<li><strong>{e(entry.id)}</strong>{rev} &ndash; {kind}, {license_}{note}{nested}</li>")
    return '<ul class="lineage">' + "".join(items) + "</ul>"


def _terms(m: ModelResult) -> str:
    if not m.terms:
        return '<h3 class="terms">Terms</h3><p>No terms were read for this license.</p>'
    rows = []
    for t in m.terms:
        clause = f"§{e(t.clause.section)}: <q>{e(t.clause.quote)}</q>" if t.clause else "-"
        rows.append([e(t.name), e(t.value), clause])
    return '<h3 class="terms">Terms</h3>' + grid(["Term", "Value", "Clause"], rows, "terms")


def _findings(m: ModelResult) -> str:
    if not m.findings:
        return '<h3 class="findings">Findings</h3><p>No findings.</p>'
    return '<h3 class="findings">Findings</h3>' + "".join(_finding(f) for f in sorted_findings(m.findings))


def _finding(f: Finding) -> str:
    waived = " waived" if f.waived else ""
    parts = [
        f'<article class="finding {e(f.severity)}{waived}">',
        f"<h4>{badge(f.severity)} <code>{e(f.id)}</code>{' ' + badge('waived') if f.waived else ''}</h4>",
        f"<p>{e(f.message)}</p>",
    ]
    if f.clause:
        source = f" of <code>{e(f.clause.license)}</code>" if f.clause.license else ""
        parts.append(
            f"<blockquote><p>{e(f.clause.quote)}</p><footer>§{e(f.clause.section)}{source}</footer></blockquote>"
        )
    parts.append(f"<p><strong>Remediation:</strong> {e(f.remediation)}</p>")
    if f.waived:
        parts.append(f"<p><strong>Waived:</strong> {_waiver_html(f.waived)}</p>")
    return "".join(parts) + "</article>"


def _waiver_html(w: Waiver) -> str:
    return f"{e(w.reason)} &ndash; approved by {e(w.approved_by)}, expires {e(w.expires.isoformat())}"


def _waivers(m: ModelResult) -> str:
    pairs = waivers(m)
    if not pairs:
        return '<h3 class="waivers">Waivers</h3><p>No finding of this model is waived.</p>'
    rows = [[f"<code>{e(f.id)}</code>", e(w.reason), e(w.approved_by), e(w.expires.isoformat())] for f, w in pairs]
    return '<h3 class="waivers">Waivers</h3>' + grid(["Finding", "Reason", "Approved by", "Expires"], rows, "waivers")


def _evidence(m: ModelResult) -> str:
    if not m.files:
        return '<h3 class="evidence">Evidence</h3><p>No license-bearing files were found.</p>'
    rows = []
    for f in m.files:
        size = f"{f.size:,}&nbsp;B" if f.size is not None else "-"
        match = f"{e(f.match)} ({f.similarity:.2f})" + (f", {e(f.error)}" if f.error else "")
        rows.append([e(f.path), f'<span class="hash">{e(f.sha256)}</span>', size, e(f.license or "-"), match])
    return '<h3 class="evidence">Evidence</h3>' + grid(
        ["Path", "SHA-256", "Size", "License", "Match"], rows, "evidence"
    )


def _gguf(m: ModelResult) -> str:
    """What each GGUF file's own header says: independent of the card, read from its first kilobytes."""
    if not m.gguf:
        return ""
    rows = []
    for g in m.gguf:
        said = e(g.license or "-") + (f" ({e(g.license_name)})" if g.license_name else "")
        if g.license_key and g.license_key != g.license:
            said += f" = <code>{e(g.license_key)}</code>"
        read = f"{g.bytes_read:,}&nbsp;B" + (f", {e(g.error)}" if g.error else "")
        rows.append([e(g.path), said, e(", ".join(g.base_models) or "-"), e(g.name or "-"), read])
    return '<h3 class="gguf">GGUF header metadata</h3>' + grid(
        ["File", "general.license", "Base models", "general.name", "Read"], rows, "gguf"
    )


def _stale_waivers(policy: PolicyInfo | None) -> str:
    head = '<section id="stale-waivers"><h2>Stale and expired waivers</h2>'
    stale = policy.stale_exceptions if policy else []
    if not stale:
        return head + "<p>None: every exception in the policy matched a finding and is in force.</p></section>"
    rows = [[e(w.model), e(w.finding or "any"), e(w.reason), e(w.approved_by), e(w.expires.isoformat())] for w in stale]
    return head + grid(["Model", "Finding", "Reason", "Approved by", "Expires"], rows, "stale") + "</section>"


def _sign_off() -> str:
    rows = [[e(role), "", "", "", ""] for role in ("Legal", "Engineering")]
    return (
        '<section id="sign-off"><h2>Sign-off</h2><p>The undersigned reviewed the findings above.</p>'
        + grid(["Role", "Name", "Decision", "Date", "Signature"], rows, "signature")
        + "</section>"
    )


def _footer(report: Report) -> str:
    generated = report.generated_at.isoformat(timespec="seconds") if report.generated_at else "not recorded"
    return (
        f"<footer><p>Generated by licscan {e(report.tool.version)} with license database "
        f"<code>{e(report.tool.database_version)}</code> at {e(generated)}.</p>"
        f"<p>Command: <code>{e(report.command or 'not recorded')}</code></p></footer>"
    )
