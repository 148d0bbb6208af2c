"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, through spdx-python-model (the bindings made from the spec)."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Any

from licscan.database import Database
from licscan.formats.common import hub_url
from licscan.formats.identity import (
    declared_names,
    document_name,
    document_namespace,
    download_location,
    license_info,
    purl_of,
    slug,
)
from licscan.formats.interface import RenderContext, Reporter
from licscan.hubnames import HUB_ID
from licscan.identity import hub_purl
from licscan.results import LineageEntry, ModelResult, Report
from licscan.safetext import clean

# Lineage in 3.0.1's own terms: "base ancestorOf derivative" for every base-model relation (the relation itself,
# finetune / adapter / quantized / merge, goes in the relationship's comment); "model trainedOn dataset" for the
# card's datasets, which are its training data, and testedOn for evaluation data.
_DATASET_RELATIONSHIPS = {
    "dataset": "trainedOn",
    "trained": "trainedOn",
    "tested": "testedOn",
    "evaluation": "testedOn",
}


class Spdx3JsonLdReporter(Reporter):
    name = "spdx3-jsonld"

    def render(self, report: Report, ctx: RenderContext) -> str:
        from spdx_python_model import v3_0_1 as spdx

        objects = _Builder(report, ctx.database).build()
        out = io.BytesIO()
        # The bindings check every property's type and count as they encode: a document that breaks the model
        # raises here rather than being written.
        spdx.JSONLDSerializer().write(objects, out, indent=2)
        return out.getvalue().decode("utf-8") + "\n"


