"""One small rule per kind of term: what the term's fields say about one operation. No rule reads `summary` or
`notes`; every word of a condition comes from a field, and every condition cites its clause.

`RULES` has an entry for every field of `LicenseTerms` (a test holds it to that), so that a kind of term added to the
schema is either read here or deliberately said to add nothing to the rights view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from licscan.database.models import (
    AppliedLicense,
    Clause,
    CommercialUse,
    Definition,
    Derivatives,
    Distillation,
    Distribution,
    Hosting,
    LicenseEntry,
    MauCap,
    Obligation,
    OutputsTraining,
    RegionRestriction,
    Registration,
    ResearchOnly,
    RevenueCap,
    ShareAlike,
    Term,
    Termination,
    UnavailablePolicy,
    UseRestriction,
)
from licscan.policy.context import Context, active_triggers
from licscan.policy.model import Policy
from licscan.results import CitedClause
from licscan.rights.interface import Effect, LicenseView, Operation, RightsVerdict
from licscan.rights.operations import when

Rule = Callable[[Any, Operation, LicenseView], list[Effect]]
_ACTS = ("use", "hosting", "distribute", "derivative", "outputs")


def cite(clause: Clause, entry: LicenseEntry) -> CitedClause:
    return CitedClause(section=clause.section, quote=clause.quote, license=entry.key)


def _effect(verdict: RightsVerdict, text: str, term: Term, lic: LicenseView) -> Effect:
    return Effect(verdict, text, cite(term.clause, lic.entry), lic.entry.key)


# Triggers are read without a policy: an unknown size is taken as met, as the engine does for an unset figure.
NO_POLICY = Policy(name="rights: no policy")


def triggers_of(op: Operation, lic: LicenseView, hosted: bool = True) -> frozenset[str]:
    """What the operation sets off under this license, as the policy engine reads it (its definitions included: a
    hosted service that is Distribution, a student that is a derivative). A row that may be commercial or not is
    read as commercial; a duty it sets off only so is then said to be for commercial purposes."""
    update: dict[str, bool] = {"commercial": op.commercial is not False}
    if not hosted:
        update["hosting"] = False
    use = op.use.model_copy(update=update)
    return frozenset(active_triggers(use, Context(lic.subject, lic.bound, lic.entry, NO_POLICY, use)))


def _set_off(
    term_triggers: Sequence[str], op: Operation, lic: LicenseView, hosted: bool = True
) -> tuple[set[str], str]:
    """The triggers of a duty the operation sets off, and 'for commercial purposes: ' when only commerce does."""
    hit = set(triggers_of(op, lic, hosted).intersection(term_triggers))
    only_commerce = op.commercial is None and hit == {"commercial"}
    return hit, "for commercial purposes: " if only_commerce else ""


def for_models(modalities: Sequence[str], lic: LicenseView) -> str:
    """'for multimodal models', and whether this model's modality could not be decided."""
    undecided = "; this model's modality is not stated" if lic.has_model and lic.modality_undecided else ""
    return f"for {', '.join(modalities)} models{undecided}"


