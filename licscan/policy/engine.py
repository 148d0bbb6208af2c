"""The policy engine: an organisation's intended use against the terms of every license that binds a model."""

from __future__ import annotations

from licscan.conclude import Bound
from licscan.database import Database
from licscan.database.models import LicenseEntry, OutputsTraining, UnavailablePolicy
from licscan.policy.collector import Collector
from licscan.policy.duties import OBLIGATION_FINDING, covers_model, duty_fix, report_duty
from licscan.policy.interface import Subject
from licscan.policy.limits import check_caps, check_regions
from licscan.policy.model import IntendedUse, Level, Organisation, OutputsUse, Policy
from licscan.policy.regions import in_regions
from licscan.results import SEVERITY_RANK, Finding, Severity, Verdict

__all__ = ["OBLIGATION_FINDING", "Bound", "Subject", "active_triggers", "evaluate", "expand", "verdict"]


def active_triggers(use: IntendedUse) -> set[str]:
    """The obligation triggers that an intended use sets off."""
    active = {"any-use"}
    if use.commercial:
        active.add("commercial")
    if use.distribute_weights:
        active |= {"distribute", "product"}
    if use.hosting:
        active |= {"hosting", "product"}
    if use.fine_tune:
        active.add("modify")
    if use.fine_tune and use.distribute_weights:
        active.add("derivative")
    # "distributed or made available": a fine-tune offered as a service is made available without being shipped.
    if use.fine_tune and use.hosting:
        active.add("derivative-hosted")
    outputs = use.outputs_use()
    if outputs is not None:
        active.add("outputs-training")
        if outputs.distributed:
            active.add("outputs-model-shared")
    return active


def expand(bound: tuple[Bound, ...], db: Database) -> list[tuple[Bound, LicenseEntry]]:
    """Each binding license with its entry, plus the use policies each incorporates; first occurrence wins."""
    seen: set[str] = set()
    out: list[tuple[Bound, LicenseEntry]] = []
    queue = list(bound)
    while queue:
        b = queue.pop(0)
        entry = db.get(b.key)
        if entry is None or b.key in seen:
            continue
        seen.add(b.key)
        out.append((b, entry))
        queue.extend(Bound(k, f"incorporated by {b.key}", b.dataset) for k in entry.incorporates)
    return out


def _cap(severity: Severity, cap: Level) -> Severity:
    return severity if SEVERITY_RANK[severity] <= SEVERITY_RANK[cap] else cap


def evaluate(subject: Subject, policy: Policy | None, use: IntendedUse | None, db: Database) -> list[Finding]:
    """Every finding for the subject: the license-level ones, then the conflicts with the intended use."""
    out = Collector(subject)
    out.findings.extend(subject.prior)
    bound = expand(subject.bound, db)
    if policy is None or use is None:
        for _, entry in bound:
            for ob in entry.terms.obligations:
                if not covers_model(ob, subject):
                    continue
                out.add(
                    OBLIGATION_FINDING[ob.kind],
                    "info",
                    entry.key,
                    f"{entry.name}: {ob.summary}",
                    duty_fix(ob),
                    ob.clause,
                )
            for unavailable in entry.terms.unavailable_policies:
                out.add(
                    "use-restriction",
                    "info",
                    entry.key,
                    f"{entry.name} incorporates the {unavailable.name}, which licscan has no text of: no use of the "
                    "model can be checked against it.",
                    f"Have legal read the {unavailable.name} against the intended use.",
                    unavailable.clause,
                )
        return out.findings
    for b, entry in bound:
        before = len(out.findings)
        _judge(out, b, entry, policy, use)
        if b.dataset:
            cap = policy.rules.dataset_licenses
            for i in range(before, len(out.findings)):
                f = out.findings[i]
                note = f" (dataset license, via {b.via}: whether it binds the model is contested)"
                out.findings[i] = f.model_copy(update={"severity": _cap(f.severity, cap), "message": f.message + note})
    _publisher_region_bar(out, policy.organisation)
    return out.findings


def _publisher_region_bar(out: Collector, org: Organisation) -> None:
    """The card's extra_gated_eu_disallowed, when no license clause already withholds the EU."""
    if not (out.subject.eu_disallowed and in_regions(org.regions, ["EU"])):
        return
    if any(f.id == "region-restricted" and f.severity == "error" for f in out.findings):
        return
    out.add(
        "region-restricted",
        "error",
        out.subject.license,
        "The model card sets extra_gated_eu_disallowed: the publisher does not grant access from the EU, "
        "and the organisation is in the EU.",
        "Choose another model, or get the publisher's written consent.",
    )


