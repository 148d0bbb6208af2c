"""The shipping plan that `licscan notice` writes out and the HTML report's "What to ship" section shows."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from licscan.frozen import FrozenModel
from licscan.results import CitedClause


class NoticeText(FrozenModel):
    """A text that must appear, verbatim, in the "Notice" file shipped with the model."""

    text: str = Field(description="The notice, verbatim: the license's required wording or a repository file's text.")
    license: str = Field(description="The database key of the license that requires it.")
    clause: CitedClause = Field(description="The clause that requires it.")
    path: str | None = Field(None, description="The repository file it was copied from (a NOTICE file), if any.")
    sha256: str | None = Field(None, description="That file's sha256 at the pinned commit.")


class Duty(FrozenModel):
    """A checklist item: an attribution, naming or modification duty, or an action the bundle still needs."""

    kind: Literal["attribution", "naming-prefix", "modification-notice", "notice", "license-copy"]
    license: str
    status: Literal["to-do", "ok", "violation", "missing"] = Field(
        description="to-do: the shipper must do it; ok: checked and met; violation: checked and not met; "
        "missing: the bundle lacks something the license requires."
    )
    text: str | None = Field(None, description="The required wording or name prefix, when the license gives one.")
    message: str
    because: str | None = Field(
        None, description="The intended use that made it due, as the policy stage found it (the same as `check`)."
    )
    clause: CitedClause


class LicenseCopy(FrozenModel):
    """A license file to ship, copied byte for byte from the model's (or its base's) repository."""

    license: str
    repository: str = Field(description="The model whose repository holds the file (the model itself or a base).")
    revision: str | None
    path: str = Field(description="The file's path in that repository.")
    sha256: str
    destination: str | None = Field(None, description="Where --dir put the copy, relative to DIR.")
    clause: CitedClause


class ModelShipment(FrozenModel):
    id: str
    purl: str | None = Field(description="pkg:huggingface/<org>/<name>@<sha>; null for a local model.")
    revision: str | None
    source: Literal["hub", "local"]
    shipped_because: list[str] = Field(description="Which intended uses distribute the model or make it available.")
    licenses: list[str] = Field(description="The licenses whose shipping duties apply.")
    notices: list[NoticeText] = Field(default_factory=list)
    duties: list[Duty] = Field(default_factory=list)
    copies: list[LicenseCopy] = Field(default_factory=list)
    unreadable: list[str] = Field(
        default_factory=list, description="What could not be read, so that the bundle for this model is partial."
    )

    @property
    def missing(self) -> list[Duty]:
        return [d for d in self.duties if d.status == "missing"]


class Violation(FrozenModel):
    """A finding that fails a model under the policy: what makes `licscan notice` exit 1, named in the NOTICE."""

    model: str
    id: str = Field(description="The finding id (region-restricted, revenue-cap, ...).")
    severity: str
    license: str | None
    message: str


class ShipPlan(FrozenModel):
    models: list[ModelShipment] = Field(description="The models the intended use distributes or makes available.")
    internal: list[str] = Field(description="Models used internally only: nothing is required or emitted for them.")
    violations: list[Violation] = Field(
        default_factory=list,
        description="The unwaived findings at or above --fail-on, shipped or internal models alike: why the run "
        "exits 1. Shipping needs each resolved, or waived by a policy exception.",
    )

    @property
    def unreadable(self) -> bool:
        return any(m.unreadable for m in self.models)

    @property
    def complete(self) -> bool:
        return not self.unreadable and not any(m.missing for m in self.models)
