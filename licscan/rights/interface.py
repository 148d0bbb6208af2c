"""What the rights view is made of: the operations a user asks about, and the rows that answer them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from licscan.conclude import Bound
from licscan.database.models import LicenseEntry, StudentKind
from licscan.frozen import FrozenModel
from licscan.policy.interface import APPLIED_BY, Subject
from licscan.policy.model import IntendedUse
from licscan.results import CitedClause

RightsVerdict = Literal["allowed", "conditional", "not-allowed", "review", "unknown"]
# Worst first wins when several licenses (or terms) speak to one operation.
VERDICT_RANK: dict[str, int] = {"allowed": 0, "conditional": 1, "review": 2, "unknown": 3, "not-allowed": 4}
OperationKind = Literal["use", "hosting", "distribute", "derivative", "outputs", "places", "acceptable-use", "duty"]


@dataclass(frozen=True)
class Operation:
    """One question a user asks of a model's licenses: what the act is, in the engine's trigger vocabulary."""

    id: str
    label: str
    kind: OperationKind
    # The act as an intended use: the policy engine's own triggers (and the license's definitions that add to them:
    # a hosted service that is Distribution, a student that is a derivative) are read from it, in one place.
    use: IntendedUse
    # True: a commercial act; False: a non-commercial one; None: either (a term on commercial use only then
    # becomes a condition "not for commercial purposes" rather than a ban).
    commercial: bool | None = None
    student: StudentKind | None = None
    duties: frozenset[str] = frozenset()  # for a duty row: the obligation kinds it reports


@dataclass(frozen=True)
class LicenseView:
    """One license that binds the model (or, for `licenses show`, one license alone), as the rights read it."""

    entry: LicenseEntry
    bound: Bound
    subject: Subject
    has_model: bool = False  # False for `licenses show`: no model, every reach of every term is listed

    @property
    def via(self) -> str:
        return self.bound.via

    @property
    def applied(self) -> bool:
        """Bound because another license's text applies it (the condition of that text is in `via`)."""
        return self.bound.via.startswith(APPLIED_BY)

    @property
    def version(self) -> str | None:
        """The text version the classifier identified; None = unknown (the strictest reading applies)."""
        return self.bound.version

    @property
    def dataset(self) -> bool:
        return self.bound.dataset

    @property
    def modality(self) -> str | None:
        return self.subject.modality

    @property
    def modality_undecided(self) -> bool:
        return self.subject.modality_undecided

    @property
    def tags(self) -> frozenset[str]:
        """Card tags of the model and its bases, lower case."""
        return frozenset(t.lower() for t in self.subject.tags)


@dataclass(frozen=True)
class Effect:
    """What one term says about one operation."""

    verdict: RightsVerdict
    text: str
    clause: CitedClause | None
    license: str
    commercial_scope: bool = False  # the rule already limited the effect to commercial purposes


class Condition(FrozenModel):
    text: str = Field(description="The condition in plain words, computed from the term's fields.")
    clause: CitedClause | None = Field(description="The clause it rests on (section, verbatim quote, license).")


class RightsRow(FrozenModel):
    operation: str = Field(description="The operation asked about (internal-use, hosting, duty-naming, ...).")
    label: str = Field(description="The operation in words.", exclude=True)
    verdict: RightsVerdict
    license: str | None = Field(description="The database key of the license the verdict comes from.")
    conditions: list[Condition] = Field(default_factory=list)
    clause: CitedClause | None = Field(description="The clause the verdict rests on.")


class ModelRights(FrozenModel):
    id: str
    revision: str | None
    purl: str | None
    license: str | None
    bound: list[str] = Field(description="Every license whose terms count: own, bases', datasets', incorporated.")
    rights: list[RightsRow]
    problems: list[str] = Field(
        default_factory=list, exclude=True, description="Why a model could not be read (exit 3); for stderr."
    )