def _commercial_use(term: CommercialUse, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind not in _ACTS or op.commercial is False:
        return []
    if term.status == "not-allowed":
        if op.commercial:
            return [_effect("not-allowed", "no commercial use", term, lic)]
        return [Effect("conditional", "not for commercial purposes", cite(term.clause, lic.entry), lic.entry.key, True)]
    has_cap = lic.entry.terms.mau_cap is not None or lic.entry.terms.revenue_cap is not None
    if term.status == "conditional" and op.commercial and not has_cap:
        return [_effect("conditional", "commercial use only on the conditions of the clause quoted", term, lic)]
    return []


def _mau_cap(term: MauCap, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind not in _ACTS:
        return []
    whose = "the licensee and its affiliates" if term.counts == "organisation" else "the product or service"
    when_counted = " on the model version's release date" if term.at_release_date else ""
    most = "fewer than" if term.at_least else "at most"
    counted = "visits (not users)" if term.unit == "visits" else "monthly active users"
    text = f"{whose} had {most} {term.limit:,} {counted}{when_counted}; above that: {term.consequence}"
    return [_effect("conditional", text, term, lic)]


def _revenue_cap(term: RevenueCap, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind not in _ACTS:
        return []
    most = "below" if term.at_least else "at most"
    text = f"{term.period} {most} {term.currency} {term.amount:,} per {term.per}; above that: {term.consequence}"
    return [_effect("conditional", text, term, lic)]


def _outputs_training(term: OutputsTraining, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind != "outputs" or op.student is None:
        return []
    if term.status == "banned":
        if op.student not in term.covers:
            return []
        if term.competing_only:
            return [_effect("conditional", "the trained model does not compete with this model", term, lic)]
        return [_effect("not-allowed", f"no training of a {op.student} on its outputs", term, lic)]
    words = {
        "naming-prefix": "the trained model carries the required name prefix when it is shared (see duty-naming)",
        "attribution": "the trained model carries the required attribution",
        "derivative-status": "the trained model counts as a derivative under this license",
        "same-license": "the trained model is released under this license",
        "non-commercial": "not for commercial purposes",
    }
    return [_effect("conditional", words[c], term, lic) for c in term.conditions]


def _hosting(term: Hosting, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind != "hosting":
        return []
    if term.status == "not-allowed":
        return [_effect("not-allowed", "not offered to third parties as a service", term, lic)]
    if term.status == "conditional":
        # `conditions` are plain words for people; the clause quoted is what the row rests on.
        return [_effect("conditional", "offered as a service only on the conditions of the clause quoted", term, lic)]
    return []


def _hosting_is_distribution(term: Definition, op: Operation, lic: LicenseView) -> list[Effect]:
    # Read by triggers_of: it makes the distribution duties reach a hosted service; on its own it allows nothing.
    return []


def _distillation(term: Distillation, op: Operation, lic: LicenseView) -> list[Effect]:
    # The duties it sets off are read by triggers_of (the engine's active_triggers); this row says why they apply.
    if op.kind != "outputs" or op.student not in term.students:
        return []
    text = "the trained model is a derivative of this model (distillation): its duties apply when it is shared"
    if term.purpose:
        text += f"; whether it is made {term.purpose!r} is a question of fact, here taken as met"
    return [_effect("conditional", text, term, lic)]


def _distribution(term: Distribution, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind not in ("distribute", "derivative"):
        return []
    if term.status == "not-allowed":
        return [_effect("not-allowed", "not distributed to others (without a separate agreement)", term, lic)]
    if term.status == "conditional":
        return [_effect("conditional", "distributed only on the conditions of the clause quoted", term, lic)]
    return []


_DUTY_WORDS: dict[str, str] = {
    "license-copy": "give a copy of the license with it",
    "modification-notice": "mark the files you changed",
    "source-code": "make the source code available",
    "use-restrictions-passthrough": "carry the use restrictions into the terms you pass it on under",
    "conduct": "use it and handle its outputs as the clause quoted requires",
}


def duty_text(ob: Obligation) -> str:
    """What an obligation asks, from its kind and its required wording."""
    if ob.kind == "naming-prefix":
        # As the one naming rule (policy/naming.py) reads it: a name led by the licensor does not begin so.
        licensor = f' (not "{ob.licensor}-{ob.text}...")' if ob.licensor and ob.text else ""
        return f'the model\'s name begins with "{ob.text}"{licensor}' if ob.text else "the name carries the prefix"
    if ob.kind == "attribution":
        return f'display "{ob.text}"' if ob.text else "give the required attribution"
    if ob.kind == "notice":
        return f'keep the notice "{ob.text}"' if ob.text else "keep the copyright and attribution notices"
    return _DUTY_WORDS[ob.kind]


def _obligation(term: Obligation, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind == "duty":
        if term.kind not in op.duties:
            return []
        hosted = " (not through a hosted service)" if term.excludes_hosted else ""
        return [_effect("conditional", f"{duty_text(term)}, {when(term.triggers)}{hosted}", term, lic)]
    # A duty the text excepts from a hosted service is not set off by hosting, whatever hosting is defined as.
    hit, scope = _set_off(term.triggers, op, lic, hosted=not term.excludes_hosted)
    if not hit or op.kind in ("places", "acceptable-use"):
        return []
    return [_effect("conditional", f"{scope}{duty_text(term)}, {when(hit)}", term, lic)]


def _derivatives(term: Derivatives, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind != "derivative":
        return []
    if term.sharing == "not-allowed":
        return [_effect("not-allowed", "no sharing of modified versions", term, lic)]
    out = []
    if term.inherit_restrictions:
        out.append(_effect("conditional", "the modified model stays bound by these terms", term, lic))
    if term.pass_on_use_restrictions:
        text = "the use restrictions go into the terms you pass the modified model on under"
        out.append(_effect("conditional", text, term, lic))
    return out


def _use_restriction(term: UseRestriction, op: Operation, lic: LicenseView) -> list[Effect]:
    tagged = sorted(lic.tags.intersection(t.lower() for t in term.model_tags))
    if tagged and op.kind in _ACTS:
        text = f"review: the model (or a base) is tagged {', '.join(tagged)}, the act this item prohibits"
        return [_effect("review", text, term, lic)]
    if op.kind != "acceptable-use":
        return []
    if term.qualifier:
        text = f"review: {', '.join(term.tags)}, where it is {term.qualifier!r}"
        if term.qualifier_clause is not None:
            text += f" (§{term.qualifier_clause.section})"
        return [_effect("review", text, term, lic)]
    return [_effect("conditional", f"not for: {', '.join(term.tags)}", term, lic)]


def _region_restriction(term: RegionRestriction, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind != "places":
        return []
    decided = lic.modality is not None and not lic.modality_undecided
    if term.modalities and decided and lic.modality not in term.modalities:
        return []
    places = ", ".join(term.regions)
    text = {
        "domicile": f"the licensee is not domiciled in {places}",
        "use": f"not used, nor its outputs or the product offered, in {places}",
        "distribution": f"not distributed in {places}",
    }[term.scope]
    if term.modalities and (lic.modality is None or lic.modality_undecided):
        text += f" ({for_models(term.modalities, lic)})"
    if term.exempt:
        text += f"; exempt: {term.exempt}"
    return [_effect("conditional", text, term, lic)]


def _share_alike(term: ShareAlike, op: Operation, lic: LicenseView) -> list[Effect]:
    hit, scope = _set_off(term.triggers, op, lic)
    if op.kind not in _ACTS or not hit:
        return []
    return [_effect("conditional", f"{scope}release {term.scope} under the same terms", term, lic)]


_ENDS_ON = {
    "litigation": "bringing a claim against the licensor over the model",
    "guardrail-bypass": "bypassing its guardrails",
    "breach": "a breach of the terms",
    "other": "what the clause names",
}


def _termination(term: Termination, op: Operation, lic: LicenseView) -> list[Effect]:
    tagged = sorted(lic.tags.intersection(t.lower() for t in term.model_tags))
    if tagged and op.kind in _ACTS:
        text = f"the model (or a base) is tagged {', '.join(tagged)}: the rights ended on {_ENDS_ON[term.trigger]}"
        return [_effect("not-allowed", text, term, lic)]
    if op.kind != "acceptable-use":
        return []
    text = f"the rights end on {_ENDS_ON[term.trigger]}"
    if term.use_cases:
        text += f" (use cases: {', '.join(term.use_cases)})"
    return [_effect("conditional", text, term, lic)]


def _research_only(term: ResearchOnly, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind not in _ACTS:
        return []
    if op.commercial:
        return [_effect("not-allowed", f"{term.scope} use only", term, lic)]
    if op.kind == "use" or op.kind == "outputs":
        return [_effect("conditional", f"{term.scope} use only", term, lic)]
    shareable = term.sharing == "copies-and-services" or (term.sharing == "copies" and op.kind != "hosting")
    if not shareable:
        return [_effect("not-allowed", f"{term.scope} use only; not shared with others", term, lic)]
    return [_effect("conditional", "not for commercial purposes", term, lic)]


def _registration(term: Registration, op: Operation, lic: LicenseView) -> list[Effect]:
    if op.kind == "duty":
        if op.id != "duty-registration":
            return []
        return [_effect("conditional", f"register or apply with the licensor first, {when(term.triggers)}", term, lic)]
    hit, scope = _set_off(term.triggers, op, lic)
    if op.kind not in _ACTS or not hit:
        return []
    return [_effect("conditional", f"{scope}register or apply with the licensor first", term, lic)]


def _unavailable_policy(term: UnavailablePolicy, op: Operation, lic: LicenseView) -> list[Effect]:
    governed = (
        ("use-cases" in term.governs and op.kind in ("use", "acceptable-use"))
        or ("hosting" in term.governs and op.kind == "hosting")
        or ("distribute" in term.governs and op.kind in ("distribute", "derivative"))
    )
    if not governed:
        return []
    text = f"review: the {term.name} applies, and licscan has no text of it" + (f" ({term.url})" if term.url else "")
    return [_effect("review", text, term, lic)]


def _applied(term: AppliedLicense, op: Operation, lic: LicenseView) -> list[Effect]:
    # The applied license binds beside this one (policy.engine.expand): its own terms make its rows.
    return []


RULES: dict[str, Rule] = {
    "commercial_use": _commercial_use,
    "mau_cap": _mau_cap,
    "revenue_cap": _revenue_cap,
    "outputs_training": _outputs_training,
    "hosting": _hosting,
    "hosting_is_distribution": _hosting_is_distribution,
    "distillation": _distillation,
    "distribution": _distribution,
    "obligations": _obligation,
    "derivatives": _derivatives,
    "use_restrictions": _use_restriction,
    "region_restrictions": _region_restriction,
    "share_alike": _share_alike,
    "termination": _termination,
    "research_only": _research_only,
    "registration": _registration,
    "unavailable_policies": _unavailable_policy,
    "applies": _applied,
}
