"""The schema of a licenses/ database entry: structured terms, each citing the clause it comes from."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from licscan.frozen import FrozenModel

Category = Literal[
    "permissive",
    "copyleft",
    "weak-copyleft",
    "non-commercial",
    "research-only",
    "use-restricted",
    "community",
    "proprietary",
    "unknown",
]
EntryKind = Literal["license", "use-policy", "family", "no-license"]
Status = Literal["allowed", "not-allowed", "conditional"]
# distribute: shipping the model's weights to others; derivative: distributing a modified model; derivative-hosted:
# making a modified model available to others as a service ("distributed or made available"); product: making the
# model available inside a product or service, hosted ones included; hosting: offering it as a service or API;
# modify: fine-tuning or otherwise modifying the model, even for internal use;
# outputs-training: using its outputs to train or improve a model; outputs-model-shared: that trained model is
# distributed or made available; commercial: any commercial use.
Trigger = Literal[
    "distribute",
    "derivative",
    "derivative-hosted",
    "modify",
    "product",
    "hosting",
    "outputs-training",
    "outputs-model-shared",
    "commercial",
    "any-use",
]
Modality = Literal["multimodal", "text", "image", "audio", "video"]
# What a model trained on outputs is: llm (a large language model of another family), foundation-model (another
# foundational generative model that is no LLM: image, video, audio generators), other-model (any other model: a
# classifier, a reward model, a small task model), same-family (a derivative of the licensed model itself).
StudentKind = Literal["llm", "foundation-model", "other-model", "same-family"]
STUDENT_KINDS: tuple[StudentKind, ...] = ("llm", "foundation-model", "other-model", "same-family")
# What an incorporated policy governs: the use cases of a use, hosting the model, distributing it.
Governs = Literal["use-cases", "hosting", "distribute"]

# The normalised use-case vocabulary. A policy's `use_cases` are matched against these tags.
USE_CASE_TAGS: tuple[str, ...] = (
    "illegal-activity",
    "violence",
    "terrorism",
    "child-safety",
    "minors",
    "human-trafficking",
    "sexual-content",
    "harassment",
    "discrimination",
    "hate-speech",
    "employment",
    "credit-scoring",
    "housing",
    "insurance",
    "education-access",
    "essential-services",
    "medical-advice",
    "legal-advice",
    "financial-advice",
    "privacy",
    "biometric-identification",
    "surveillance",
    "law-enforcement",
    "predictive-policing",
    "immigration",
    "social-scoring",
    "automated-decision-making",
    "ip-infringement",
    "malware",
    "safety-circumvention",
    "military",
    "weapons",
    "nuclear",
    "controlled-substances",
    "critical-infrastructure",
    "self-harm",
    "disinformation",
    "defamation",
    "fraud",
    "spam",
    "impersonation",
    "undisclosed-ai-content",
    "political-campaigning",
    "elections",
    "gambling",
    "healthcare",
    "generating-harmful-content",
)
UseCaseTag = Literal[USE_CASE_TAGS]  # type: ignore[valid-type]


class Clause(FrozenModel):
    section: str = Field(
        description="The section as the text numbers or names it, e.g. '2', '1.b.iv', 'Attachment A.3'."
    )
    quote: str = Field(
        description="Words copied verbatim from the reference text (line breaks may be spaces).", min_length=12
    )
    text: str | None = Field(
        None,
        description="The reference text file the quote is from, when the entry has several texts. "
        "Defaults to any of the entry's texts.",
    )


class CommercialUse(FrozenModel):
    status: Status = Field(description="allowed, not-allowed, or conditional (e.g. below a user or revenue cap).")
    conditions: list[str] = Field(default_factory=list, description="Plain-words conditions when conditional.")
    clause: Clause


class MauCap(FrozenModel):
    limit: int = Field(description="Monthly active users above which the grant does not apply.", gt=0)
    measured: str = Field(description="When and how the users are counted, in the text's words.")
    counts: Literal["organisation", "product"] = Field(
        "organisation",
        description="Which figure the cap tests: every product of the licensee (and its affiliates, where the text "
        "says so), or the one product or service that uses the model.",
    )
    at_release_date: bool = Field(
        False, description="The figure is the one on the model version's release date, not a running one."
    )
    commercial_only: bool = Field(False, description="The cap applies only to commercial use.")
    consequence: str = Field(description="What the licensee must do above the cap.")
    clause: Clause


class RevenueCap(FrozenModel):
    amount: int = Field(description="The threshold amount.", gt=0)
    currency: str = Field("USD", description="ISO 4217 currency code.")
    period: str = Field(description="What is measured: 'annual revenue', 'gross revenue in the prior year', ...")
    consequence: str = Field(description="What the licensee must do above the cap.")
    clause: Clause


class OutputsTraining(FrozenModel):
    status: Literal["allowed", "banned", "conditional"] = Field(
        description="Whether outputs may be used to train or improve other models."
    )
    conditions: list[Literal["naming-prefix", "attribution", "derivative-status", "same-license", "non-commercial"]] = (
        Field(default_factory=list, description="What applies when conditional.")
    )
    covers: list[StudentKind] = Field(
        default_factory=lambda: list(STUDENT_KINDS),
        description="The kinds of trained model the ban reaches (a ban on improving 'any other large language "
        "model (excluding Llama 2 or derivative works thereof)' covers [llm] only). Default: every kind.",
    )
    competing_only: bool = Field(
        False, description="The ban reaches only a model that competes with the licensed one ('competitive with')."
    )
    summary: str = Field(description="One sentence in plain words.")
    clause: Clause


class Hosting(FrozenModel):
    status: Status = Field(description="Whether the model may be offered to third parties as a service or API.")
    conditions: list[str] = Field(default_factory=list)
    summary: str
    clause: Clause


class Obligation(FrozenModel):
    kind: Literal[
        "license-copy",
        "notice",
        "attribution",
        "naming-prefix",
        "modification-notice",
        "source-code",
        "use-restrictions-passthrough",
    ] = Field(description="What must be done.")
    text: str | None = Field(None, description="The required wording, e.g. 'Built with Llama' or the prefix 'Llama'.")
    triggers: list[Trigger] = Field(description="Which intended uses trigger the duty.", min_length=1)
    models: list[str] = Field(
        default_factory=list,
        description="The duty covers only models whose id, or a base model's id, matches one of these "
        "case-insensitive globs (e.g. '*/cosmos-*' for a duty on NVIDIA Cosmos Models); empty = every model.",
    )
    licensor: str | None = Field(
        None,
        description="For a naming prefix: the licensor's name, which may lead a model name before the prefix "
        "(Meta in 'Meta-Llama-3-8B').",
    )
    summary: str
    clause: Clause


class Derivatives(FrozenModel):
    inherit_restrictions: bool = Field(description="Derivatives remain bound by these terms.")
    pass_on_use_restrictions: bool = Field(
        description="Downstream agreements must carry the use restrictions (RAIL-style)."
    )
    sharing: Literal["allowed", "not-allowed"] = Field(
        "allowed", description="Whether derivatives (fine-tunes, merges) may be distributed (No-Derivatives: not)."
    )
    summary: str
    clause: Clause


class UseRestriction(FrozenModel):
    tags: list[UseCaseTag] = Field(min_length=1, description="Normalised use-case tags (see USE_CASE_TAGS).")
    qualifier: str | None = Field(
        None,
        description="Words of the quote that limit the item to unlawful, unlicensed or unauthorised conduct "
        "('unlawful or harmful conduct', 'unauthorized or unlicensed practice'): a use case in the field is then "
        "a matter to review, not a ban.",
    )
    model_tags: list[str] = Field(
        default_factory=list,
        description="Card tags saying the model itself was made by the act the item bans (e.g. 'abliterated' for an "
        "item on removing safety measures): such a model, or a derivative of one, is a matter to review.",
    )
    summary: str
    clause: Clause


class RegionRestriction(FrozenModel):
    regions: list[str] = Field(description="Region codes where the rights are withheld, e.g. ['EU'].", min_length=1)
    scope: Literal["domicile", "use", "distribution"] = Field(
        description="domicile: who is licensed, by where they are based (the policy's organisation.regions); use or "
        "distribution: a territorial grant, by where the model, its outputs or the product are used, offered or "
        "distributed (the policy's intended_use.deployment_regions)."
    )
    modalities: list[Modality] = Field(
        default_factory=list, description="The restriction applies only to models of these modalities; empty = all."
    )
    exempt: str | None = Field(None, description="Who is exempt, in plain words.")
    summary: str
    clause: Clause


class ShareAlike(FrozenModel):
    triggers: list[Trigger] = Field(min_length=1)
    scope: str = Field(description="What must be shared under the same terms.")
    clause: Clause


class Termination(FrozenModel):
    trigger: Literal["litigation", "guardrail-bypass", "breach", "other"]
    use_cases: list[UseCaseTag] = Field(
        default_factory=list, description="Intended use cases that set off the termination (safety-circumvention)."
    )
    model_tags: list[str] = Field(
        default_factory=list,
        description="Card tags of a model (or of a base) that show the trigger was already pulled in making it "
        "(uncensored, abliterated): using it rests on rights that terminated.",
    )
    summary: str
    clause: Clause


class ResearchOnly(FrozenModel):
    scope: Literal["research", "non-production", "evaluation"]
    sharing: Literal["not-allowed", "copies", "copies-and-services"] = Field(
        "not-allowed",
        description="What may be shared with others for non-commercial purposes, under the license's conditions: "
        "nothing, copies (redistributing the model or a derivative), or copies and services (also making it "
        "available as part of a product or service).",
    )
    summary: str
    clause: Clause


class Registration(FrozenModel):
    triggers: list[Trigger] = Field(description="The uses that need the registration or application first.")
    summary: str
    clause: Clause


class UnavailablePolicy(FrozenModel):
    """A policy the license incorporates by reference whose text licscan does not have: it cannot be checked."""

    name: str = Field(description="The policy's name, as the license gives it.")
    url: str | None = Field(None, description="Where the license says the policy is published.")
    governs: list[Governs] = Field(
        min_length=1, description="What the policy governs: use cases, hosting, distribution."
    )
    clause: Clause = Field(description="The clause of the license that incorporates the policy.")


class LicenseTerms(FrozenModel):
    commercial_use: CommercialUse | None = None
    mau_cap: MauCap | None = None
    revenue_cap: RevenueCap | None = None
    outputs_training: OutputsTraining | None = None
    hosting: Hosting | None = None
    obligations: list[Obligation] = Field(default_factory=list)
    derivatives: Derivatives | None = None
    use_restrictions: list[UseRestriction] = Field(default_factory=list)
    region_restrictions: list[RegionRestriction] = Field(default_factory=list)
    share_alike: ShareAlike | None = None
    termination: list[Termination] = Field(default_factory=list)
    research_only: ResearchOnly | None = None
    registration: Registration | None = None
    unavailable_policies: list[UnavailablePolicy] = Field(
        default_factory=list, description="Incorporated policies with no text in the database."
    )

    def clauses(self) -> list[tuple[str, Clause]]:
        """Every (term name, clause) pair, for checks and reports."""
        found: list[tuple[str, Clause]] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            items = value if isinstance(value, list) else [value]
            found.extend((name, item.clause) for item in items if item is not None)
        return found

    def is_empty(self) -> bool:
        return not self.clauses()


class TextVersion(FrozenModel):
    version: str | None = Field(None, description="Version label when the entry has several texts.")
    date: dt.date | None = Field(None, description="Release or last-modified date of this text.")
    file: str = Field(description="File name under licenses/texts/.")
    source: str = Field(description="Provenance: repository@commit path, package, or page.")
    replaceable: list[str] = Field(
        default_factory=list,
        description="Phrases of the text that copies legitimately change (copyright holder names).",
    )


class Aliases(FrozenModel):
    hub: list[str] = Field(default_factory=list, description="Hub `license:` ids other than the key.")
    hub_license_names: list[str] = Field(default_factory=list, description="`license_name` values seen on cards.")
    spdx: list[str] = Field(default_factory=list, description="SPDX license ids or LicenseRef- ids.")
    scancode: list[str] = Field(default_factory=list, description="ScanCode LicenseRef-scancode-... keys.")
    names: list[str] = Field(
        default_factory=list, description="Names a card or NOTICE uses to refer to the license in prose."
    )


class LicenseEntry(FrozenModel):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9.+-]*$", description="Hub license id where one exists.")
    name: str
    kind: EntryKind = "license"
    category: Category
    url: str | None = None
    aliases: Aliases = Field(default_factory=Aliases)
    texts: list[TextVersion] = Field(default_factory=list)
    no_text: str | None = Field(None, description="Why there is no reference text, when there is none.")
    incorporates: list[str] = Field(
        default_factory=list, description="Keys of use policies this license incorporates by reference."
    )
    members: list[str] = Field(default_factory=list, description="For a family entry: the member keys.")
    terms: LicenseTerms = Field(default_factory=LicenseTerms)
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _text_or_reason(self) -> LicenseEntry:
        if not self.texts and not self.no_text:
            raise ValueError("an entry without texts must say why in `no_text`")
        if not self.texts and not self.terms.is_empty():
            raise ValueError("an entry without a reference text cannot cite clauses")
        if self.kind == "family" and not self.members:
            raise ValueError("a family entry lists its members")
        files = {t.file for t in self.texts}
        for term, clause in self.terms.clauses():
            if clause.text is not None and clause.text not in files:
                raise ValueError(f"{term}: clause.text {clause.text!r} is not one of this entry's texts")
        return self

    @property
    def versions(self) -> list[str]:
        return [t.version for t in self.texts if t.version]
