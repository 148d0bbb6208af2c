"""SPDX 2.3 JSON through spdx-tools: a package per model and per lineage entry, licenses outside SPDX as LicenseRefs."""

from __future__ import annotations

from datetime import datetime, timezone
from io import StringIO
from typing import TYPE_CHECKING, Any

from licscan.database import Database
from licscan.formats.common import hub_url
from licscan.formats.identity import (
    LicenseInfo,
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

if TYPE_CHECKING:
    from spdx_tools.spdx.model.document import Document

# Lineage relationships, from the model (or the base that names the entry) to the entry. SPDX 2.3 has no
# "trained on" (3.0 added it): a model is GENERATED_FROM its training data the way a binary is generated from
# its sources. Every base-model relation (finetune, adapter, merge, quantized) is DESCENDANT_OF: the derivative
# postdates the base and its license inherits the base's terms; the relation itself goes in the comment.
DATASET_RELATIONSHIP = "GENERATED_FROM"
BASE_RELATIONSHIP = "DESCENDANT_OF"


class SpdxJsonReporter(Reporter):
    name = "spdx-json"

    def render(self, report: Report, ctx: RenderContext) -> str:
        from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

        stream = StringIO()
        # validate=True: spdx-tools refuses to write a document its validator rejects.
        write_document_to_stream(build_document(report, ctx.database), stream, validate=True)
        return stream.getvalue() + "\n"


def build_document(report: Report, db: Database) -> Document:
    from spdx_tools.spdx.model.actor import Actor, ActorType
    from spdx_tools.spdx.model.document import CreationInfo, Document

    created = report.generated_at or datetime.now(timezone.utc)
    document = Document(
        CreationInfo(
            spdx_version="SPDX-2.3",
            spdx_id="SPDXRef-DOCUMENT",
            name=document_name(report),
            document_namespace=document_namespace(report),
            creators=[Actor(ActorType.TOOL, f"licscan-{report.tool.version}")],
            created=created,
            creator_comment=f"licscan license database {report.tool.database_version}",
        )
    )
    _Builder(document, db).add_report(report)
    return document


class _Builder:
    """Adds packages, relationships and extracted licenses to a document, each once."""

    def __init__(self, document: Document, db: Database) -> None:
        self.document = document
        self.db = db
        self.packages: dict[tuple[str, str], str] = {}
        self.spdx_ids: set[str] = set()
        self.licenses: dict[str, Any] = {}
        self.relationships: set[tuple[str, str, str]] = set()

    def add_report(self, report: Report) -> None:
        for model in report.models:
            model_ref = self.add_model(model)
            self.relate("SPDXRef-DOCUMENT", "DESCRIBES", model_ref)
        for model in report.models:
            self.add_lineage(model)
        self.document.extracted_licensing_info = list(self.licenses.values())

    def add_model(self, model: ModelResult) -> str:
        comment = f"Machine-learning model; licscan verdict: {model.verdict}."
        for g in model.gguf:
            bases = f", base models {clean(', '.join(g.base_models), oneline=True)}" if g.base_models else ""
            license_ = clean(g.license or "-", oneline=True)
            comment += f" GGUF header of {clean(g.path, oneline=True)}: general.license {license_}{bases}."
        files = "; ".join(
            f"{clean(f.path, oneline=True)} sha256:{f.sha256} {f.match} {f.license or 'none'}" for f in model.files
        )
        license_comment = " ".join(
            part
            for part in (clean(model.concluded_by, oneline=True), f"License files: {files}." if files else "")
            if part
        )
        concluded = self.expression([model.license] if model.license else [])
        declared = self.expression(declared_names(model))
        return self.add_package(
            "model",
            model.id,
            model.revision if model.source == "hub" else None,
            concluded=concluded,
            declared=declared,
            comment=comment,
            license_comment=license_comment or None,
            on_hub=model.source == "hub" and bool(HUB_ID.fullmatch(model.id)),
            locator=purl_of(model),
        )

    def add_lineage(self, model: ModelResult) -> None:
        model_ref = self.packages[("model", model.id)]
        depth = {e.id: e.depth for e in model.lineage if e.kind == "model"}
        for entry in model.lineage:
            ref = self.add_entry(entry)
            parent_known = entry.parent in depth and depth[entry.parent] < entry.depth
            parent = self.packages.get(("model", entry.parent or "")) if parent_known else None
            kind = DATASET_RELATIONSHIP if entry.kind == "dataset" else BASE_RELATIONSHIP
            comment = "trained on" if entry.kind == "dataset" else f"base model, relation: {clean(entry.relation)}"
            self.relate(parent or model_ref, kind, ref, comment)

    def add_entry(self, entry: LineageEntry) -> str:
        declared = self.expression([entry.license] if entry.license else [])
        what = "Dataset" if entry.kind == "dataset" else "Base model"
        return self.add_package(
            entry.kind,
            entry.id,
            entry.revision,
            declared=declared,
            comment=f"{what} in the lineage" + (f"; {clean(entry.error, oneline=True)}" if entry.error else "."),
            on_hub=bool(HUB_ID.fullmatch(entry.id)),
            # The Hub's purl type names models; datasets have no purl type, so they are named by their Hub URL.
            locator=hub_purl(entry.id, entry.revision) if entry.kind == "model" else None,
        )

    def add_package(
        self,
        kind: str,
        name: str,
        revision: str | None,
        *,
        concluded: Any = None,
        declared: Any = None,
        comment: str,
        license_comment: str | None = None,
        on_hub: bool,
        locator: str | None,
    ) -> str:
        from spdx_tools.spdx.model.package import ExternalPackageRef, ExternalPackageRefCategory, Package
        from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

        if (kind, name) in self.packages:
            return self.packages[(kind, name)]
        spdx_id = self.new_id(("Dataset-" if kind == "dataset" else "Model-") + name)
        dataset = kind == "dataset"
        package = Package(
            spdx_id=spdx_id,
            name=clean(name, oneline=True),
            download_location=(download_location(name, revision, dataset=dataset) if on_hub else None)
            or SpdxNoAssertion(),
            version=revision,
            files_analyzed=False,
            homepage=hub_url(name, dataset=dataset) if on_hub else None,
            # A license expression refuses bool(), so `x or NOASSERTION` would raise.
            license_concluded=SpdxNoAssertion() if concluded is None else concluded,
            license_declared=SpdxNoAssertion() if declared is None else declared,
            license_comment=license_comment,
            copyright_text=SpdxNoAssertion(),
            comment=comment,
            external_references=[ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", locator)]
            if locator
            else [],
        )
        self.document.packages.append(package)
        self.packages[(kind, name)] = spdx_id
        return spdx_id

    def new_id(self, name: str) -> str:
        base = f"SPDXRef-{slug(name)}"
        spdx_id, n = base, 1
        while spdx_id in self.spdx_ids:
            n += 1
            spdx_id = f"{base}-{n}"
        self.spdx_ids.add(spdx_id)
        return spdx_id

    def expression(self, names: list[str]) -> Any:
        """Several declared licenses all bind the model, so they are joined with AND."""
        from spdx_tools.common.spdx_licensing import spdx_licensing

        infos = [info for info in (license_info(n, self.db) for n in names) if info]
        if not infos:
            return None
        for info in infos:
            if not info.listed:
                self.add_license(info)
        return spdx_licensing.parse(" AND ".join(dict.fromkeys(i.spdx_id for i in infos)))

    def add_license(self, info: LicenseInfo) -> None:
        from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo

        if info.spdx_id not in self.licenses:
            self.licenses[info.spdx_id] = ExtractedLicensingInfo(
                license_id=info.spdx_id,
                extracted_text=info.text,
                license_name=info.name,
                cross_references=[info.url] if info.url else [],
            )

    def relate(self, source: str, kind: str, target: str, comment: str | None = None) -> None:
        from spdx_tools.spdx.model.relationship import Relationship, RelationshipType

        if (source, kind, target) in self.relationships or source == target:
            return
        self.relationships.add((source, kind, target))
        self.document.relationships.append(Relationship(source, RelationshipType[kind], target, comment))
