"""The policy file schema: the organisation, its intended use, the rules, and the approved exceptions."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Literal

from pydantic import Field

from licscan.database.models import StudentKind
from licscan.frozen import FrozenModel
from licscan.results import FindingId

Level = Literal["error", "warning", "info"]


class Organisation(FrozenModel):
    monthly_active_users: int | None = Field(
        None, ge=0, description="Monthly active users of all your products and services, affiliates included."
    )
    annual_revenue_usd: int | None = Field(None, ge=0, description="Annual revenue in US dollars, affiliates included.")
    regions: list[str] = Field(
        default_factory=list,
        description="Where the organisation is domiciled / has its principal place of business: EU, US, or "
        "ISO country codes (EU member states count as EU).",
    )


class OutputsUse(FrozenModel):
    """What is really done with the outputs: which model they train, whether it competes, whether it is shared."""

    student: StudentKind = Field(
        "llm",
        description="The model the outputs train or improve: llm (a large language model of another family), "
        "foundation-model (another foundational generative model that is no LLM, e.g. an image generator), "
        "other-model (a classifier, reward model or other task model), same-family (a derivative of the very "
        "model whose outputs are used, e.g. a Llama 3 fine-tune trained on Llama 3 outputs).",
    )
    competing: bool = Field(True, description="The trained model competes with the model whose outputs are used.")
    distributed: bool = Field(
        True, description="The trained model is distributed or made available to others (shipped or hosted)."
    )


# `train_on_outputs: true` means the worst case a license can mean: a competing LLM of another family, distributed.
WORST_OUTPUTS_USE = OutputsUse()


class IntendedUse(FrozenModel):
    commercial: bool = Field(True, description="Any use in a commercial activity, internal or external.")
    hosting: bool = Field(False, description="The model is offered to third parties as a service or API.")
    distribute_weights: bool = Field(False, description="Weights (or a fine-tune) are shipped or published.")
    fine_tune: bool = Field(False, description="The model is fine-tuned or otherwise modified.")
    train_on_outputs: bool | OutputsUse = Field(
        False,
        description="Outputs are used to train or improve another model: false; true (the worst case: a competing "
        "LLM of another family, distributed); or what is really done: {student: llm | foundation-model | "
        "other-model | same-family, competing: bool, distributed: bool}.",
    )
    deployment_regions: list[str] | None = Field(
        None,
        description="Where the model, its outputs or the product are used or offered: EU, US, or ISO country "
        "codes. Unset = unknown, which territorial licenses report as a warning.",
    )
    product_monthly_active_users: int | None = Field(
        None,
        ge=0,
        description="Monthly active users of the product or service that uses the model, for caps that count per "
        "product; unset = the organisation's figure is the only one known.",
    )
    modalities: list[str] = Field(default_factory=list, description="Optional: text, image, audio, video.")
    use_cases: list[str] = Field(
        default_factory=list, description="Use-case tags matched against AUP, RAIL and prohibited-use lists."
    )

    def outputs_use(self) -> OutputsUse | None:
        """What the outputs train, with `true` read as the worst case; None when outputs train nothing."""
        if self.train_on_outputs is True:
            return WORST_OUTPUTS_USE
        return self.train_on_outputs or None


class IntendedUseOverride(FrozenModel):
    """Per-model overrides in a manifest; unset fields keep the policy's value."""

    commercial: bool | None = None
    hosting: bool | None = None
    distribute_weights: bool | None = None
    fine_tune: bool | None = None
    train_on_outputs: bool | OutputsUse | None = Field(
        None, description="Overrides intended_use.train_on_outputs for this model."
    )
    deployment_regions: list[str] | None = Field(
        None, description="Overrides intended_use.deployment_regions for this model."
    )
    product_monthly_active_users: int | None = Field(
        None, ge=0, description="The monthly active users of the product this model is used in."
    )
    modalities: list[str] | None = None
    use_cases: list[str] | None = None

    def apply(self, base: IntendedUse) -> IntendedUse:
        # Field by field, so that a nested OutputsUse stays a model rather than becoming a dict.
        update = {name: getattr(self, name) for name in type(self).model_fields if getattr(self, name) is not None}
        return base.model_copy(update=update)


class Rules(FrozenModel):
    allow_licenses: list[str] = Field(default_factory=list, description="Empty = any known license.")
    deny_licenses: list[str] = Field(default_factory=list)
    unknown_license: Literal["error", "warning"] = "error"
    modified_license: Literal["error", "warning"] = "error"
    obligations: Level = Field("warning", description="How attribution / notice / naming duties are reported.")
    dataset_licenses: Level = Field(
        "warning",
        description="Severity cap for findings from dataset licenses (whether they bind a model is contested).",
    )
    license_mismatch: Level = "warning"
    inherited_license: Level = "warning"
    unlisted_model: Level = Field(
        "error", description="`check --discover`: the code uses a model that the manifest does not list."
    )


class PolicyException(FrozenModel):
    model: str = Field(description="Model id; shell-style globs allowed (meta-llama/*).")
    revision: str | None = Field(None, description="Only at this commit (a prefix of the sha is enough).")
    license: str | None = Field(None, description="Only findings of this license.")
    finding: FindingId | None = Field(None, description="Only this finding id; unset = every finding of the model.")
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    expires: dt.date


class Policy(FrozenModel):
    name: str
    description: str | None = None
    organisation: Organisation = Field(default_factory=Organisation)
    intended_use: IntendedUse = Field(default_factory=IntendedUse)
    rules: Rules = Field(default_factory=Rules)
    exceptions: list[PolicyException] = Field(default_factory=list)


def load_policy(path: Path) -> tuple[Policy, str]:
    """The policy at path and the sha256 of its bytes; UsageError with file:line on any problem."""
    from licscan.yamlfile import load_model

    policy, _ = load_model(Policy, path, "policy")
    return policy, hashlib.sha256(path.read_bytes()).hexdigest()
