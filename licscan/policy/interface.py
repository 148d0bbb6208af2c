"""What passes into the policy stage: the subject to judge (a model and every license that binds it, as concluded)."""

from __future__ import annotations

from dataclasses import dataclass

from licscan.conclude import Bound
from licscan.results import Finding

# How a license that another license's text applies to the model binds (Bound.via starts with it).
APPLIED_BY = "applied to the model by "


@dataclass(frozen=True)
class Subject:
    """What the engine judges: one model, its concluded license and everything else that binds it.

    `modality` is the union over the model's own card and its bases' cards: multimodal when any of them is.
    `modality_unknown` names the models of that lineage whose cards do not say, so that a clause limited to some
    modality can name what could not be decided. `lineage` holds the base model ids and `tags` the card tags of the
    model and its bases, for duties scoped to some models and for terminations a model's making already triggered.
    """

    model: str
    license: str | None
    bound: tuple[Bound, ...]
    modality: str | None = None
    eu_disallowed: bool = False
    derivative_name: str | None = None
    prior: tuple[Finding, ...] = ()
    modality_unknown: tuple[str, ...] = ()
    lineage: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def modality_undecided(self) -> bool:
        """No card of the lineage says multimodal, and at least one says nothing."""
        return self.modality != "multimodal" and (self.modality is None or bool(self.modality_unknown))
