"""The policy engine: an organisation's intended use against the terms of every license that binds a model.

Each binding license is judged by the table of rules in `rules.py`, one per kind of term; the engine only walks the
licenses, applies the dataset cap and collects the findings and the duties due."""

from __future__ import annotations

from dataclasses import dataclass, field

from licscan.catalogue import SAYS
from licscan.conclude import Bound
from licscan.database import Database
from licscan.database.models import AppliedLicense, LicenseEntry
from licscan.policy.context import Context, active_triggers
from licscan.policy.duties import OBLIGATION_FINDING, duty_fix
from licscan.policy.interface import APPLIED_BY, Subject
from licscan.policy.model import IntendedUse, Level, Policy
from licscan.policy.regions import in_regions
from licscan.policy.rules import RULES
from licscan.results import SEVERITY_RANK, Duty, Finding, Severity, Verdict

__all__ = ["OBLIGATION_FINDING", "Assessment", "Bound", "Subject", "active_triggers", "assess", "evaluate", "expand"]

# The policy that stands in when none is given: duties are still due under the intended use, at no severity.
NO_POLICY = Policy(name="(no policy)")


@dataclass
class Assessment:
    """What the policy stage decides for one subject: its findings, and the duties the intended use makes due."""

    findings: list[Finding] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)


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
        queue.extend(Bound(a.key, applied_by(b.key, a), b.dataset) for a in applied(entry, b.version))
    return out


def applied(entry: LicenseEntry, version: str | None) -> list[AppliedLicense]:
    """The other licenses an entry's text applies to the model: those of its text version (all when unknown)."""
    return [a for a in entry.terms.applies if not a.versions or version is None or version in a.versions]


def applied_by(key: str, a: AppliedLicense) -> str:
    """How an applied license binds, in words, with the condition of the text read as met."""
    only = f", for the models '{a.condition.quote}', taken to be one" if a.condition is not None else ""
    return f"{APPLIED_BY}{key} §{a.clause.section}{only}"


def _cap(severity: Severity, cap: Level) -> Severity:
    return severity if SEVERITY_RANK[severity] <= SEVERITY_RANK[cap] else cap


def _judged(entry: LicenseEntry) -> bool:
    """Unknown or unverifiable licenses were reported when the license was concluded; they have no terms to judge."""
    return entry.kind not in ("no-license", "family") and bool(entry.texts)


def assess(subject: Subject, policy: Policy | None, use: IntendedUse | None, db: Database) -> Assessment:
    """Every finding for the subject (the license-level ones, then the conflicts with the intended use) and the
    duties due. Without a policy, the findings list every duty of the licenses as information."""
    result = Assessment(findings=list(subject.prior))
    bound = expand(subject.bound, db)
    use = use or IntendedUse()
    for b, entry in bound:
        if not _judged(entry):
            continue
        ctx = Context(subject, b, entry, policy or NO_POLICY, use)
        result.duties.extend(ctx.duties)
        if policy is None:
            result.findings.extend(_listing(ctx))
            continue
        found = [f for rule in RULES for f in rule(ctx)]
        if b.dataset:
            note = f" (dataset license, via {b.via}: whether it binds the model is contested)"
            level = policy.rules.dataset_licenses
            found = [
                f.model_copy(update={"severity": _cap(f.severity, level), "message": f.message + note}) for f in found
            ]
        result.findings.extend(found)
    if policy is not None:
        result.findings.extend(_publisher_region_bar(subject, policy, result.findings))
    return result


def evaluate(subject: Subject, policy: Policy | None, use: IntendedUse | None, db: Database) -> list[Finding]:
    return assess(subject, policy, use, db).findings


def _listing(ctx: Context) -> list[Finding]:
    """Without a policy: every duty of the license that reaches the model, and every policy it cannot check."""
    out = []
    for ob in ctx.entry.terms.obligations:
        reach = ctx.reach(ob)
        if reach is not None:
            found = ctx.say("duty-bare", "info", ob.clause, reach, summary=ob.summary, fix=duty_fix(ob))
            out.append(found.model_copy(update={"id": OBLIGATION_FINDING[ob.kind]}))
    for p in ctx.entry.terms.unavailable_policies:
        out.append(ctx.say("unavailable-policy-bare", "info", p.clause, policy=p.name))
    return out


def _publisher_region_bar(subject: Subject, policy: Policy, findings: list[Finding]) -> list[Finding]:
    """The card's extra_gated_eu_disallowed, when no license clause already withholds the EU."""
    if not (subject.eu_disallowed and in_regions(policy.organisation.regions, ["EU"])):
        return []
    if any(f.id == "region-restricted" and f.severity == "error" for f in findings):
        return []
    message, remediation = SAYS["publisher-eu"].render()
    return [
        Finding(
            id="region-restricted",
            severity="error",
            model=subject.model,
            license=subject.license,
            message=message,
            remediation=remediation,
        )
    ]


def verdict(findings: list[Finding], fail_on: str) -> Verdict:
    """`error` when a document the verdict depends on could not be read (an unwaived `fetch-error` at error
    severity); else `fail` when an unwaived finding is at or above `fail_on`; else `pass`."""
    if any(f.read_failed and f.waived is None for f in findings):
        return "error"
    return "fail" if failing(findings, fail_on) else "pass"


def failing(findings: list[Finding], fail_on: str) -> list[Finding]:
    """The findings that fail a model: unwaived, at or above `fail_on`. What a run names when it exits 1."""
    floor = SEVERITY_RANK[fail_on]
    return [f for f in findings if f.waived is None and SEVERITY_RANK[f.severity] >= floor]
