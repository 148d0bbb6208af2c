"""The model manifest (models.yaml): which models a repository may use, each with its manifest line."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, model_validator

from licscan.errors import UsageError
from licscan.frozen import FrozenModel
from licscan.policy.model import IntendedUseOverride, Revision
from licscan.targets import Target


class ManifestModel(FrozenModel):
    id: str | None = Field(None, description="Hub model id, org/name.")
    path: str | None = Field(None, description="Local directory, relative to the manifest.")
    revision: Revision | None = Field(None, description="Branch, tag or commit sha to pin.")
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
        if m.path is not None:
            ref = _local_ref(path, base, m, positions.nearest(("models", i, "path"))[0])
            key = os.path.realpath(ref)
        else:
            ref, pinned = _hub_ref(path, m.id or "", m.revision, positions.nearest(("models", i, "id"))[0])
            key = ref.lower()
        if key in seen:
            raise UsageError(f"{path}:{line}: duplicate model {m.id or m.path!r} (first at line {seen[key]})")
        seen[key] = line
        targets.append(
            Target(
                ref=ref,
                revision=m.revision if m.path is not None else pinned,
                derivative_name=m.derivative_name,
                use=m.use,
                manifest_line=line,
                local=m.path is not None,
            )
        )
    policy = Path(os.path.normpath(base / manifest.policy)) if manifest.policy else None
    return manifest, targets, policy


def _local_ref(manifest: Path, base: Path, m: ManifestModel, line: int) -> str:
    """A `path:` entry: a folder relative to the manifest, which must exist (it is never looked up on the Hub)."""
    folder = Path(os.path.normpath(base / Path(m.path or "").expanduser()))
    if m.revision is not None:
        raise UsageError(
            f"{manifest}:{line}: `revision:` cannot pin a local folder ({m.path!r}): licscan reads the files as "
            "they are on disk (and records their git commit); remove `revision:`, or list the Hub model with `id:`"
        )
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UsageError(
            f"{manifest}:{line}: path {m.path!r} {what} (paths are relative to the manifest's folder, "
            f"{base.as_posix() or '.'}/); a `path:` is never looked up on the Hub"
        )
    return os.path.relpath(folder)


def _hub_ref(manifest: Path, model_id: str, revision: str | None, line: int) -> tuple[str, str | None]:
    """An `id:` entry (`org/name`, or `org/name@rev`): the Hub id and its pin, checked before any request is made."""
    from licscan.hubnames import is_hub_id
    from licscan.targets import parse_ref

    repo_id, at = parse_ref(model_id)
    if not is_hub_id(repo_id):
        hint = " (for a folder, write `path:`)" if "/" in repo_id or repo_id.startswith(".") else ""
        raise UsageError(
            f"{manifest}:{line}: id {model_id!r} is not a Hub model id (org/name: letters, digits, '-', '_', '.'){hint}"
        )
    if at and revision and at != revision:
        raise UsageError(f"{manifest}:{line}: id {model_id!r} and `revision: {revision}` pin different revisions")
    return repo_id, revision or at
