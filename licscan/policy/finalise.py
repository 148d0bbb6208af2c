"""Every finding passes the policy's exceptions once, then the verdict: the one place that rule is kept."""

from __future__ import annotations

from collections.abc import Sequence

from licscan.policy.engine import verdict
from licscan.policy.waivers import WaiverBook, local_folder
from licscan.results import Finding, ModelResult


def finalise(model: ModelResult, new: Sequence[Finding], waivers: WaiverBook, fail_on: str) -> ModelResult:
    """The model with its `new` findings added, each through the exceptions exactly once, and the verdict taken
    again over every finding.

    `model.findings` have already passed (the scan's own, or an earlier call): they are not matched again, so an
    expired exception's note is never appended twice. Whatever adds a finding after the scan (the lock's drift,
    the code the manifest does not list, a listed model no code uses) comes through here, so that no finding reaches
    a report unwaived by an exception that names it, and no verdict is left from before a finding was added."""
    passed = waivers.apply(list(new), model.revision, local_folder(model.id, model.source))
    findings = [*model.findings, *passed]
    return model.model_copy(update={"findings": findings, "verdict": verdict(findings, fail_on)})
