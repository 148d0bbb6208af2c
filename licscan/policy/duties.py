"""Duties a use sets off: attribution, notices, naming prefixes, and which models a duty covers."""

from __future__ import annotations

from licscan.database.models import Obligation
from licscan.policy.collector import Collector
from licscan.policy.interface import Subject
from licscan.policy.model import Level
from licscan.policy.naming import name_check
from licscan.results import FindingId

OBLIGATION_FINDING: dict[str, FindingId] = {
    "attribution": "attribution-required",
    "naming-prefix": "naming-required",
    "notice": "notice-required",
    "license-copy": "notice-required",
    "modification-notice": "notice-required",
    "source-code": "notice-required",
    "use-restrictions-passthrough": "notice-required",
}


def covers_model(ob: Obligation, subject: Subject) -> bool:
    """A duty scoped by the license's definition (a multimodal NVIDIA Cosmos Model) binds a model of that
    modality through its lineage, and one whose modality no card states (fail closed)."""
    if ob.models is None:
        return True
    return subject.modality in ob.models.modalities or subject.modality_undecided


def report_duty(out: Collector, name: str, key: str, ob: Obligation, level: Level, derivative_name: str | None) -> None:
    finding = OBLIGATION_FINDING[ob.kind]
    if ob.kind == "naming-prefix" and ob.text and derivative_name:
        problem = name_check(derivative_name, ob.text, ob.licensor)
        if problem is None:
            return
        out.add(
            finding,
            level,
            key,
            f'{problem} {name} requires it: "{ob.clause.quote}" (§{ob.clause.section}).',
            f"Rename the derivative to begin with {ob.text!r} (e.g. {ob.text}-{derivative_name}), or have legal "
            "approve the name and record it as a policy exception.",
            ob.clause,
        )
        return
    out.add(finding, level, key, f"{name}: {ob.summary}", duty_fix(ob), ob.clause)


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
    if ob.kind == "source-code":
        return "Make the corresponding source available under the same license."
    return "Carry out the duty described in the clause when you distribute."
