"""What every policy rule reads: one binding license of one subject under one intended use, and whether a term's
conditions (text versions, the models it reaches, a size threshold, commercial-only scope) are met."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from licscan.catalogue import SAYS
from licscan.conclude import Bound
from licscan.database.models import Clause, LicenseEntry, Term, Threshold
from licscan.policy.interface import Subject
from licscan.policy.model import IntendedUse, OutputsUse, Policy
from licscan.results import CitedClause, Duty, Finding, Severity

# What each trigger is, in words, for the duty that it sets off.
TRIGGER_WORDS = {
    "distribute": "the intended use distributes the weights",
    "derivative": "the intended use distributes a modified model (a fine-tune, or a student the text counts as a "
    "derivative)",
    "derivative-hosted": "the intended use makes a modified model available to others as a service",
    "modify": "the intended use modifies the model (a fine-tune, or a student the text counts as a derivative)",
    "product": "the intended use makes the model available inside a product or service",
    "hosting": "the intended use offers the model to others as a service",
    "outputs-training": "the intended use trains a model on its outputs",
    "outputs-model-shared": "the model trained on its outputs is distributed or made available",
    "commercial": "the intended use is commercial",
    "any-use": "any use of the model",
    "publication": "results obtained with the model are published or presented",
}


@dataclass(frozen=True)
class Reach:
    """A term whose conditions are met; `notes` says which of them could not be decided and were read as met."""

    notes: tuple[str, ...] = ()

    def suffix(self) -> str:
        return "".join(f" ({note})" for note in self.notes)


@dataclass
class Context:
    subject: Subject
    bound: Bound
    entry: LicenseEntry
    policy: Policy
    use: IntendedUse

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def name(self) -> str:
        via = "" if self.bound.via == "own license" else f" ({self.bound.via})"
        return f"{self.entry.name}{via}"

    @cached_property
    def outputs(self) -> OutputsUse | None:
        return self.use.outputs_use()

    @cached_property
    def triggers(self) -> dict[str, str]:
        """The triggers the intended use sets off under this license, each with why (in words)."""
        return active_triggers(self.use, self)

    @cached_property
    def duties(self) -> list[Duty]:
        """The duties of this license that the intended use makes due (computed once, for findings and notice)."""
        from licscan.policy.duties import due_duties

        return due_duties(self)

    @cached_property
    def unhosted_triggers(self) -> dict[str, str]:
        """The triggers the intended use sets off without its hosting, for duties that except a hosted service."""
        return active_triggers(self.use.model_copy(update={"hosting": False}), self)

    def reach(self, term: Term) -> Reach | None:
        """Whether the term's conditions are met (None: the term does not apply to this use of this model)."""
        notes: list[str] = []
        if term.commercial_only and not self.use.commercial:
            return None
        if term.versions:
            version = self.bound.version
            if version is not None and version not in term.versions:
                return None
            if version is None:
                notes.append(
                    f"stated only in the text versions {', '.join(term.versions)} of {len(self.entry.texts)}; the "
                    "model's text version is unknown, so the strictest reading applies"
                )
        if term.models is not None:
            wanted = term.models.modalities
            if self.subject.modality not in wanted:
                if not self.subject.modality_undecided:
                    return None
                unknown = ", ".join(self.subject.modality_unknown or (self.subject.model,))
                notes.append(
                    f"it reaches {', '.join(wanted)} models only (§{term.models.definition.section}), and the "
                    f"modality of {unknown} is unknown, so it is taken to be one"
                )
        if term.threshold is not None:
            above, note = self._above(term.threshold)
            if not above:
                return None
            if note:
                notes.append(note)
        return Reach(tuple(notes))

    def _above(self, t: Threshold) -> tuple[bool, str | None]:
        """Whether the organisation (or product) is above the threshold; unknown figures read as above."""
        org, use = self.policy.organisation, self.use
        unknown: list[str] = []
        above = False
        if t.users is not None:
            figure = org.monthly_active_users
            if t.counts == "product" and use.product_monthly_active_users is not None:
                figure = use.product_monthly_active_users
            if figure is None:
                unknown.append("monthly active users")
            elif figure > t.users or (t.at_least and figure == t.users):
                above = True
        if t.revenue is not None:
            revenue = org.annual_revenue_usd
            if revenue is None or t.currency.upper() != "USD":
                unknown.append("revenue" if revenue is None else f"revenue in {t.currency}")
            # A month's revenue can be as large as the year's: only a year at or below the threshold rules it out.
            elif revenue > t.revenue or (t.at_least and revenue == t.revenue):
                above = True
        if above:
            return True, None
        if unknown:
            return True, (
                f"it applies above a threshold (§{t.clause.section}), and the policy does not state the "
                f"{' or '.join(unknown)} it tests, so it is taken to be met"
            )
        return False, None

    def say(
        self,
        says: str,
        severity: Severity,
        clause: Clause | CitedClause | None = None,
        reach: Reach | None = None,
        **facts: object,
    ) -> Finding:
        """A finding worded by the catalogue, with the notes of the conditions that were read as met."""
        wording = SAYS[says]
        message, remediation = wording.render(name=self.name, **facts)
        cited = CitedClause(section=clause.section, quote=clause.quote, license=self.key) if clause else None
        return Finding(
            id=wording.id,
            severity=severity,
            model=self.subject.model,
            license=self.key,
            message=message + (reach.suffix() if reach else ""),
            clause=cited,
            remediation=remediation,
        )


def active_triggers(use: IntendedUse, ctx: Context | None = None) -> dict[str, str]:
    """The triggers an intended use sets off, each with why; under a license (ctx), also those its definitions add:
    a hosted service that is Distribution, a student that is a derivative."""
    active: dict[str, str] = {"any-use": TRIGGER_WORDS["any-use"]}

    def add(trigger: str, why: str | None = None) -> None:
        active.setdefault(trigger, why or TRIGGER_WORDS[trigger])

    if use.commercial:
        add("commercial")
    if use.distribute_weights:
        add("distribute")
        add("product")
    if use.hosting:
        add("hosting")
        add("product")
    if use.fine_tune:
        add("modify")
    if use.fine_tune and use.distribute_weights:
        add("derivative")
    # "distributed or made available": a fine-tune offered as a service is made available without being shipped.
    if use.fine_tune and use.hosting:
        add("derivative-hosted")
    outputs = use.outputs_use()
    if outputs is not None:
        add("outputs-training")
        if outputs.distributed:
            add("outputs-model-shared")
    if ctx is None:
        return active
    terms = ctx.entry.terms
    defined = terms.hosting_is_distribution
    if use.hosting and defined is not None and ctx.reach(defined) is not None:
        why = f"the intended use offers it as a service, which §{defined.clause.section} defines as Distribution"
        add("distribute", why)
        if use.fine_tune:
            add("derivative", why)
    distilled = terms.distillation
    if outputs is None or distilled is None or outputs.student not in distilled.students:
        return active
    if ctx.reach(distilled) is not None:
        purpose = f"; its purpose test, {distilled.purpose!r}, is taken as met" if distilled.purpose else ""
        section = distilled.clause.section
        why = f"the {outputs.student} model trained on its outputs is a derivative by §{section}{purpose}"
        add("modify", why)
        if outputs.distributed:
            add("derivative", why + " and is distributed or made available")
            add("derivative-hosted", why + " and is distributed or made available")
    return active