class _Builder:
    """Adds each element once: models, datasets, licenses, and the relationships between them."""

    def __init__(self, report: Report, db: Database) -> None:
        from spdx_python_model import v3_0_1 as spdx

        self.spdx = spdx
        self.report = report
        self.db = db
        self.namespace = document_namespace(report)
        self.objects = spdx.SHACLObjectSet()
        self.elements: list[Any] = []
        self.packages: dict[tuple[str, str], Any] = {}
        self.licenses: dict[str, Any] = {}
        self.expressions: dict[str, Any] = {}
        self.relationships: set[tuple[str, str, str]] = set()
        self.ids: set[str] = set()
        self.info = spdx.CreationInfo(specVersion="3.0.1", created=report.generated_at or datetime.now(timezone.utc))
        name = f"licscan {report.tool.version}"
        agent = self.add(spdx.SoftwareAgent, "SoftwareAgent-licscan", name=name)
        tool = self.add(spdx.Tool, "Tool-licscan", name=name, comment=f"database {report.tool.database_version}")
        self.info.createdBy = [agent]
        self.info.createdUsing = [tool]
        self.objects.add(self.info)

    def iri(self, local: str) -> str:
        base = f"{self.namespace}#{local}"
        iri, n = base, 1
        while iri in self.ids:
            n += 1
            iri = f"{base}-{n}"
        self.ids.add(iri)
        return iri

    def add(self, cls: Any, local: str, **properties: Any) -> Any:
        element = cls(_id=self.iri(local), creationInfo=self.info, **{k: v for k, v in properties.items() if v})
        self.objects.add(element)
        self.elements.append(element)
        return element

    def build(self) -> Any:
        spdx = self.spdx
        roots = [self.add_model(m) for m in self.report.models]
        for model in self.report.models:
            self.add_lineage(model)
        document = spdx.SpdxDocument(
            _id=self.iri("SpdxDocument"),
            creationInfo=self.info,
            name=document_name(self.report),
            element=list(self.elements),
            rootElement=roots,
            profileConformance=[
                spdx.ProfileIdentifierType.core,
                spdx.ProfileIdentifierType.software,
                spdx.ProfileIdentifierType.simpleLicensing,
                spdx.ProfileIdentifierType.expandedLicensing,
                spdx.ProfileIdentifierType.ai,
                spdx.ProfileIdentifierType.dataset,
            ],
        )
        self.objects.add(document)
        return self.objects

    def add_model(self, m: ModelResult) -> Any:
        on_hub = m.source == "hub" and bool(HUB_ID.fullmatch(m.id))
        comments = [clean(m.concluded_by, oneline=True), f"licscan verdict: {m.verdict}."]
        comments += [
            f"GGUF header of {clean(g.path, oneline=True)}: general.license {clean(g.license or '-', oneline=True)}"
            + (f", base models {clean(', '.join(g.base_models), oneline=True)}" if g.base_models else "")
            for g in m.gguf
        ]
        package = self.ai_package(
            m.id,
            m.revision if on_hub else None,
            purl_of(m),
            on_hub=on_hub,
            comment="; ".join(c for c in comments if c),
        )
        self.relate(package, "hasConcludedLicense", self.expression([m.license] if m.license else []))
        self.relate(package, "hasDeclaredLicense", self.expression(declared_names(m)))
        return package

    def ai_package(self, name: str, revision: str | None, purl: str | None, *, on_hub: bool, comment: str) -> Any:
        spdx = self.spdx
        if ("model", name) in self.packages:
            return self.packages[("model", name)]
        package = self.add(
            spdx.ai_AIPackage,
            f"AIPackage-{slug(name)}",
            name=clean(name, oneline=True),
            software_primaryPurpose=spdx.software_SoftwarePurpose.model,
            software_packageVersion=revision,
            software_downloadLocation=download_location(name, revision) if on_hub else None,
            software_homePage=hub_url(name) if on_hub else None,
            software_packageUrl=purl,
            externalIdentifier=[
                spdx.ExternalIdentifier(externalIdentifierType=spdx.ExternalIdentifierType.packageUrl, identifier=purl)
            ]
            if purl
            else None,
            comment=comment,
        )
        self.packages[("model", name)] = package
        return package

    def dataset(self, entry: LineageEntry) -> Any:
        spdx = self.spdx
        if ("dataset", entry.id) in self.packages:
            return self.packages[("dataset", entry.id)]
        on_hub = bool(HUB_ID.fullmatch(entry.id))
        package = self.add(
            spdx.dataset_DatasetPackage,
            f"DatasetPackage-{slug(entry.id)}",
            name=clean(entry.id, oneline=True),
            software_primaryPurpose=spdx.software_SoftwarePurpose.data,
            # The Hub card does not say what kind of data it is in terms SPDX knows.
            dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
            software_packageVersion=entry.revision,
            software_downloadLocation=download_location(entry.id, entry.revision, dataset=True) if on_hub else None,
            software_homePage=hub_url(entry.id, dataset=True) if on_hub else None,
            comment=clean(entry.error, oneline=True) if entry.error else None,
        )
        self.relate(package, "hasDeclaredLicense", self.expression([entry.license] if entry.license else []))
        self.packages[("dataset", entry.id)] = package
        return package

    def add_lineage(self, m: ModelResult) -> None:
        model = self.packages[("model", m.id)]
        depth = {e.id: e.depth for e in m.lineage if e.kind == "model"}
        for entry in m.lineage:
            parent_known = entry.parent in depth and depth[entry.parent] < entry.depth
            parent = self.packages.get(("model", entry.parent or "")) if parent_known else None
            if entry.kind == "dataset":
                kind = _DATASET_RELATIONSHIPS.get(entry.relation, "trainedOn")
                self.relate(parent or model, kind, self.dataset(entry))
                continue
            comment = f"base model ({clean(entry.relation, oneline=True)})"
            base = self.ai_package(
                entry.id,
                entry.revision,
                hub_purl(entry.id, entry.revision),
                on_hub=bool(HUB_ID.fullmatch(entry.id)),
                comment=comment + (f"; {clean(entry.error, oneline=True)}" if entry.error else ""),
            )
            self.relate(base, "hasDeclaredLicense", self.expression([entry.license] if entry.license else []))
            self.relate(base, "ancestorOf", parent or model, comment)

    def relate(self, source: Any, kind: str, target: Any, comment: str | None = None) -> None:
        spdx = self.spdx
        if target is None or source is target or (source._id, kind, target._id) in self.relationships:
            return
        self.relationships.add((source._id, kind, target._id))
        self.add(
            spdx.Relationship,
            f"Relationship-{len(self.relationships)}",
            from_=source,
            to=[target],
            relationshipType=getattr(spdx.RelationshipType, kind),
            comment=comment,
        )

    def expression(self, names: list[str]) -> Any:
        """Several declared licenses all bind the model: one expression joins them with AND.

        Licenses on the SPDX list are named by their id; the others (most AI licenses) are CustomLicense elements
        with the reference text licscan holds, named in the expression by their LicenseRef- id.
        """
        spdx = self.spdx
        infos = [info for info in (license_info(n, self.db) for n in names) if info]
        if not infos:
            return None
        ids = list(dict.fromkeys(i.spdx_id for i in infos))
        text = " AND ".join(ids)
        if text in self.expressions:
            return self.expressions[text]
        custom = []
        for info in infos:
            if info.listed or info.spdx_id in self.licenses:
                continue
            self.licenses[info.spdx_id] = self.add(
                spdx.expandedlicensing_CustomLicense,
                info.spdx_id,
                name=clean(info.name, oneline=True),
                simplelicensing_licenseText=info.text,
                expandedlicensing_seeAlso=[info.url] if info.url else None,
            )
        for spdx_id in ids:
            if spdx_id in self.licenses:
                custom.append(spdx.DictionaryEntry(key=spdx_id, value=self.licenses[spdx_id]._id))
        expression = self.add(
            spdx.simplelicensing_LicenseExpression,
            f"LicenseExpression-{slug(text)}",
            simplelicensing_licenseExpression=text,
            simplelicensing_customIdToUri=custom or None,
        )
        self.expressions[text] = expression
        return expression
