"""The schema of a licenses/ database entry: structured terms, each citing the clause it comes from."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The use-case vocabulary lives in its catalogue; re-exported here for the entries that tag their items with it.
from licscan.database.use_cases import USE_CASE_TAGS as USE_CASE_TAGS
from licscan.database.use_cases import UseCaseTag
from licscan.results import DutyKind

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
# distributed or made available; commercial: any commercial use; publication: publishing or presenting results
# obtained with the model (no intended use sets it off: such a duty is always reported as information).
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
    "publication",
]
Modality = Literal["multimodal", "text", "image", "audio", "video"]
# What a model trained on outputs is: llm (a large language model of another family), foundation-model (another
# foundational generative model that is no LLM: image, video, audio generators), other-model (any other model: a
# classifier, a reward model, a small task model), same-family (a derivative of the licensed model itself).
StudentKind = Literal["llm", "foundation-model", "other-model", "same-family"]
STUDENT_KINDS: tuple[StudentKind, ...] = ("llm", "foundation-model", "other-model", "same-family")
# What an incorporated policy governs: the use cases of a use, hosting the model, distributing it.
Governs = Literal["use-cases", "hosting", "distribute"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Clause(Model):
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


class Scope(Model):
    """Which models a term reaches, as the license defines them (not by a repository name)."""

    modalities: list[Modality] = Field(
        min_length=1,
        description="The term reaches only models of these modalities, e.g. [multimodal] for '\"NVIDIA Cosmos "
        "Model\" means a multimodal Model shared under this Agreement'. A model whose modality no card of its "
        "lineage states is reported as undecided (a warning), never passed.",
    )
    definition: Clause = Field(description="The clause that defines the models the term reaches.")


AT_LEAST = (
    "The text's figure is a floor ('at least $10,000,000', 'more than or equal to'): a licensee at the figure itself "
    "is over it. Unset, the figure is a ceiling ('more than', 'exceeds'): at the figure, it is not."
)


class Threshold(Model):
    """A size above which a term applies (a duty that binds only large licensees); at or below it, it does not.

    Above either figure the term applies (at it too, when `at_least`). A figure the policy leaves unset is read as
    the worst case (above), and the finding says so.
    """

    users: int | None = Field(None, gt=0, description="Monthly active users above which the term applies.")
    counts: Literal["organisation", "product"] = Field(
        "organisation", description="Whose users: the licensee's (all products) or the one product's."
    )
    revenue: int | None = Field(None, gt=0, description="Revenue above which the term applies.")
    currency: str = Field("USD", description="ISO 4217 code of `revenue`.")
    per: Literal["year", "month"] = Field("year", description="Whether `revenue` is annual or monthly.")
    at_least: bool = Field(False, description=AT_LEAST)
    clause: Clause = Field(description="The clause that states the threshold.")

    @model_validator(mode="after")
    def _a_figure(self) -> Threshold:
        if self.users is None and self.revenue is None:
            raise ValueError("a threshold states users, revenue or both")
        return self


class Term(Model):
    """What every term may carry besides its clause: the conditions under which it applies. Every default is the
    widest reading (every version, every model, every size, commercial or not), so that an entry that says nothing
    more fails closed."""

    versions: list[str] = Field(
        default_factory=list,
        description="The text versions (TextVersion.version) that state this term; empty = every version. When the "
        "model's text version is unknown, the term is applied (the strictest reading) and the finding names the "
        "versions that state it.",
    )
    models: Scope | None = Field(
        None, description="The models the term reaches by the license's own definition; unset = every model."
    )
    threshold: Threshold | None = Field(
        None, description="The term applies only above this size (users or revenue); unset = at any size."
    )
    commercial_only: bool = Field(
        False,
        description="The term reaches only commercial use (K-EXAONE 2.2: distribution 'for commercial purposes' "
        "needs a separate agreement): a non-commercial use does not set it off.",
    )
    condition: Clause | None = Field(
        None,
        description="The words that state when the term applies, where its own quote does not (the sentence "
        "'If you distribute or make available the Llama Materials ..., or a product or service ... that contains "
        "any of them' before the duties it lists); a duty that lists hosting among its triggers cites them.",
    )
    clause: Clause = Field(description="The clause that states the term (section and verbatim quote).")


class Definition(Term):
    """A definition of the text that changes what an intended use is, e.g. a hosted service that is Distribution."""

    summary: str
    clause: Clause


class Distillation(Term):
    """The text's definition of a derivative includes a model trained by transfer of patterns or on outputs."""

    students: list[StudentKind] = Field(
        default_factory=lambda: list(STUDENT_KINDS),
        description="The kinds of trained model the definition reaches; default every kind ('any other machine "
        "learning model').",
    )
    purpose: str | None = Field(
        None,
        description="The purpose test of the definition, in its words ('in order to cause that model to perform "
        "similarly to Gemma'): a question of fact, read as met (fail closed), and the finding says so.",
    )
    summary: str
    clause: Clause