def _judge(out: Collector, b: Bound, entry: LicenseEntry, policy: Policy, use: IntendedUse) -> None:
    rules, org, t, key = policy.rules, policy.organisation, entry.terms, entry.key
    via = "" if b.via == "own license" else f" ({b.via})"
    name = f"{entry.name}{via}"
    if entry.kind in ("no-license", "family") or (not entry.texts and entry.kind == "license"):
        return  # Unknown or unverifiable licenses were reported when the license was concluded.
    if any(db_key == key for db_key in rules.deny_licenses):
        out.add("denied-license", "error", key, f"{name} is on the policy's deny list.", "Choose another model.")
    if rules.allow_licenses and entry.kind == "license" and key not in rules.allow_licenses:
        out.add(
            "not-allowlisted",
            "error",
            key,
            f"{name} is not on the policy's allow list.",
            "Get legal approval and add the license to allow_licenses, or choose another model.",
        )
    if use.commercial and t.commercial_use and t.commercial_use.status == "not-allowed":
        out.add(
            "non-commercial",
            "error",
            key,
            f"{name} does not permit commercial use, and the intended use is commercial.",
            "Obtain a commercial license from the licensor, or choose another model.",
            t.commercial_use.clause,
        )
    # A research license that lets non-commercial copies (or services) be shared is not broken by sharing them so.
    sharing = t.research_only.sharing if t.research_only else "not-allowed"
    unshareable = (use.distribute_weights and sharing == "not-allowed") or (
        use.hosting and sharing != "copies-and-services"
    )
    if t.research_only and (use.commercial or unshareable):
        out.add(
            "research-only",
            "error",
            key,
            f"{name} is limited to {t.research_only.scope} use: {t.research_only.summary}",
            "Use it only for research or evaluation, get a production license from the licensor, "
            "or choose another model.",
            t.research_only.clause,
        )
    check_caps(out, name, key, entry, org, use)
    outputs = use.outputs_use()
    if outputs is not None and t.outputs_training and t.outputs_training.status == "banned":
        _outputs_ban(out, name, key, t.outputs_training, outputs)
    elif (
        outputs is not None
        and use.commercial
        and t.outputs_training
        and t.outputs_training.status == "conditional"
        and "non-commercial" in t.outputs_training.conditions
    ):
        out.add(
            "outputs-training-ban",
            "error",
            key,
            f"{name} allows training on its outputs for non-commercial purposes only, and the intended use is "
            f"commercial: {t.outputs_training.summary}",
            "Keep the training non-commercial, get a commercial license, or choose another model.",
            t.outputs_training.clause,
        )
    if use.hosting and t.hosting and t.hosting.status != "allowed":
        out.add(
            "hosting-restricted",
            "error" if t.hosting.status == "not-allowed" else "warning",
            key,
            f"{name} restricts offering the model as a service: {t.hosting.summary}",
            "Do not host it for third parties without a separate agreement with the licensor, or choose another model.",
            t.hosting.clause,
        )
    check_regions(out, name, key, entry, org, use)
    wanted = set(use.use_cases)
    model_tags = {tag.lower() for tag in out.subject.tags}
    for r in t.use_restrictions:
        tagged = sorted(model_tags.intersection(tag.lower() for tag in r.model_tags))
        if tagged:
            out.add(
                "use-restriction",
                "warning",
                key,
                f"Review: the model (or a base) is tagged {', '.join(tagged)}, which says it was made by what "
                f"{name} prohibits: {r.summary} Using or offering it may facilitate that.",
                "Have legal review the model's provenance, or use the original model with its safety measures.",
                r.clause,
            )
        hit = sorted(wanted.intersection(r.tags))
        if hit and r.qualifier:
            out.add(
                "use-restriction",
                "warning",
                key,
                f"Review: intended use case {', '.join(hit)} is permitted by {name} only if lawful / licensed; the "
                f"item bans {r.qualifier!r}: {r.summary}",
                "Have legal confirm the use is lawful (and, for a profession, licensed) where it is offered; record "
                "the approval as a policy exception.",
                r.clause,
            )
        elif hit:
            out.add(
                "use-restriction",
                "error",
                key,
                f"Intended use case {', '.join(hit)} is prohibited by {name}: {r.summary}",
                "Do not use the model for this purpose; choose another model or change the intended use.",
                r.clause,
            )
    triggers = active_triggers(use)
    if t.derivatives and t.derivatives.sharing == "not-allowed" and use.fine_tune and use.distribute_weights:
        out.add(
            "use-restriction",
            "error",
            key,
            f"{name} does not allow sharing derivatives, and the intended use distributes a fine-tuned model: "
            f"{t.derivatives.summary}",
            "Do not distribute modified weights; keep the fine-tune internal, or choose another model.",
            t.derivatives.clause,
        )
    if t.share_alike and triggers.intersection(t.share_alike.triggers):
        out.add(
            "share-alike",
            "warning",
            key,
            f"{name} is share-alike: {t.share_alike.scope} must be released under the same terms.",
            "Release what you distribute under the same license, or do not distribute it.",
            t.share_alike.clause,
        )
    for ob in t.obligations:
        if triggers.intersection(ob.triggers) and covers_model(ob, out.subject):
            report_duty(out, name, key, ob, rules.obligations, out.subject.derivative_name)
    _terminations(out, name, key, entry, use)
    if t.registration and triggers.intersection(t.registration.triggers):
        out.add(
            "registration-required",
            rules.obligations,
            key,
            f"{name} requires registering or applying with the licensor first: {t.registration.summary}",
            "Register or apply with the licensor before this use, and keep the confirmation with the audit record.",
            t.registration.clause,
        )
    for unavailable in t.unavailable_policies:
        touched = _touched(unavailable, use)
        if touched:
            out.add(
                "use-restriction",
                "warning",
                key,
                f"{name} incorporates the {unavailable.name}, which licscan has no text of, so the intended "
                f"{' and '.join(touched)} could not be checked against it.",
                f"Have legal read the {unavailable.name}"
                + (f" ({unavailable.url})" if unavailable.url else "")
                + " against the intended use, and record the approval as a policy exception.",
                unavailable.clause,
            )


