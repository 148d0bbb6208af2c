"""Duties as data: which obligations an intended use makes due (each with the trigger that met it and its clause),
and the findings that report them. `notice` and the HTML "What to ship" section render the same list."""

from __future__ import annotations

from typing import Literal

from licscan.catalogue import FindingId
from licscan.database.models import Obligation
from licscan.policy.context import Context
from licscan.policy.naming import name_check
from licscan.results import CitedClause, Duty, Finding

OBLIGATION_FINDING: dict[str, FindingId] = {
    "attribution": "attribution-required",
    "naming-prefix": "naming-required",
    "notice": "notice-required",
    "license-copy": "notice-required",
    "modification-notice": "notice-required",
    "source-code": "notice-required",
    "use-restrictions-passthrough": "notice-required",
    "conduct": "use-restriction",
}


def due_duties(ctx: Context) -> list[Duty]:
    """The obligations of the license that the intended use sets off, in the order the entry lists them.

    A duty tied to publishing results ("In any publication or presentation of results") is not set off by any
    intended use; it is listed by `duties` as information, never due.
    """
    out: list[Duty] = []
    for ob in ctx.entry.terms.obligations:
        active = ctx.unhosted_triggers if ob.excludes_hosted else ctx.triggers
        met = [t for t in ob.triggers if t in active]
        reach = ctx.reach(ob) if met else None
        if reach is None:
            continue
        out.append(_duty(ctx, ob, met[0], active[met[0]], list(reach.notes)))
    return out


def _duty(ctx: Context, ob: Obligation, trigger: str, because: str, notes: list[str]) -> Duty:
    clause = CitedClause(section=ob.clause.section, quote=ob.clause.quote, license=ctx.key)
    status: Literal["to-do", "ok", "violation"] = "to-do"
    message = duty_fix(ob)
    if ob.kind == "naming-prefix" and ob.text:
        name = ctx.subject.derivative_name
        if not name:
            message = (
                f"Name the model you ship so that it begins with {ob.text!r} ({ctx.entry.name}); the manifest gives "
                "no derivative_name to check."
            )
        else:
            problem = name_check(name, ob.text, ob.licensor)
            status = "violation" if problem else "ok"
            message = (
                f"{problem} {ctx.entry.name} requires it: rename it (e.g. {ob.text}-{name.rsplit('/', 1)[-1]})."
                if problem
                else f"The name {name!r} begins with {ob.text!r}, as {ctx.entry.name} requires."
            )
    return Duty(
        kind=ob.kind,
        license=ctx.key,
        trigger=trigger,
        because=because,
        text=ob.text,
        summary=ob.summary,
        status=status,
        message=message,
        notes=notes,
        clause=clause,
    )


def duty_findings(ctx: Context, duties: list[Duty]) -> list[Finding]:
    """One finding per duty due, at the policy's obligations severity; a name that meets its prefix raises none."""
    level = ctx.policy.rules.obligations
    out: list[Finding] = []
    for d in duties:
        suffix = "".join(f" ({n})" for n in d.notes)
        if d.kind == "naming-prefix" and d.status == "violation":
            finding = ctx.say(
                "naming-violation", level, d.clause, problem=d.message, quote=d.clause.quote,
                section=d.clause.section, trigger=d.because, prefix=d.text, derivative=ctx.subject.derivative_name,
            )  # fmt: skip
        elif d.status == "ok":
            continue
        else:
            finding = ctx.say("duty", level, d.clause, summary=d.summary, trigger=d.because, fix=d.message)
        out.append(finding.model_copy(update={"id": OBLIGATION_FINDING[d.kind], "message": finding.message + suffix}))
    return out


def publication_duties(ctx: Context) -> list[Finding]:
    """Duties attached to publishing results: no intended use says it publishes, so they are information."""
    out = []
    for ob in ctx.entry.terms.obligations:
        if "publication" in ob.triggers and ctx.reach(ob) is not None:
            finding = ctx.say("duty-bare", "info", ob.clause, summary=ob.summary, fix=duty_fix(ob))
            out.append(finding.model_copy(update={"id": OBLIGATION_FINDING[ob.kind]}))
    return out


def duty_fix(ob: Obligation) -> str:
    if ob.kind == "attribution":
        return (
            f"Display {ob.text!r} where the license says." if ob.text else "Give the attribution the license asks for."
        )
    if ob.kind == "naming-prefix":
        return f"Begin the name of the derivative model with {ob.text!r}." if ob.text else "Follow the naming rule."
    if ob.kind == "notice" and ob.text:
        return f"Ship a notice file containing: {ob.text}"
    if ob.kind == "license-copy":
        return "Ship a copy of the license agreement with every copy you distribute."
    if ob.kind == "use-restrictions-passthrough":
        return "Include the use restrictions in the agreement under which you pass the model or derivatives on."
    if ob.kind == "conduct":
        return "Do what the clause requires for every use, and keep a record of it for the audit."
    if ob.kind == "source-code":
        return "Make the corresponding source available under the same license."
    return "Carry out the duty described in the clause."
