"""The model manifest (models.yaml): which models a repository may use, each with its manifest line."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, model_validator

from licscan.errors import UsageError
from licscan.frozen import FrozenModel
from licscan.policy.model import IntendedUseOverride
from licscan.targets import Target


class ManifestModel(FrozenModel):
    id: str | None = Field(None, description="Hub model id, org/name.")
    path: str | None = Field(None, description="Local directory, relative to the manifest.")
    revision: str | None = Field(None, description="Branch, tag or commit sha to pin.")
    derivative_name: str | None = Field(None, description="The name you ship a derivative under.")
    use: IntendedUseOverride | None = Field(
        None,
        description="Per-model overrides of the policy's intended_use, e.g. the product this model runs in "
        "(product_monthly_active_users), where it is offered (deployment_regions) or what its outputs train "
        "(train_on_outputs).",
    )

    @model_validator(mode="after")
    def _one_of(self) -> ManifestModel:
        if (self.id is None) == (self.path is None):
            raise ValueError("give exactly one of `id` or `path`")
        return self


class Manifest(FrozenModel):
    policy: str | None = Field(None, description="Default policy file, relative to the manifest.")
    models: list[ManifestModel] = Field(min_length=1)


def load_manifest(path: Path) -> tuple[Manifest, list[Target[IntendedUseOverride]], Path | None]:
    """The manifest, its targets (with their line numbers), and its policy path resolved beside it."""
    from licscan.yamlfile import load_model

    manifest, positions = load_model(Manifest, path, "manifest")
    base = path.parent
    targets: list[Target[IntendedUseOverride]] = []
    seen: dict[str, int] = {}
    for i, m in enumerate(manifest.models):
        line = positions.nearest(("models", i))[0]
        ref = m.id if m.id is not None else os.path.relpath(base / m.path) if m.path else ""
        if ref in seen:
            raise UsageError(f"{path}:{line}: duplicate model {m.id or m.path!r} (first at line {seen[ref]})")
        seen[ref] = line
        targets.append(
            Target(ref=ref, revision=m.revision, derivative_name=m.derivative_name, use=m.use, manifest_line=line)
        )
    policy = Path(os.path.normpath(base / manifest.policy)) if manifest.policy else None
    return manifest, targets, policy
