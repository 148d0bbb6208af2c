"""The policy stage as the scanner calls it: license-level findings re-levelled by the rules, then the engine."""

from __future__ import annotations

from collections.abc import Sequence

from licscan.conclude import Bound
from licscan.database import Database
from licscan.policy.engine import Assessment, assess
from licscan.policy.interface import Subject
from licscan.policy.modality import lineage_modality
from licscan.policy.model import IntendedUse, IntendedUseOverride, Policy
from licscan.results import Finding
from licscan.sources.interface import CardMetadata

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


def intended_use(policy: Policy | None, override: IntendedUseOverride | None) -> IntendedUse:
    """The policy's intended use with a manifest model's `use:` overrides applied; without a policy, the overrides
    alone (on the defaults: commercial use, nothing shared)."""
    base = policy.intended_use if policy is not None else IntendedUse()
    return override.apply(base) if override else base


def judge(subject: Subject, policy: Policy | None, override: IntendedUseOverride | None, db: Database) -> Assessment:
    """Every finding for the subject under the policy (or the bare duties, without one), and the duties due."""
    prior = tuple(relevel(subject.prior, policy))
    use = intended_use(policy, override)
    return assess(Subject(**{**subject.__dict__, "prior": prior}), policy, use, db)


def subject_of(
    model: str,
    card: CardMetadata,
    bases: Sequence[tuple[str, CardMetadata | None]],
    license: str | None,
    bound: tuple[Bound, ...],
    derivative_name: str | None,
    prior: Sequence[Finding],
) -> Subject:
    """The subject to judge: the model with what its own card and its bases' cards say (None: a base not read)."""
    cards = [(model, card), *((ref, c) for ref, c in bases if c is not None)]
    # A base that could not be read says nothing about its modality: it counts as unknown, not as text.
    unread = [(ref, None, ()) for ref, c in bases if c is None]
    modality, unknown = lineage_modality([*((ref, c.pipeline_tag, c.tags) for ref, c in cards), *unread])
    return Subject(
        model=model,
        license=license,
        bound=bound,
        modality=modality,
        eu_disallowed=card.eu_disallowed,
        derivative_name=derivative_name,
        prior=tuple(prior),
        modality_unknown=unknown,
        lineage=tuple(ref for ref, _ in bases),
        tags=tuple(dict.fromkeys(t for _, c in cards for t in c.tags)),
    )
