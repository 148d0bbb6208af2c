"""The audit report's "What to ship" section: the same notices, duties and license files as `licscan notice`."""

from __future__ import annotations

import html

from licscan.notice.model import ModelShipment, ShipPlan
from licscan.results import CitedClause
from licscan.safetext import clean

STATUS = {"to-do": "to do", "ok": "met", "violation": "not met", "missing": "missing"}


def _e(text: object) -> str:
    return html.escape(clean(text), quote=True)


def _cite(clause: CitedClause) -> str:
    return (
        f"<blockquote><p>{_e(clause.quote)}</p><footer>{_e(clause.license or '')} "
        f"§{_e(clause.section)}</footer></blockquote>"
    )


def _model(m: ModelShipment) -> str:
    parts = [f"<h3><code>{_e(m.id)}</code></h3><p>{_e(m.purl or 'local model')}"]
    parts.append(f" at <code>{_e(m.revision)}</code>" if m.revision else "")
    parts.append(f". Shipped because {_e('; '.join(m.shipped_because))}.</p>")
    if m.unreadable:
        items = "".join(f"<li>{_e(u)}</li>" for u in m.unreadable)
        parts.append(f'<p class="incomplete"><strong>Incomplete:</strong> not read, so not below:</p><ul>{items}</ul>')
    parts.append("<h4>Notice texts</h4>")
    if not m.notices:
        parts.append("<p>None required for this use.</p>")
    for n in m.notices:
        origin = f' <span class="muted">({_e(n.path)}, sha256 {_e(n.sha256)})</span>' if n.path else ""
        parts.append(f"<pre>{_e(n.text)}</pre>{origin}{_cite(n.clause)}")
    parts.append("<h4>Checklist</h4>")
    if not m.duties:
        parts.append("<p>Nothing to do for this use.</p>")
    for d in m.duties:
        kind = "error" if d.status in ("violation", "missing") else "pass" if d.status == "ok" else "info"
        because = f' <span class="muted">(due because {_e(d.because)})</span>' if d.because else ""
        parts.append(
            f'<p><span class="badge {kind}">{_e(STATUS[d.status])}</span> {_e(d.message)}{because}</p>{_cite(d.clause)}'
        )
    parts.append("<h4>License files to ship</h4>")
    if not m.copies:
        parts.append("<p>None found in the repository.</p>" if m.missing else "<p>None required.</p>")
    for c in m.copies:
        where = "" if c.repository == m.id else f" from base <code>{_e(c.repository)}</code>"
        parts.append(f"<p><code>{_e(c.path)}</code>{where}, sha256 <code>{_e(c.sha256)}</code></p>{_cite(c.clause)}")
    return "".join(parts)


def ship_section(plan: ShipPlan) -> str:
    head = '<section id="what-to-ship"><h2>What to ship</h2>'
    if not plan.complete:
        head += (
            '<p class="incomplete"><strong>Incomplete:</strong> some models could not be read, or a license text '
            "to ship is not in its repository; see below.</p>"
        )
    body = "".join(_model(m) for m in plan.models) or "<p>No model is distributed or made available.</p>"
    internal = ", ".join(f"<code>{_e(i)}</code>" for i in plan.internal) or "none"
    return f"{head}{body}<p>Used internally only (nothing is required or emitted for them): {internal}.</p></section>"
