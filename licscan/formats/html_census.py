"""The census as one self-contained HTML page: the summary, then a table that sorts and filters with no network.

The audit report runs no script at all. This page runs exactly one inline script, the one below: the page's
Content-Security-Policy allows that script by its sha256 hash and nothing else (no other script, no inline handler,
no connection, no form), so hostile card text, escaped in any case, still cannot run. Without the script the page
is a plain, complete table.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from typing import IO

from licscan.census.output import from_label, headline
from licscan.census.summary import CensusSummary
from licscan.formats.common import model_link
from licscan.results import ModelResult
from licscan.safetext import clean

SCRIPT = """(function () {
  var table = document.getElementById("models"), body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter"), verdict = document.getElementById("verdict");
  var from = document.getElementById("from"), shown = document.getElementById("shown");
  function apply() {
    var q = text.value.toLowerCase(), v = verdict.value, f = from.value, n = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) && (!v || r.dataset.verdict === v) &&
        (!f || r.dataset.from === f);
      r.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = String(n);
  }
  [text, verdict, from].forEach(function (el) { el.addEventListener("input", apply); });
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    th.tabIndex = 0;
    function sort() {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(heads, function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      rows.sort(function (a, b) {
        return dir * a.cells[i].textContent.localeCompare(b.cells[i].textContent, undefined, {numeric: true});
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { sort(); } });
  });
  document.getElementById("controls").hidden = false;
})();"""

SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
CSP = (
    f"default-src 'none'; script-src 'sha256-{SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

CSS = """
body { font: 11pt/1.45 "Helvetica Neue", Arial, sans-serif; color: #1b1f23; margin: 0 auto; max-width: 72rem;
       padding: 2rem; }
h1 { font-size: 1.7rem; margin: 0 0 .4rem; } h2 { font-size: 1.25rem; border-bottom: 2px solid #1b1f23; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .92em; }
table.models { width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } table.models th { cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " \\25B2"; } th[aria-sort="descending"]::after { content: " \\25BC"; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: Menlo, Consolas, monospace; font-size: .88em; word-break: break-all; }
.incomplete { border: 3px solid #b42318; padding: .5rem .8rem; color: #b42318; font-weight: 600; }
.fail, .error { color: #b42318; font-weight: 600; } .pass { color: #1a7f37; }
#controls { margin: .6rem 0; } #controls label { margin-right: 1rem; }
@media print { #controls { display: none; } tr[hidden] { display: table-row; } }
"""


def _e(text: object) -> str:
    return html.escape(clean(text), quote=True)


def _counts(title: str, rows: Iterable[tuple[str, int]]) -> str:
    body = "".join(f'<tr><td>{_e(k)}</td><td class="n">{n}</td></tr>' for k, n in rows)
    return f"<table><thead><tr><th>{_e(title)}</th><th>Models</th></tr></thead><tbody>{body}</tbody></table>"


def _row(r: ModelResult) -> str:
    link = model_link(r)
    name = f'<a href="{_e(link)}" rel="noreferrer">{_e(r.id)}</a>' if link else _e(r.id)
    base = ", ".join(f"{item.id} ({item.license or '?'})" for item in r.lineage if item.kind == "model")
    return (
        f'<tr data-verdict="{_e(r.verdict)}" data-from="{from_label(r)}"><td><code>{name}</code></td>'
        f"<td>{_e(r.declared.license or '-')}{' / ' + _e(r.declared.license_name) if r.declared.license_name else ''}"
        f"</td><td>{_e(r.license or '-')}</td><td>{_e(r.category or '-')}</td>"
        f'<td class="{_e(r.verdict)}">{_e(r.verdict)}</td><td>{from_label(r)}</td><td>{_e(base or "-")}</td></tr>\n'
    )


def write_html(summary: CensusSummary, results: Iterable[ModelResult], out: IO[str], generated: str = "") -> None:
    """Write the page to `out` as the results stream past (a 20,000-row page is never one string in memory)."""
    out.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Model license census</title><style>{CSS}</style></head><body>\n"
        f"<header><h1>Model license census</h1><p>{_e(generated)}</p></header>\n"
    )
    head = headline(summary)
    if not summary.complete:
        out.write(f'<p class="incomplete" role="alert">{_e(head.splitlines()[0])}</p>\n')
    out.write(f'<section id="summary"><h2>Summary</h2><p>{_e(head.splitlines()[-1])}</p>')
    out.write(_counts("License", summary.licenses.items()) + _counts("Verdict", summary.verdicts.items()))
    out.write(f"<h3>Mislabels ({len(summary.mislabels)})</h3>")
    if summary.mislabels:
        rows = "".join(
            f"<tr><td><code>{_e(m.id)}</code></td><td>{_e(m.declared)}</td><td><code>{_e(m.base)}</code></td>"
            f"<td>{_e(m.base_license)}</td></tr>"
            for m in summary.mislabels
        )
        out.write(
            "<p>Derivatives whose card declares a more permissive license than their base's.</p><table><thead><tr>"
            "<th>Model</th><th>Declares</th><th>Base</th><th>Base license</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    out.write(f"<h3>Models with no license ({len(summary.no_license)})</h3>")
    if summary.no_license:
        out.write("<ul>" + "".join(f"<li><code>{_e(i)}</code></li>" for i in summary.no_license) + "</ul>")
    out.write("</section>\n")
    out.write(
        '<section id="models-section"><h2>Models</h2>'
        '<div id="controls" hidden><label>Filter <input id="filter" type="search"></label>'
        '<label>Verdict <select id="verdict"><option value="">any</option><option>pass</option><option>fail</option>'
        '<option>error</option></select></label><label>Concluded from <select id="from"><option value="">any'
        "</option><option>metadata</option><option>files</option></select></label>"
        f'<span><span id="shown">{summary.judged}</span> of {summary.judged} shown; click a column to sort</span>'
        "</div>"
        '<table id="models" class="models"><thead><tr><th>Model</th><th>Declared</th><th>License</th>'
        "<th>Category</th><th>Verdict</th><th>Concluded from</th><th>Bases</th></tr></thead><tbody>\n"
    )
    for r in results:
        out.write(_row(r))
    out.write(f"</tbody></table></section>\n<script>{SCRIPT}</script>\n</body></html>\n")
