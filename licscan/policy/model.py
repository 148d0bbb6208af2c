"""The policy file schema: the organisation, its intended use, the rules, and the approved exceptions."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, field_validator
from pydantic.json_schema import SkipJsonSchema

from licscan.catalogue import FindingId
from licscan.database.models import StudentKind
from licscan.database.use_cases import USE_CASES, check_use_case
from licscan.frozen import FrozenModel
from licscan.policy.regions import GROUPS, check_region, describe, region_codes

Level = Literal["error", "warning", "info"]


def _region_schema() -> dict[str, Any]:
    return {
        "type": "string",
        "description": "An ISO 3166-1 alpha-2 country code, or a group: " + ", ".join(describe(g) for g in GROUPS),
        "enum": region_codes(),
    }


def _use_case_schema() -> dict[str, Any]:
    tags: list[dict[str, Any]] = [{"const": tag, "description": text} for tag, text in USE_CASES.items()]
    own = {
        "type": "string",
        "pattern": "^x-[a-z0-9][a-z0-9-]*$",
        "description": "The organisation's own label: shown in reports, never matched against acceptable-use items.",
    }
    return {"anyOf": [*tags, own]}


# A region as a policy or manifest writes it: validated, so that a typo never switches a territorial clause off.
RegionCode = Annotated[str, AfterValidator(check_region), WithJsonSchema(_region_schema())]
# A use case: a tag of the catalogue (`licscan policy use-cases`) or the organisation's own `x-` label.
UseCase = Annotated[str, AfterValidator(check_use_case), WithJsonSchema(_use_case_schema())]
MODALITIES_REMOVED = (
    "`modalities` is no longer read: the clauses that depend on a modality (Llama 3.2's EU clause, NVIDIA Cosmos) "
    "depend on the model's, which licscan reads from its card and lineage; remove the field"
)


class Organisation(FrozenModel):
    monthly_active_users: int | None = Field(
        None, ge=0, description="Monthly active users of all your products and services, affiliates included."
    )
    annual_revenue_usd: int | None = Field(None, ge=0, description="Annual revenue in US dollars, affiliates included.")
    regions: list[RegionCode] = Field(
        default_factory=list,
        description="Where the organisation is domiciled / has its principal place of business: ISO 3166-1 "
        "alpha-2 codes (DE, US, GB) or groups (EU, EEA); DE is in the EU.",
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
    deployment_regions: list[RegionCode] | None = Field(
        None,
        description="Where the model, its outputs or the product are used or offered: ISO 3166-1 alpha-2 codes "
        "or groups (EU, EEA). Unset = unknown, which territorial licenses report as a warning.",
    )
    product_monthly_active_users: int | None = Field(
        None,
        ge=0,
        description="Monthly active users of the product or service that uses the model, for caps that count per "
        "product; unset = the organisation's figure is the only one known.",
    )
    use_cases: list[UseCase] = Field(
        default_factory=list,
        description="Use-case tags from `licscan policy use-cases`, matched against acceptable-use and RAIL "
        "prohibited-use items; `x-...` labels are the organisation's own, shown and never matched.",
    )
    modalities: SkipJsonSchema[None] = Field(None, exclude=True)

    @field_validator("modalities", mode="before")
    @classmethod
    def _modalities_removed(cls, value: object) -> None:
        raise ValueError(MODALITIES_REMOVED)

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
    deployment_regions: list[RegionCode] | None = Field(
        None, description="Overrides intended_use.deployment_regions for this model."
    )
    product_monthly_active_users: int | None = Field(
        None, ge=0, description="The monthly active users of the product this model is used in."
    )
    use_cases: list[UseCase] | None = Field(None, description="Overrides intended_use.use_cases for this model.")
    modalities: SkipJsonSchema[None] = Field(None, exclude=True)

    @field_validator("modalities", mode="before")
    @classmethod
    def _modalities_removed(cls, value: object) -> None:
        raise ValueError(MODALITIES_REMOVED)

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
    unresolved_model: Level = Field(
        "error",
        description="`check --discover`: the code loads a model whose name is computed at run time, so licscan "
        "cannot tell whether the manifest lists it. An error by default (it may be a model nobody checked); "
        "`warning` reports it without failing, and an exception on `<path>:<line>` (globs allowed) waives one place.",
    )


def _written_as_text(value: object) -> object:
    """A revision YAML read as a number (an all-digit sha prefix, 123456789012) cannot be turned back into what
    was written (0123 is octal to YAML): it is refused with the fix, never guessed."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            f"YAML reads an unquoted revision of digits as a number ({value!r}), not as the text written: write it "
            "in quotes (revision: '...')"
        )
    return value


# A branch, tag or commit sha (or a prefix of one), as written in a policy or a manifest.
Revision = Annotated[str, BeforeValidator(_written_as_text)]


class PolicyException(FrozenModel):
    model: str = Field(description="Model id; shell-style globs allowed (meta-llama/*).")
    revision: Revision | None = Field(None, description="Only at this commit (a prefix of the sha is enough).")
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


def bundled_policies() -> dict[str, Path]:
    """The example policies shipped with licscan, by name (`commercial-saas`, ...)."""
    from licscan.paths import data_dir

    return {p.stem: p for p in sorted(data_dir("policies").glob("*.yaml"))}


def policy_file(path: Path) -> Path:
    """The file `--policy` names: the path when it exists; else, for a bare name (`commercial-saas`, or with
    `.yaml`), the bundled policy of that name. A path that exists always wins over a bundled name."""
    if path.exists() or len(path.parts) != 1:
        return path
    bundled = bundled_policies().get(path.name.removesuffix(".yaml").removesuffix(".yml"))
    return bundled if bundled is not None else path


def load_policy(path: Path) -> tuple[Policy, str]:
    """The policy at path (or the bundled policy of that name) and the sha256 of its bytes; UsageError with
    file:line on any problem."""
    from licscan.errors import UsageError
    from licscan.yamlfile import load_model

    found = policy_file(path)
    if not found.exists() and len(path.parts) == 1:
        names = ", ".join(bundled_policies())
        raise UsageError(f"{path}: policy file not found, and no bundled policy has that name (bundled: {names})")
    policy, _ = load_model(Policy, found, "policy")
    return policy, hashlib.sha256(found.read_bytes()).hexdigest()