def verdict(findings: list[Finding], fail_on: str) -> Verdict:
    """`error` when a document the verdict depends on could not be read (an unwaived `fetch-error` at error
    severity); else `fail` when an unwaived finding is at or above `fail_on`; else `pass`."""
    if any(f.read_failed and f.waived is None for f in findings):
        return "error"
    floor = SEVERITY_RANK[fail_on]
    failing = any(f.waived is None and SEVERITY_RANK[f.severity] >= floor for f in findings)
    return "fail" if failing else "pass"


def _outputs_ban(out: Collector, name: str, key: str, ban: OutputsTraining, outputs: OutputsUse) -> None:
    """A ban on training with outputs reaches only the models its words cover."""
    covered = outputs.student in ban.covers and (outputs.competing or not ban.competing_only)
    what = f"a {'competing' if outputs.competing else 'non-competing'} {outputs.student} model"
    if covered:
        out.add(
            "outputs-training-ban",
            "error",
            key,
            f"{name} forbids using its outputs to train {what}, which the intended use does: {ban.summary}",
            "Do not train that model on its outputs, or choose a model whose license allows it.",
            ban.clause,
        )
        return
    reach = ", ".join(ban.covers) + (" that compete with it" if ban.competing_only else "")
    out.add(
        "outputs-training-ban",
        "info",
        key,
        f"{name} bans training {reach} on its outputs; the intended student, {what}, is outside the ban.",
        "Keep the student as stated in the policy; if it changes, check again.",
        ban.clause,
    )


def _terminations(out: Collector, name: str, key: str, entry: LicenseEntry, use: IntendedUse) -> None:
    """A termination trigger that the intended use pulls, or that making the model already pulled, ends the rights."""
    tags = {t.lower() for t in out.subject.tags}
    for term in entry.terms.termination:
        by_use = sorted(set(use.use_cases).intersection(term.use_cases))
        by_model = sorted(tags.intersection(t.lower() for t in term.model_tags))
        if not (by_use or by_model):
            continue
        why = (
            f"the intended use case {', '.join(by_use)}"
            if by_use
            else f"the model (or a base) is tagged {', '.join(by_model)}"
        )
        out.add(
            "use-restriction",
            "error",
            key,
            f"{name} terminates the rights on {TERMINATION_WORDS[term.trigger]}, and {why}: {term.summary}",
            "Do not use a model whose guardrails were removed, nor remove them; choose the original model or another.",
            term.clause,
        )


TERMINATION_WORDS = {
    "guardrail-bypass": "a bypass of its guardrails",
    "litigation": "litigation against the licensor",
    "breach": "a breach",
    "other": "a use the clause names",
}


def _touched(policy: UnavailablePolicy, use: IntendedUse) -> list[str]:
    touched = []
    if "use-cases" in policy.governs and use.use_cases:
        touched.append(f"use cases ({', '.join(use.use_cases)})")
    if "hosting" in policy.governs and use.hosting:
        touched.append("hosting")
    if "distribute" in policy.governs and use.distribute_weights:
        touched.append("distribution")
    return touched
