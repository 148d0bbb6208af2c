"""The rights table: for each operation, what every license that binds the model says, the worst of it deciding.

Conditions every term may carry (text versions, the models it reaches, a size threshold, commercial use only) are
applied here, once, to whatever a term's rule says; the rules in terms.py say only what the term itself means.
"""

from __future__ import annotations

from collections.abc import Iterable

from licscan.conclude import Bound
from licscan.database import Database
from licscan.database.models import LicenseEntry, Term, Threshold
from licscan.policy.engine import expand
from licscan.policy.interface import Subject
from licscan.rights.interface import VERDICT_RANK, Condition, Effect, LicenseView, Operation, RightsRow
from licscan.rights.operations import OPERATIONS
from licscan.rights.terms import RULES, cite, for_models


def views_of(subject: Subject, db: Database) -> list[LicenseView]:
    """Every license that binds the subject (own, bases', datasets', and the policies they incorporate)."""
    return [
        LicenseView(entry=entry, bound=b, subject=subject, has_model=True) for b, entry in expand(subject.bound, db)
    ]


def views_of_entry(entry: LicenseEntry, db: Database) -> list[LicenseView]:
    """One license and the policies it incorporates, with no model: every term of every version is listed."""
    subject = Subject(model=entry.key, license=entry.key, bound=(Bound(entry.key),))
    return [LicenseView(entry=e, bound=b, subject=subject) for b, e in expand(subject.bound, db)]


def unreadable(lic: LicenseView) -> str | None:
    """Why a bound license's terms cannot be read, when they cannot: fail closed on it."""
    entry = lic.entry
    if entry.kind in ("no-license", "family") or (entry.is_license and not entry.texts):
        return f"{entry.name} ({entry.key}, {lic.via}): licscan has no reference text of it, so its terms are unknown"
    return None


def rights(views: list[LicenseView], own: str | None, unknown: Iterable[str] = ()) -> list[RightsRow]:
    """One row per operation. `unknown` holds what was found where no license could be concluded (quoted in each
    row, which is then `unknown`: fail closed)."""
    unknown = list(unknown)
    for lic in views:
        reason = unreadable(lic)
        if reason:
            unknown.append(reason)
    grant = _grant(views, own)
    rows = []
    for op in OPERATIONS:
        effects = [e for lic in views if not unreadable(lic) for e in _license_effects(op, lic)]
        effects += [Effect("unknown", text, None, own or "") for text in unknown]
        rows.append(_row(op, effects, own, grant))
    return rows


def _grant(views: list[LicenseView], own: str | None) -> Condition | None:
    """The own license's grant of commercial use, the clause an `allowed` act rests on."""
    for lic in views:
        cu = lic.entry.terms.commercial_use
        if lic.entry.key == own and cu is not None and cu.status == "allowed":
            return Condition(text="granted", clause=cite(cu.clause, lic.entry))
    return None


def _row(op: Operation, effects: list[Effect], own: str | None, grant: Condition | None) -> RightsRow:
    if not effects:
        clause = grant.clause if grant and op.kind in ("use", "hosting", "distribute", "derivative") else None
        return RightsRow(operation=op.id, label=op.label, verdict="allowed", license=own, clause=clause)
    worst = max(effects, key=lambda e: VERDICT_RANK[e.verdict])
    conditions = list(
        {
            (e.text, e.clause.section if e.clause else "", e.license): Condition(text=e.text, clause=e.clause)
            for e in effects
        }.values()
    )
    return RightsRow(
        operation=op.id,
        label=op.label,
        verdict=worst.verdict,
        license=worst.license or own,
        conditions=conditions,
        clause=worst.clause,
    )


def _license_effects(op: Operation, lic: LicenseView) -> list[Effect]:
    out: list[Effect] = []
    for name, term in lic.entry.terms.items():
        if not _states(term, lic) or not _reaches(term, lic) or (term.commercial_only and op.commercial is False):
            continue
        out.extend(_qualified(e, term, op, lic) for e in RULES[name](term, op, lic))
    return out


def _states(term: Term, lic: LicenseView) -> bool:
    """The term is in the model's text version (or the version is unknown: the strictest reading applies)."""
    return not term.versions or lic.version is None or lic.version in term.versions


def _reaches(term: Term, lic: LicenseView) -> bool:
    """The license's definition reaches the model (or its modality is undecided: then it is listed, qualified)."""
    if term.models is None or not lic.has_model or lic.modality_undecided:
        return True
    return lic.modality in term.models.modalities


def _qualified(effect: Effect, term: Term, op: Operation, lic: LicenseView) -> Effect:
    """The effect with the conditions the term carries besides its meaning, said in its words."""
    verdict, text = effect.verdict, effect.text
    if term.threshold is not None:
        figures = _figures(term.threshold)
        above = f"{'at or above' if term.threshold.at_least else 'above'} {figures}"
        if verdict == "not-allowed":
            within = "below" if term.threshold.at_least else "at most"
            verdict, text = "conditional", f"{within} {figures}; {above}: {text}"
        else:
            text = f"{above}: {text}"
    if term.commercial_only and op.commercial is None and not effect.commercial_scope:
        if verdict == "not-allowed":
            verdict, text = "conditional", f"not for commercial purposes; for commercial purposes: {text}"
        else:
            text = f"for commercial purposes: {text}"
    if term.models is not None and (not lic.has_model or lic.modality_undecided):
        text += f" ({for_models(list(term.models.modalities), lic)}, as §{term.models.definition.section} defines them)"
    if term.versions and lic.version is None:
        text += f" (text version{'s' if len(term.versions) > 1 else ''} {', '.join(term.versions)})"
    if lic.dataset:
        verdict = "review" if verdict == "not-allowed" else verdict
        text += f" (dataset license, {lic.via}: whether it binds the model is contested)"
    elif lic.via != "own license" and not lic.via.startswith("incorporated by") and (lic.has_model or lic.applied):
        text += f" ({lic.entry.key}, {lic.via})"
    return Effect(verdict, text, effect.clause, effect.license, effect.commercial_scope)


def _figures(threshold: Threshold) -> str:
    parts = []
    if threshold.users is not None:
        whose = "in the organisation" if threshold.counts == "organisation" else "in the product"
        parts.append(f"{threshold.users:,} monthly active users {whose}")
    if threshold.revenue is not None:
        parts.append(f"{threshold.currency} {threshold.revenue:,} revenue per {threshold.per}")
    return " or ".join(parts)
