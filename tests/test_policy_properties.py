"""Properties of the policy engine over every license and arbitrary policies."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licscan.database import load_database
from licscan.database.models import STUDENT_KINDS
from licscan.database.use_cases import USE_CASE_TAGS
from licscan.policy.engine import Bound, Subject, evaluate, verdict
from licscan.policy.model import IntendedUse, Organisation, OutputsUse, Policy, PolicyException, Rules
from licscan.policy.waivers import WaiverBook
from licscan.results import SEVERITY_RANK

DB = load_database()
KEYS = sorted(DB.entries)
FINDING_IDS = ["mau-cap", "revenue-cap", "non-commercial", "use-restriction", "region-restricted", None]

organisations = st.builds(
    Organisation,
    monthly_active_users=st.none() | st.integers(0, 3_000_000_000),
    annual_revenue_usd=st.none() | st.integers(0, 10**12),
    regions=st.lists(st.sampled_from(["EU", "US", "DE", "FR", "GB", "KR", "CN", "JP"]), max_size=3),
)
uses = st.builds(
    IntendedUse,
    commercial=st.booleans(),
    hosting=st.booleans(),
    distribute_weights=st.booleans(),
    fine_tune=st.booleans(),
    train_on_outputs=st.booleans()
    | st.builds(OutputsUse, student=st.sampled_from(STUDENT_KINDS), competing=st.booleans(), distributed=st.booleans()),
    deployment_regions=st.none() | st.lists(st.sampled_from(["EU", "US", "GB", "KR", "CN", "FR"]), max_size=3),
    product_monthly_active_users=st.none() | st.integers(0, 3_000_000_000),
    use_cases=st.lists(st.sampled_from([*USE_CASE_TAGS, "x-customer-support"]), max_size=4),
)
rules = st.builds(
    Rules,
    allow_licenses=st.lists(st.sampled_from(KEYS), max_size=3),
    deny_licenses=st.lists(st.sampled_from(KEYS), max_size=3),
    obligations=st.sampled_from(["error", "warning", "info"]),
    dataset_licenses=st.sampled_from(["error", "warning", "info"]),
)
policies = st.builds(Policy, name=st.just("generated"), organisation=organisations, intended_use=uses, rules=rules)
subjects = st.builds(
    Subject,
    model=st.sampled_from(["org/model", "meta-llama/Llama-3.1-8B", "x"]),
    license=st.sampled_from(KEYS),
    bound=st.lists(
        st.builds(Bound, key=st.sampled_from(KEYS), via=st.just("base model"), dataset=st.booleans()), max_size=3
    ).map(tuple),
    modality=st.sampled_from([None, "text", "multimodal", "image"]),
    eu_disallowed=st.booleans(),
    derivative_name=st.none() | st.sampled_from(["Llama-Acme", "Acme", "Qwen-x", ""]),
    modality_unknown=st.lists(st.sampled_from(["org/base", "org/model"]), max_size=2).map(tuple),
    lineage=st.lists(st.sampled_from(["nvidia/Cosmos-Predict2-2B", "meta-llama/Llama-3.2-1B"]), max_size=2).map(tuple),
    tags=st.lists(st.sampled_from(["uncensored", "llama", "text-generation"]), max_size=2).map(tuple),
)
waivers = st.builds(
    PolicyException,
    model=st.sampled_from(["*", "org/*", "org/model", "nobody/*"]),
    finding=st.sampled_from(FINDING_IDS),
    reason=st.just("approved"),
    approved_by=st.just("legal@example.com"),
    expires=st.sampled_from([dt.date(2020, 1, 1), dt.date(2099, 1, 1)]),
)


@settings(max_examples=300, deadline=None)
@given(subject=subjects, policy=policies, fail_on=st.sampled_from(["error", "warning"]))
def test_no_combination_of_policy_and_terms_crashes_the_engine(subject: Subject, policy: Policy, fail_on: str) -> None:
    subject = Subject(**{**subject.__dict__, "bound": (Bound(subject.license or "mit"), *subject.bound)})
    findings = evaluate(subject, policy, policy.intended_use, DB)
    assert verdict(findings, fail_on) in ("pass", "fail")
    for f in findings:
        assert f.message and f.remediation and f.severity in SEVERITY_RANK


@settings(max_examples=300, deadline=None)
@given(subject=subjects, policy=policies, extra=st.lists(waivers, min_size=1, max_size=3))
def test_adding_a_waiver_never_turns_a_pass_into_a_fail(
    subject: Subject, policy: Policy, extra: list[PolicyException]
) -> None:
    subject = Subject(**{**subject.__dict__, "bound": (Bound(subject.license or "mit"), *subject.bound)})
    findings = evaluate(subject, policy, policy.intended_use, DB)
    before = verdict(WaiverBook([]).apply(findings, "abc"), "error")
    after = verdict(WaiverBook(extra, today=dt.date(2026, 11, 22)).apply(findings, "abc"), "error")
    assert not (before == "pass" and after == "fail")


def _outputs_errors(use: IntendedUse, key: str) -> set[str]:
    policy = Policy(name="p", organisation=Organisation(regions=["US"]), intended_use=use)
    subject = Subject(model="org/model", license=key, bound=(Bound(key),), modality="text")
    return {f.id for f in evaluate(subject, policy, use, DB) if f.severity == "error"}


@pytest.mark.parametrize(
    "key", [k for k in KEYS if any(t.status == "banned" for t in DB.entries[k].terms.outputs_training)]
)
def test_train_on_outputs_true_fails_exactly_the_bans_that_reach_a_competing_llm(key: str) -> None:
    """`true` means the worst case SPEC names: a competing LLM of another family, distributed."""
    bans = [t for t in DB.entries[key].terms.outputs_training if t.status == "banned"]
    errors = _outputs_errors(IntendedUse(commercial=False, train_on_outputs=True), key)
    # The version is unknown here, so every version's ban counts (the strictest reading).
    assert ("outputs-training-ban" in errors) == any("llm" in ban.covers for ban in bans)
