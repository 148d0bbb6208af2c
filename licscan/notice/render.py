"""The NOTICE file: per shipped model, its notices verbatim, its duties as a checklist, the license files to ship."""

from __future__ import annotations

from licscan.identity import DIRTY
from licscan.notice.model import Duty, ModelShipment, ShipPlan
from licscan.results import CitedClause
from licscan.safetext import clean

RULE = "-" * 78
MARK = {"to-do": "[ ]", "ok": "[x]", "violation": "[!]", "missing": "[!]"}


def revision_words(revision: str | None) -> str:
    if revision is None:
        return "not pinned (local files as scanned)"
    dirty = DIRTY.fullmatch(revision)
    if dirty:
        return f"{revision} (uncommitted changes on top of {dirty['commit']}: not that commit)"
    return revision


def cite(clause: CitedClause, names: dict[str, str]) -> str:
    name = names.get(clause.license or "", clause.license or "the license")
    return f"required by {name} §{clause.section}: \u201c{clean(clause.quote, oneline=True)}\u201d"


def _wrap(text: str, indent: str) -> str:
    # One item, one line: never re-wrapped, so that a quoted clause or a notice stays exactly as the text has it.
    return indent + text


def _model(m: ModelShipment, names: dict[str, str]) -> list[str]:
    out = [RULE, f"Model: {clean(m.id, oneline=True)}"]
    out.append(f"Package: {m.purl}" if m.purl else "Package: local model (no package URL)")
    out.append(f"Commit: {revision_words(m.revision)}")
    out.append("Shipped because: " + "; ".join(m.shipped_because) + ".")
    out.append("Licenses with shipping duties: " + (", ".join(m.licenses) or "none"))
    if m.unreadable:
        out += ["", "INCOMPLETE for this model: these could not be read, so what they require is NOT in this file:"]
        out += [_wrap(f"- {clean(u, oneline=True)}", "  ") for u in m.unreadable]
    out += ["", "Notices (keep verbatim in the Notice file shipped with the model):"]
    if not m.notices:
        out.append("  none required for this use")
    for n in m.notices:
        if n.path:
            out.append(f"  [{n.path} from the repository, sha256 {n.sha256}, verbatim between the markers]")
            out.append("  >>>>>>>>")
            out += [line.rstrip("\r") for line in clean(n.text).split("\n")]
            out.append("  <<<<<<<<")
        else:
            out.append("  " + clean(n.text, oneline=True))  # one line, never re-wrapped: it is verbatim
        out.append(_wrap(f"-- {cite(n.clause, names)}", "    "))
        out.append("")
    out += [*([""] if out[-1] else []), "Checklist (attribution, naming and modification duties):"]
    if not m.duties:
        out.append("  nothing to do for this use")
    out += _duties(m.duties, names)
    out += ["", "License files to ship (byte for byte from the repository at its commit):"]
    if not m.copies:
        out.append("  none found" if any(d.kind == "license-copy" for d in m.duties) else "  none required")
    for c in m.copies:
        where = "" if c.repository == m.id else f" (from base {c.repository}@{c.revision})"
        dest = f" -> {c.destination}" if c.destination else ""
        out.append(f"  {c.path}{where}  sha256 {c.sha256}{dest}")
        out.append(_wrap(f"-- {cite(c.clause, names)}", "    "))
    return out


def _duties(duties: list[Duty], names: dict[str, str]) -> list[str]:
    out = []
    for d in duties:
        out.append(_wrap(f"{MARK[d.status]} {clean(d.message, oneline=True)}", "  "))
        if d.because:
            out.append(_wrap(f"-- due because {clean(d.because, oneline=True)}", "      "))
        out.append(_wrap(f"-- {cite(d.clause, names)}", "      "))
    return out


def render_notice(plan: ShipPlan, names: dict[str, str], header: list[str]) -> str:
    """The NOTICE text; an incomplete bundle says so at the very top, and again beside each model concerned."""
    out = ["NOTICE", "======", ""]
    if not plan.complete:
        unreadable = [m.id for m in plan.models if m.unreadable]
        missing = [m.id for m in plan.models if m.missing]
        out.append("INCOMPLETE: THIS BUNDLE DOES NOT YET HOLD EVERYTHING THE LICENSES REQUIRE.")
        if unreadable:
            out.append(_wrap("Not read (notices and license files missing): " + ", ".join(unreadable), ""))
        if missing:
            out.append(_wrap("License texts to obtain from the licensor: " + ", ".join(missing), ""))
        out.append("")
    out += header
    if plan.violations:
        out.append("POLICY VIOLATIONS: these findings fail the check (licscan exits 1); resolve each before shipping,")
        out.append("or have it waived by a policy exception:")
        out += [
            _wrap(f"- {clean(v.model, oneline=True)}: {v.severity} {v.id}: {clean(v.message, oneline=True)}", "  ")
            for v in plan.violations
        ]
        out.append("")
    out.append(
        "What shipping these models requires: the notices their licenses require (verbatim), the attribution and "
        "naming duties, and the license files to ship. Every line cites the clause that requires it."
    )
    out.append("")
    for m in plan.models:
        out += _model(m, names)
        out.append("")
    out.append(RULE)
    if plan.internal:
        out.append(
            "Used internally only (not distributed, not made available): "
            "nothing is required, and nothing is emitted, for:"
        )
        out += [f"  - {clean(i, oneline=True)}" for i in plan.internal]
    else:
        out.append("Used internally only: none of the manifest's models.")
    if not plan.models:
        out.append("")
        out.append("No model is distributed or made available under the intended use: there is nothing to ship.")
    return "\n".join(out).rstrip() + "\n"
