"""The policy engine: an organisation's intended use against the terms of every license that binds a model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from licscan.database import Database
from licscan.database.models import Clause, LicenseEntry, Obligation
from licscan.policy.model import IntendedUse, Level, Organisation, Policy
from licscan.policy.regions import in_regions
from licscan.results import SEVERITY_RANK, CitedClause, Finding, FindingId, Severity, Verdict

OBLIGATION_FINDING: dict[str, FindingId] = {
    "attribution": "attribution-required",
    "naming-prefix": "naming-required",
    "notice": "notice-required",
    "license-copy": "notice-required",
    "modification-notice": "notice-required",
    "source-code": "notice-required",
    "use-restrictions-passthrough": "notice-required",
}


@dataclass(frozen=True)
class Bound:
    """A license whose terms bind the model, and why."""

    key: str
    via: str = "own license"
    dataset: bool = False


@dataclass(frozen=True)
class Subject:
    """What the engine judges: one model, its concluded license and everything else that binds it."""

    model: str
    license: str | None
    bound: tuple[Bound, ...]
    modality: str | None = None
    eu_disallowed: bool = False
    derivative_name: str | None = None
    prior: tuple[Finding, ...] = ()
    judged: bool = True


@dataclass
class _Collector:
    subject: Subject
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        id: FindingId,
        severity: Severity,
        license: str | None,
        message: str,
        remediation: str,
        clause: Clause | None = None,
    ) -> None:
        cited = CitedClause(section=clause.section, quote=clause.quote, license=license) if clause else None
        self.findings.append(
            Finding(
                id=id,
                severity=severity,
                model=self.subject.model,
                license=license,
                message=message,
                clause=cited,
                remediation=remediation,
            )
        )


def active_triggers(use: IntendedUse) -> set[str]:
    """The obligation triggers that an intended use sets off."""
    active = {"any-use"}
    if use.distribute_weights:
        active |= {"distribute", "product"}
    if use.hosting:
        active |= {"hosting", "product"}
    if use.fine_tune and use.distribute_weights:
        active.add("derivative")
    if use.train_on_outputs:
        active.add("outputs-training")
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
    out = _Collector(subject)
    out.findings.extend(subject.prior)
    bound = expand(subject.bound, db)
    if policy is None or use is None:
        for _, entry in bound:
            for ob in entry.terms.obligations:
                out.add(
                    OBLIGATION_FINDING[ob.kind],
                    "info",
                    entry.key,
                    f"{entry.name}: {ob.summary}",
                    _obligation_fix(ob),
                    ob.clause,
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


def _publisher_region_bar(out: _Collector, org: Organisation) -> None:
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


def _judge(out: _Collector, b: Bound, entry: LicenseEntry, policy: Policy, use: IntendedUse) -> None:
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
    if t.research_only and (use.commercial or use.hosting or use.distribute_weights):
        out.add(
            "research-only",
            "error",
            key,
            f"{name} is limited to {t.research_only.scope} use: {t.research_only.summary}",
            "Use it only for research or evaluation, get a production license from the licensor, "
            "or choose another model.",
            t.research_only.clause,
        )
    _caps(out, name, key, entry, org)
    if use.train_on_outputs and t.outputs_training and t.outputs_training.status == "banned":
        out.add(
            "outputs-training-ban",
            "error",
            key,
            f"{name} forbids using its outputs to train or improve other models: {t.outputs_training.summary}",
            "Do not train other models on its outputs, or choose a model whose license allows it.",
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
    _regions(out, name, key, entry, org, use)
    wanted = set(use.use_cases)
    for r in t.use_restrictions:
        hit = sorted(wanted.intersection(r.tags))
        if hit:
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
        if triggers.intersection(ob.triggers):
            _obligation(out, name, key, ob, rules.obligations, out.subject.derivative_name)


def _caps(out: _Collector, name: str, key: str, entry: LicenseEntry, org: Organisation) -> None:
    t = entry.terms
    if t.mau_cap:
        cap = t.mau_cap
        if org.monthly_active_users is None:
            out.add(
                "mau-cap",
                "warning",
                key,
                f"{name} has a cap of {cap.limit:,} monthly active users ({cap.measured}); the policy does not "
                "state the organisation's monthly active users.",
                "Set organisation.monthly_active_users in the policy.",
                cap.clause,
            )
        elif org.monthly_active_users > cap.limit:
            out.add(
                "mau-cap",
                "error",
                key,
                f"At {org.monthly_active_users:,} monthly active users the organisation is above the "
                f"{cap.limit:,} cap of {name}: {cap.consequence}.",
                "Request a license from the licensor before use (and record it as a policy exception), "
                "or choose another model.",
                cap.clause,
            )
    if t.revenue_cap:
        rev = t.revenue_cap
        if org.annual_revenue_usd is None or rev.currency.upper() != "USD":
            out.add(
                "revenue-cap",
                "warning",
                key,
                f"{name} has a revenue threshold of {rev.currency} {rev.amount:,} ({rev.period}); "
                + (
                    "the policy does not state the organisation's annual revenue."
                    if org.annual_revenue_usd is None
                    else "compare it with the organisation's revenue by hand."
                ),
                "Set organisation.annual_revenue_usd in the policy.",
                rev.clause,
            )
        elif org.annual_revenue_usd > rev.amount:
            out.add(
                "revenue-cap",
                "error",
                key,
                f"An annual revenue of USD {org.annual_revenue_usd:,} exceeds the USD {rev.amount:,} threshold of "
                f"{name}: {rev.consequence}.",
                "Obtain an enterprise license from the licensor, or choose another model.",
                rev.clause,
            )


def _regions(out: _Collector, name: str, key: str, entry: LicenseEntry, org: Organisation, use: IntendedUse) -> None:
    modality = out.subject.modality
    for r in entry.terms.region_restrictions:
        if not in_regions(org.regions, r.regions):
            continue
        if r.modalities and modality is None:
            out.add(
                "region-restricted",
                "warning",
                key,
                f"{name} withholds rights in {', '.join(r.regions)} for {', '.join(r.modalities)} models, and the "
                "model's modality is unknown (no pipeline_tag): check whether it is multimodal.",
                "Confirm the model's modality; if it is multimodal, choose another model.",
                r.clause,
            )
        elif not r.modalities or modality in r.modalities:
            exempt = f" Exempt: {r.exempt}." if r.exempt else ""
            out.add(
                "region-restricted",
                "error",
                key,
                f"{name}: {r.summary} The organisation is in {', '.join(org.regions)} and the model is "
                f"{modality or 'covered'}.{exempt}",
                "Choose another model (a text-only variant, where the clause covers multimodal models only), "
                "or get the licensor's consent.",
                r.clause,
            )


def _obligation(
    out: _Collector, name: str, key: str, ob: Obligation, level: Level, derivative_name: str | None
) -> None:
    finding = OBLIGATION_FINDING[ob.kind]
    if ob.kind == "naming-prefix" and ob.text and derivative_name:
        if _name_key(derivative_name).startswith(_name_key(ob.text)):
            return
        out.add(
            finding,
            "error",
            key,
            f"The derivative name {derivative_name!r} does not begin with {ob.text!r}, as {name} requires.",
            f"Rename the derivative to begin with {ob.text!r} (e.g. {ob.text}-{derivative_name}).",
            ob.clause,
        )
        return
    out.add(finding, level, key, f"{name}: {ob.summary}", _obligation_fix(ob), ob.clause)


def _obligation_fix(ob: Obligation) -> str:
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


def verdict(findings: list[Finding], fail_on: str, judged: bool = True) -> Verdict:
    if not judged:
        return "error"
    floor = SEVERITY_RANK[fail_on]
    failing = any(f.waived is None and SEVERITY_RANK[f.severity] >= floor for f in findings)
    return "fail" if failing else "pass"


def _name_key(name: str) -> str:
    """Names compared as words: "Llama-3-8B" begins with "Llama 3"."""
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))
