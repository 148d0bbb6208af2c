"""CycloneDX 1.6 JSON (an ML-BOM) through cyclonedx-python-lib: model components, their licenses and lineage."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timezone
from typing import Any

from licscan.database import Database
from licscan.formats.common import LineageNode, hub_url, lineage_tree
from licscan.formats.identity import declared_names, purl_of
from licscan.formats.interface import RenderContext, Reporter
from licscan.hubnames import HUB_ID
from licscan.identity import hub_purl
from licscan.results import LineageEntry, ModelResult, Report
from licscan.safetext import clean


class CycloneDxReporter(Reporter):
    name = "cyclonedx-json"

    def render(self, report: Report, ctx: RenderContext) -> str:
        from cyclonedx.output.json import JsonV1Dot6

        return str(JsonV1Dot6(build_bom(report, ctx.database)).output_as_string(indent=2)) + "\n"


def build_bom(report: Report, db: Database) -> Any:
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom, BomMetaData
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.tool import ToolRepository

    digest = hashlib.sha256(json.dumps(report.to_json_dict(), sort_keys=True).encode()).hexdigest()
    tool = Component(type=ComponentType.APPLICATION, name="licscan", version=report.tool.version)
    bom = Bom(
        # Derived from the report, so that rendering the same report twice gives the same document.
        serial_number=uuid.UUID(digest[:32]),
        metadata=BomMetaData(
            tools=ToolRepository(components=[tool]),
            timestamp=report.generated_at or datetime.now(timezone.utc),
            properties=[Property(name="licscan:database-version", value=report.tool.database_version)],
        ),
    )
    datasets: dict[str, Any] = {}
    for model in report.models:
        component = _model_component(model, db)
        if component.bom_ref.value in {c.bom_ref.value for c in bom.components}:
            continue
        bom.components.add(component)
        trained_on = []
        for entry in model.lineage:
            if entry.kind == "dataset":
                if entry.id not in datasets:
                    datasets[entry.id] = _dataset_component(entry, db)
                    bom.components.add(datasets[entry.id])
                trained_on.append(datasets[entry.id])
        # CycloneDX has no "trained on" outside modelCard (which the library does not model): a dependency says it.
        bom.register_dependency(component, trained_on)
    return bom


def _split(model_id: str) -> tuple[str | None, str]:
    """A Hub id's organisation is the component's group; any other id (a local path) is all name."""
    if not HUB_ID.fullmatch(model_id):
        return None, clean(model_id, oneline=True)
    group, _, name = model_id.rpartition("/")
    return group or None, name


def _model_component(model: ModelResult, db: Database) -> Any:
    from cyclonedx.model import ExternalReference, ExternalReferenceType, Property, XsUri
    from cyclonedx.model.component import Component, ComponentType, Pedigree

    group, name = _split(model.id)
    on_hub = model.source == "hub"
    ancestors = [_ancestor(node, db) for node in lineage_tree(model) if node[0].kind == "model"]
    properties = [
        Property(name="licscan:verdict", value=model.verdict),
        Property(name="licscan:source", value=model.source),
    ]
    if model.license:
        properties.append(Property(name="licscan:license-key", value=model.license))
    if model.concluded_by:
        properties.append(Property(name="licscan:concluded-by", value=clean(model.concluded_by, oneline=True)))
    properties += [
        Property(name="licscan:finding", value=f"{f.severity} {f.id}{' (waived)' if f.waived else ''}")
        for f in model.findings
    ]
    properties += _model_card(model)
    refs = []
    if on_hub:
        refs.append(
            ExternalReference(type=ExternalReferenceType.MODEL_CARD, url=XsUri(hub_url(model.id, model.revision)))
        )
    licenses = _licenses([model.license] if model.license else [], "concluded", db)
    licenses += _licenses(declared_names(model), "declared", db)
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"model:{clean(model.id, oneline=True)}",
        group=group,
        name=name,
        version=model.revision,
        purl=_purl(purl_of(model)),
        licenses=licenses,
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        external_references=refs,
        properties=properties,
    )


def _ancestor(node: LineageNode, db: Database) -> Any:
    """A base model, with its own bases as its pedigree: the lineage stays a tree."""
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType, Pedigree

    entry, children = node
    ancestors = [_ancestor(child, db) for child in children if child[0].kind == "model"]
    group, name = _split(entry.id)
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        group=group,
        name=name,
        version=entry.revision,
        purl=_purl(hub_purl(entry.id, entry.revision)),
        licenses=_licenses([entry.license] if entry.license else [], "declared", db),
        properties=[Property(name="licscan:relation", value=clean(entry.relation, oneline=True))],
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
    )


def _dataset_component(entry: LineageEntry, db: Database) -> Any:
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri
    from cyclonedx.model.component import Component, ComponentType

    group, name = _split(entry.id)
    refs = []
    if HUB_ID.fullmatch(entry.id):
        url = XsUri(hub_url(entry.id, entry.revision, dataset=True))
        refs.append(ExternalReference(type=ExternalReferenceType.DISTRIBUTION, url=url))
    return Component(
        type=ComponentType.DATA,
        bom_ref=f"dataset:{clean(entry.id, oneline=True)}",
        group=group,
        name=name,
        version=entry.revision,
        licenses=_licenses([entry.license] if entry.license else [], "declared", db),
        external_references=refs,
    )


def _purl(text: str | None) -> Any:
    from packageurl import PackageURL

    return PackageURL.from_string(text) if text else None


def _model_card(model: ModelResult) -> list[Any]:
    """The CycloneDX 1.6 modelCard facts licscan knows, as properties: cyclonedx-python-lib cannot model modelCard.

    Named after the modelCard fields they stand for (modelParameters.task, .datasets, the base models of the
    pedigree's ancestors), plus what each GGUF file's own header says.
    """
    from cyclonedx.model import Property

    out = []
    if model.pipeline_tag:
        out.append(
            Property(name="licscan:modelCard:modelParameters:task", value=clean(model.pipeline_tag, oneline=True))
        )
    if model.modality:
        out.append(Property(name="licscan:modelCard:modality", value=clean(model.modality, oneline=True)))
    for entry in model.lineage:
        if entry.kind == "dataset":
            out.append(Property(name="licscan:modelCard:modelParameters:dataset", value=clean(entry.id, oneline=True)))
        elif entry.depth == 1:
            value = f"{clean(entry.id, oneline=True)} ({clean(entry.relation, oneline=True)})"
            out.append(Property(name="licscan:modelCard:baseModel", value=value))
    for g in model.gguf:
        path = clean(g.path, oneline=True)
        if g.license:
            out.append(Property(name="licscan:gguf:license", value=f"{path}: {clean(g.license, oneline=True)}"))
        for base in g.base_models:
            out.append(Property(name="licscan:gguf:base-model", value=f"{path}: {clean(base, oneline=True)}"))
        if g.name:
            out.append(Property(name="licscan:gguf:name", value=f"{path}: {clean(g.name, oneline=True)}"))
    return out


def _licenses(names: list[str], acknowledgement: str, db: Database) -> list[Any]:
    """SPDX ids where CycloneDX's list knows them, else the license by name, with the text licscan holds."""
    from cyclonedx.model import AttachedText, XsUri
    from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement
    from cyclonedx.spdx import fixup_id

    ack = LicenseAcknowledgement(acknowledgement)
    out = []
    for name in names:
        key = name if name in db else db.resolve(name)
        entry = db.get(key) if key else None
        candidates = entry.aliases.spdx if entry else [name]
        spdx = next((fixup_id(c) for c in candidates if not c.lower().startswith("licenseref-") and fixup_id(c)), None)
        if spdx:
            out.append(DisjunctiveLicense(id=spdx, acknowledgement=ack))
            continue
        text = None
        # The full text once, on the concluded license; declared mentions name it and link to it.
        if entry and entry.texts and acknowledgement == "concluded":
            try:
                text = AttachedText(content=db.read_text(entry.texts[0].file), content_type="text/plain")
            except OSError:
                text = None
        url = XsUri(entry.url) if entry and entry.url else None
        label = entry.name if entry else clean(name, oneline=True)
        out.append(DisjunctiveLicense(name=label, text=text, url=url, acknowledgement=ack))
    return out
