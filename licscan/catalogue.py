"""The one catalogue of finding wording: each finding id with what it means and what to do (the SARIF rules read
it), and each message the policy rules write, as a template with the facts it names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FindingId = Literal[
    "unknown-license",
    "modified-license",
    "license-mismatch",
    "inherited-license",
    "denied-license",
    "not-allowlisted",
    "non-commercial",
    "research-only",
    "mau-cap",
    "revenue-cap",
    "outputs-training-ban",
    "region-restricted",
    "hosting-restricted",
    "use-restriction",
    "share-alike",
    "attribution-required",
    "naming-required",
    "notice-required",
    "gated",
    "fetch-error",
    "license-changed",
    "unlisted-model",
    "unresolved-model",
    "unused-model",
    "registration-required",
]


@dataclass(frozen=True)
class FindingKind:
    """What a finding id means and the general remedy (a finding carries its own, more specific one)."""

    meaning: str
    action: str


FINDINGS: dict[FindingId, FindingKind] = {
    "unknown-license": FindingKind(
        "The model's license could not be identified.",
        "Find the license the model is published under and add it to the card, or ask the licscan maintainers "
        "to add it to the database.",
    ),
    "modified-license": FindingKind(
        "The license text is close to a known license but has substantive changes.",
        "Have legal review the changed text before using the model.",
    ),
    "license-mismatch": FindingKind(
        "The license declared on the model card differs from the license in the model's files.",
        "Treat the stricter license as binding, or ask the publisher which one applies.",
    ),
    "inherited-license": FindingKind(
        "A derivative model declares other terms than its base model, whose terms still bind it.",
        "Apply the base model's license as well as the derivative's.",
    ),
    "denied-license": FindingKind("The license is on the policy's deny list.", "Choose another model."),
    "not-allowlisted": FindingKind(
        "The license is not on the policy's allow list.",
        "Choose a model under an allowed license, or have the license added to the policy.",
    ),
    "non-commercial": FindingKind(
        "The license forbids commercial use, which the policy intends.",
        "Choose a model that allows commercial use, or obtain a commercial license.",
    ),
    "research-only": FindingKind(
        "The license allows research use only.",
        "Choose a model licensed for production use, or obtain a separate license.",
    ),
    "mau-cap": FindingKind(
        "The organisation is above the license's monthly-active-user cap.",
        "Obtain a separate license from the licensor before use.",
    ),
    "revenue-cap": FindingKind(
        "The organisation is above the license's revenue cap.",
        "Obtain a separate license from the licensor before use.",
    ),
    "outputs-training-ban": FindingKind(
        "The license forbids using the model's outputs to train or improve other models.",
        "Do not train on the outputs, or choose another model.",
    ),
    "region-restricted": FindingKind(
        "The license excludes the organisation's region, or the place of use.",
        "Choose another model, or obtain a license that covers the region.",
    ),
    "hosting-restricted": FindingKind(
        "The license restricts offering the model to third parties as a service.",
        "Do not host the model for others, or obtain a license that allows it.",
    ),
    "use-restriction": FindingKind(
        "The license forbids one of the intended use cases, or incorporates a policy that cannot be checked.",
        "Drop the restricted use case, or choose another model.",
    ),
    "share-alike": FindingKind(
        "The license requires derivatives to be shared under the same terms.",
        "Release derivatives under the same license, or choose another model.",
    ),
    "attribution-required": FindingKind(
        "The license requires attribution.",
        "Show the required attribution where the license says.",
    ),
    "naming-required": FindingKind(
        "The license requires derivative names to carry a prefix.",
        "Name the derivative as the license requires.",
    ),
    "notice-required": FindingKind(
        "The license requires a notice file or a copy of the license with the model.",
        "Ship the notice and the license text with the model.",
    ),
    "gated": FindingKind(
        "The model is gated: its terms must be accepted on the Hub before download.",
        "Accept the terms on the Hub with the account that downloads the model.",
    ),
    "fetch-error": FindingKind(
        "The model's documents could not be fetched, so it was not evaluated.",
        "Check the model id, the revision, network access and the Hub token, then run again.",
    ),
    "license-changed": FindingKind(
        "The upstream license differs from the one recorded in licscan.lock.",
        "Review the new license, then update the lock with `licscan lock`.",
    ),
    "unlisted-model": FindingKind(
        "The code uses a model that the manifest does not list, so its license was never checked.",
        "Add the model to the manifest (`licscan discover PATH --write MANIFEST`), then run the check again.",
    ),
    "unresolved-model": FindingKind(
        "The code loads a model whose name is computed at run time, so which model it is could not be told.",
        "Name the model with a literal or a constant, or list what it loads in the manifest and waive this place with "
        "a policy exception.",
    ),
    "unused-model": FindingKind(
        "The manifest lists a model that no code uses any more.",
        "Remove it from the manifest if it is really gone.",
    ),
    "registration-required": FindingKind(
        "The license requires registering or applying with the licensor before some use.",
        "Register or apply with the licensor first, and keep the confirmation with the audit record.",
    ),
}


@dataclass(frozen=True)
class Says:
    """One message a policy rule writes: the finding id, and the message and remedy with named blanks."""

    id: FindingId
    message: str
    remediation: str

    def render(self, **facts: object) -> tuple[str, str]:
        return self.message.format(**facts), self.remediation.format(**facts)


# The messages of the policy rules. `{name}` is the license's name (and how it binds, when not its own).
SAYS: dict[str, Says] = {
    "denied": Says("denied-license", "{name} is on the policy's deny list.", "Choose another model."),
    "not-allowlisted": Says(
        "not-allowlisted",
        "{name} is not on the policy's allow list.",
        "Get legal approval and add the license to allow_licenses, or choose another model.",
    ),
    "non-commercial": Says(
        "non-commercial",
        "{name} does not permit commercial use, and the intended use is commercial.",
        "Obtain a commercial license from the licensor, or choose another model.",
    ),
    "research-only": Says(
        "research-only",
        "{name} is limited to {scope} use: {summary}",
        "Use it only for research or evaluation, get a production license from the licensor, or choose another model.",
    ),
    "mau-unset": Says(
        "mau-cap",
        "{name} has a cap of {limit:,} monthly active users ({measured}); the policy does not state the figure it "
        "tests ({wanted}).",
        "Set {wanted} in the policy.",
    ),
    "mau-over": Says(
        "mau-cap",
        "At {figure:,} monthly active users{when} {whose} is {over} the {limit:,} cap of {name} ({measured}): "
        "{consequence}.",
        "Request a license from the licensor before use (and record it as a policy exception), or choose another "
        "model.",
    ),
    "revenue-unset": Says(
        "revenue-cap",
        "{name} has a revenue threshold of {currency} {amount:,} ({period}); {why}",
        "Set organisation.annual_revenue_usd in the policy.",
    ),
    "revenue-over": Says(
        "revenue-cap",
        "An annual revenue of USD {figure:,} {over} the USD {amount:,} threshold of {name}: {consequence}.",
        "Obtain an enterprise license from the licensor, or choose another model.",
    ),
    "outputs-banned": Says(
        "outputs-training-ban",
        "{name} forbids using its outputs to train {what}, which the intended use does: {summary}",
        "Do not train that model on its outputs, or choose a model whose license allows it.",
    ),
    "outputs-outside-ban": Says(
        "outputs-training-ban",
        "{name} bans training {covers} on its outputs; the intended student, {what}, is outside the ban.",
        "Keep the student as stated in the policy; if it changes, check again.",
    ),
    "outputs-non-commercial": Says(
        "outputs-training-ban",
        "{name} allows training on its outputs for non-commercial purposes only, and the intended use is "
        "commercial: {summary}",
        "Keep the training non-commercial, get a commercial license, or choose another model.",
    ),
    "distribution": Says(
        "use-restriction",
        "{name} does not allow distributing the model or a derivative, and the intended use distributes it: {summary}",
        "Do not distribute it without a separate agreement with the licensor, or choose another model.",
    ),
    "distribution-commercial": Says(
        "non-commercial",
        "{name} does not allow distributing the model or a derivative for commercial purposes, and the intended "
        "use distributes it commercially: {summary}",
        "Get a separate agreement with the licensor first, keep the distribution non-commercial, or choose another "
        "model.",
    ),
    "hosting": Says(
        "hosting-restricted",
        "{name} restricts offering the model as a service: {summary}",
        "Do not host it for third parties without a separate agreement with the licensor, or choose another model.",
    ),
    "domicile-unset": Says(
        "region-restricted",
        "{name} withholds rights from licensees domiciled in {regions}{only}, and the policy does not say where "
        "the organisation is domiciled.",
        "Set organisation.regions in the policy.",
    ),
    "territory-unset": Says(
        "region-restricted",
        "{name} grants no rights in {regions} ({scope}), and the policy does not say where the model, its outputs "
        "or the product are used or offered.",
        "Set intended_use.deployment_regions in the policy (or the model's `use:` in the manifest).",
    ),
    "region-modality-unknown": Says(
        "region-restricted",
        "{name} withholds rights in {regions} for {modalities} models, and the modality of {unknown} is unknown "
        "(no pipeline_tag): check whether the model or its base is multimodal.",
        "Confirm the modality of the model and its bases; if any is multimodal, choose another model.",
    ),
    "region": Says(
        "region-restricted",
        "{name}: {summary} {where} and the model is {modality}{through}.{exempt}",
        "Choose another model (a text-only variant, where the clause covers multimodal models only), or get the "
        "licensor's consent.",
    ),
    "publisher-eu": Says(
        "region-restricted",
        "The model card sets extra_gated_eu_disallowed: the publisher does not grant access from the EU, and the "
        "organisation is in the EU.",
        "Choose another model, or get the publisher's written consent.",
    ),
    "tagged-by-restriction": Says(
        "use-restriction",
        "Review: the model (or a base) is tagged {tags}, which says it was made by what {name} prohibits: "
        "{summary} Using or offering it may facilitate that.",
        "Have legal review the model's provenance, or use the original model with its safety measures.",
    ),
    "use-qualified": Says(
        "use-restriction",
        "Review: intended use case {hit} is permitted by {name} only if lawful, licensed or otherwise outside the "
        "item's limiting words ({qualifier!r}): {summary}",
        "Have legal confirm that the use falls outside those words where it is offered (lawful, licensed, "
        "authorised, with consent, as the item says); record the approval as a policy exception.",
    ),
    "use-banned": Says(
        "use-restriction",
        "Intended use case {hit} is prohibited by {name}: {summary}",
        "Do not use the model for this purpose; choose another model or change the intended use.",
    ),
    "no-derivative-sharing": Says(
        "use-restriction",
        "{name} does not allow sharing derivatives, and the intended use distributes a fine-tuned model: {summary}",
        "Do not distribute modified weights; keep the fine-tune internal, or choose another model.",
    ),
    "share-alike": Says(
        "share-alike",
        "{name} is share-alike: {scope} must be released under the same terms.",
        "Release what you distribute under the same license, or do not distribute it.",
    ),
    "terminated": Says(
        "use-restriction",
        "{name} terminates the rights on {trigger}, and {why}: {summary}",
        "Do not use a model whose guardrails were removed, nor remove them; choose the original model or another.",
    ),
    "registration": Says(
        "registration-required",
        "{name} requires registering or applying with the licensor first ({because}): {summary}",
        "Register or apply with the licensor before this use, and keep the confirmation with the audit record.",
    ),
    "unavailable-policy": Says(
        "use-restriction",
        "{name} incorporates the {policy}, which licscan has no text of, so no use of the model ({touched}) can "
        "be checked against it.",
        "Have legal read the {policy}{url} against the intended use, and record the approval as a policy exception.",
    ),
    "unavailable-policy-bare": Says(
        "use-restriction",
        "{name} incorporates the {policy}, which licscan has no text of: no use of the model can be checked "
        "against it.",
        "Have legal read the {policy} against the intended use.",
    ),
    "duty": Says("notice-required", "{name}: {summary} Due because {trigger}.", "{fix}"),
    "duty-bare": Says("notice-required", "{name}: {summary}", "{fix}"),
    "naming-violation": Says(
        "naming-required",
        '{problem} The clause: "{quote}" (§{section}). Due because {trigger}.',
        "Rename the derivative to begin with {prefix!r} (e.g. {prefix}-{derivative}), or have legal approve the "
        "name and record it as a policy exception.",
    ),
}