class CommercialUse(Term):
    status: Status = Field(description="allowed, not-allowed, or conditional (e.g. below a user or revenue cap).")
    conditions: list[str] = Field(default_factory=list, description="Plain-words conditions when conditional.")
    clause: Clause


class MauCap(Term):
    limit: int = Field(description="Monthly active users above which the grant does not apply.", gt=0)
    unit: Literal["users", "visits"] = Field(
        "users",
        description="What the text counts: monthly active users, or visits ('service users (visits) ... 1 million "
        "visits per month'). A policy states users, not visits: visits are at least as many as users, so a user "
        "figure above the limit is over it, and one at or below it decides nothing (a warning, never a pass).",
    )
    at_least: bool = Field(False, description=AT_LEAST)
    measured: str = Field(description="When and how the users are counted, in the text's words.")
    counts: Literal["organisation", "product"] = Field(
        "organisation",
        description="Which figure the cap tests: every product of the licensee (and its affiliates, where the text "
        "says so), or the one product or service that uses the model.",
    )
    at_release_date: bool = Field(
        False, description="The figure is the one on the model version's release date, not a running one."
    )
    consequence: str = Field(description="What the licensee must do above the cap.")
    clause: Clause


class RevenueCap(Term):
    amount: int = Field(description="The threshold amount.", gt=0)
    currency: str = Field("USD", description="ISO 4217 currency code.")
    period: str = Field(description="What is measured: 'annual revenue', 'gross revenue in the prior year', ...")
    per: Literal["year", "month"] = Field(
        "year", description="Whether the amount is a yearly or a monthly revenue ('monthly revenue' caps)."
    )
    at_least: bool = Field(False, description=AT_LEAST)
    consequence: str = Field(description="What the licensee must do above the cap.")
    clause: Clause


class OutputsTraining(Term):
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


class Hosting(Term):
    status: Status = Field(description="Whether the model may be offered to third parties as a service or API.")
    conditions: list[str] = Field(default_factory=list)
    summary: str
    clause: Clause


class Distribution(Term):
    """Whether the weights (or a derivative) may be distributed to others; set when the text limits it."""

    status: Status = Field(description="allowed, not-allowed (e.g. without a separate agreement), or conditional.")
    summary: str
    clause: Clause


class Obligation(Term):
    kind: DutyKind = Field(
        description="What must be done. conduct: a condition on how the model is used or its outputs handled "
        "(filter or review outputs, disclose AI generation where the law requires, use the latest version)."
    )
    text: str | None = Field(None, description="The required wording, e.g. 'Built with Llama' or the prefix 'Llama'.")
    triggers: list[Trigger] = Field(description="Which intended uses trigger the duty.", min_length=1)
    licensor: str | None = Field(
        None,
        description="For a naming prefix: the licensor's name, which may lead a model name before the prefix "
        "(Meta in 'Meta-Llama-3-8B').",
    )
    excludes_hosted: bool = Field(
        False,
        description="The text excepts a hosted service from the duty ('All Distributions (other than through a "
        "Hosted Service)'): offering the model as a service does not set it off, even where the license defines "
        "hosting as Distribution.",
    )
    summary: str
    clause: Clause


class Derivatives(Term):
    inherit_restrictions: bool = Field(description="Derivatives remain bound by these terms.")
    pass_on_use_restrictions: bool = Field(
        description="Downstream agreements must carry the use restrictions (RAIL-style)."
    )
    sharing: Literal["allowed", "not-allowed"] = Field(
        "allowed", description="Whether derivatives (fine-tunes, merges) may be distributed (No-Derivatives: not)."
    )
    summary: str
    clause: Clause


class UseRestriction(Term):
    tags: list[UseCaseTag] = Field(min_length=1, description="Tags from the use-case catalogue.")
    qualifier: str | None = Field(
        None,
        description="Words of the quote that limit the item to unlawful, unlicensed or unauthorised conduct "
        "('unlawful or harmful conduct', 'unauthorized or unlicensed practice'): a use case in the field is then "
        "a matter to review, not a ban.",
    )
    qualifier_clause: Clause | None = Field(
        None,
        description="Where the qualifier's words are, when not in the item's own quote: the heading the item sits "
        "under (Llama AUP 1.a 'illegal or unlawful activity or content, such as:' over 1.a.iii and 1.a.v).",
    )
    model_tags: list[str] = Field(
        default_factory=list,
        description="Card tags saying the model itself was made by the act the item bans (e.g. 'abliterated' for an "
        "item on removing safety measures): such a model, or a derivative of one, is a matter to review.",
    )
    summary: str
    clause: Clause


class RegionRestriction(Term):
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


class ShareAlike(Term):
    triggers: list[Trigger] = Field(min_length=1)
    scope: str = Field(description="What must be shared under the same terms.")
    clause: Clause


class Termination(Term):
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


class ResearchOnly(Term):
    scope: Literal["research", "non-production", "evaluation"]
    sharing: Literal["not-allowed", "copies", "copies-and-services"] = Field(
        "not-allowed",
        description="What may be shared with others for non-commercial purposes, under the license's conditions: "
        "nothing, copies (redistributing the model or a derivative), or copies and services (also making it "
        "available as part of a product or service).",
    )
    summary: str
    clause: Clause


