"""The policy stage as the scanner calls it: license-level findings re-levelled by the rules, then the engine."""

from __future__ import annotations

from licscan.database import Database
from licscan.policy.engine import evaluate
from licscan.policy.interface import Subject
from licscan.policy.model import IntendedUse, IntendedUseOverride, Policy
from licscan.results import Finding

PRIOR_RULES = {
    "unknown-license": "unknown_license",
    "modified-license": "modified_license",
    "license-mismatch": "license_mismatch",
    "inherited-license": "inherited_license",
}


def relevel(findings: list[Finding] | tuple[Finding, ...], policy: Policy | None) -> list[Finding]:
    """License-level findings take the severity the policy's rules give them."""
    if policy is None:
        return list(findings)
    out = []
    for f in findings:
        rule = PRIOR_RULES.get(f.id)
        out.append(f.model_copy(update={"severity": getattr(policy.rules, rule)}) if rule else f)
    return out


def intended_use(policy: Policy | None, override: IntendedUseOverride | None) -> IntendedUse | None:
    """The policy's intended use with a manifest model's `use:` overrides applied."""
    if policy is None:
        return None
    return override.apply(policy.intended_use) if override else policy.intended_use


def judge(subject: Subject, policy: Policy | None, override: IntendedUseOverride | None, db: Database) -> list[Finding]:
    """Every finding for the subject under the policy (or the bare duties, without one)."""
    prior = tuple(relevel(subject.prior, policy))
    use = intended_use(policy, override)
    return evaluate(Subject(**{**subject.__dict__, "prior": prior}), policy, use, db)