class Registration(Term):
    triggers: list[Trigger] = Field(description="The uses that need the registration or application first.")
    summary: str
    clause: Clause


class UnavailablePolicy(Term):
    """A policy the license incorporates by reference whose text licscan does not have: it cannot be checked."""

    name: str = Field(description="The policy's name, as the license gives it.")
    url: str | None = Field(None, description="Where the license says the policy is published.")
    governs: list[Governs] = Field(
        min_length=1, description="What the policy governs: use cases, hosting, distribution."
    )
    clause: Clause = Field(description="The clause of the license that incorporates the policy.")


class AppliedLicense(Term):
    """Another license the text applies to the model as well, not a use policy it incorporates (CogVLM2 §7: 'the
    Llama3 license conditions ... and the EVA-CLIP2 license conditions (MIT ...) for model weights'). The applied
    license binds the model beside this one, with every term it has (and the policies it incorporates). The models
    it reaches, when the text limits them ('based on the LLama3 series model'), are in `condition`: licscan cannot
    tell a model's base from this license, so the condition is read as met (fail closed) and the finding says so."""

    key: str = Field(description="The database key of the applied license.")
    clause: Clause


class LicenseTerms(Model):
    commercial_use: CommercialUse | None = None
    mau_cap: MauCap | None = None
    revenue_cap: RevenueCap | None = None
    outputs_training: list[OutputsTraining] = Field(
        default_factory=list,
        description="Terms on training with outputs; several when the text versions differ (one mapping is read as "
        "a list of one).",
    )
    hosting: Hosting | None = None
    distribution: Distribution | None = Field(
        None,
        description="A limit on distributing the weights or a derivative (K-EXAONE 2.2: for commercial purposes only "
        "with a separate agreement); unset = the grant and the duties decide.",
    )
    hosting_is_distribution: Definition | None = Field(
        None,
        description="The text defines making the model available as a service as Distribution (Gemma 1.1(b)): "
        "then hosting sets off the duties attached to distribution. Unset, a hosted service distributes no copy, "
        "and a duty attached to copies or distribution alone does not fire on hosting.",
    )
    distillation: Distillation | None = Field(
        None,
        description="The text's definition of a derivative includes a model created by transfer of patterns of "
        "the model's weights or output (distillation): a student trained on its outputs carries the derivative "
        "duties when it is distributed or made available.",
    )
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
    applies: list[AppliedLicense] = Field(
        default_factory=list,
        description="Other licenses the text applies to the model as well (not use policies: `incorporates`).",
    )

    @field_validator("outputs_training", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, dict) else value

    def items(self) -> list[tuple[str, Term]]:
        """Every (term name, term) pair, in schema order."""
        found: list[tuple[str, Term]] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            found.extend((name, item) for item in (value if isinstance(value, list) else [value]) if item is not None)
        return found

    def clauses(self) -> list[tuple[str, Clause]]:
        """Every (term name, clause) pair, for checks and reports: each term's own clause, then the clauses of its
        conditions (the definition of its scope, the clause of its threshold)."""
        found: list[tuple[str, Clause]] = []
        for name, item in self.items():
            found.append((name, item.clause))
            if item.models is not None:
                found.append((f"{name}.models", item.models.definition))
            if item.threshold is not None:
                found.append((f"{name}.threshold", item.threshold.clause))
            found.extend(
                (f"{name}.{field}", value) for field, value in item if field != "clause" and isinstance(value, Clause)
            )
        return found

    def is_empty(self) -> bool:
        return not self.clauses()


class TextVersion(Model):
    version: str | None = Field(None, description="Version label when the entry has several texts.")
    date: dt.date | None = Field(None, description="Release or last-modified date of this text.")
    file: str = Field(description="File name under licenses/texts/.")
    source: str = Field(description="Provenance: repository@commit path, package, or page.")
    replaceable: list[str] = Field(
        default_factory=list,
        description="Phrases of the text that copies legitimately change (copyright holder names).",
    )


class Aliases(Model):
    hub: list[str] = Field(default_factory=list, description="Hub `license:` ids other than the key.")
    hub_license_names: list[str] = Field(default_factory=list, description="`license_name` values seen on cards.")
    spdx: list[str] = Field(default_factory=list, description="SPDX license ids or LicenseRef- ids.")
    scancode: list[str] = Field(default_factory=list, description="ScanCode LicenseRef-scancode-... keys.")
    names: list[str] = Field(
        default_factory=list, description="Names a card or NOTICE uses to refer to the license in prose."
    )


class LicenseEntry(Model):
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
        known = set(self.versions)
        for name, item in self.terms.items():
            unknown = sorted(set(item.versions) - known)
            if unknown:
                raise ValueError(f"{name}: versions {unknown} are not versions of this entry's texts")
        return self

    @property
    def versions(self) -> list[str]:
        return [t.version for t in self.texts if t.version]
