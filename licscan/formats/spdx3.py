"""SPDX 3.0 JSON-LD with the AI and Dataset profiles, through spdx-tools' spdx3 model and JSON-LD converter."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib import resources
from typing import Any

from licscan.database import Database
from licscan.formats import clean, hub_url
from licscan.formats.interface import RenderContext, Reporter
from licscan.formats.spdx import (
    HUB_ID,
    declared_names,
    document_name,
    document_namespace,
    download_location,
    license_info,
    purl,
    slug,
)
from licscan.results import LineageEntry, ModelResult, Report

# spdx-tools 0.8 implements a pre-release draft of SPDX 3.0: licenses are property values of a package
# (concludedLicense / declaredLicense), not elements joined by hasConcludedLicense / hasDeclaredLicense
# relationships, and the relationship types are `ancestor` / `trainedOn` rather than 3.0.1's `ancestorOf`.
# spdx-tools' own SPDX 2 -> 3 conversion turns "A DESCENDANT_OF B" into "B ancestor A", so lineage is written
# from the base to the derivative; training data as "model trainedOn dataset".


class Spdx3JsonLdReporter(Reporter):
    name = "spdx3-jsonld"

    def render(self, report: Report, ctx: RenderContext) -> str:
        from spdx_tools.spdx3.writer.json_ld.json_ld_converter import convert_payload_to_json_ld_list_of_elements

        payload = build_payload(report, ctx.database)
        # json_ld_writer.write_payload only writes to a file named *.jsonld; this is the same document, as text.
        context_file = resources.files("spdx_tools.spdx3.writer.json_ld").joinpath("context.json")
        context = json.loads(context_file.read_text(encoding="utf-8"))
        document = {"@context": context, "@graph": convert_payload_to_json_ld_list_of_elements(payload)}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def build_payload(report: Report, db: Database) -> Any:
    return _Builder(report, db).build()


class _Builder:
    def __init__(self, report: Report, db: Database) -> None:
        from semantic_version import Version  # type: ignore[import-untyped]
        from spdx_tools.spdx3.model import CreationInfo, ProfileIdentifierType, SoftwareAgent, Tool
        from spdx_tools.spdx3.payload import Payload

        self.report = report
        self.db = db
        self.namespace = document_namespace(report)
        self.payload = Payload()
        self.ids: dict[tuple[str, str], str] = {}
        self.relationships: set[tuple[str, str, str]] = set()
        agent_id, tool_id = self.iri("SoftwareAgent-licscan"), self.iri("Tool-licscan")
        self.info = CreationInfo(
            spec_version=Version("3.0.0"),
            created=report.generated_at or datetime.now(timezone.utc),
            created_by=[agent_id],
            created_using=[tool_id],
            profile=[
                ProfileIdentifierType.CORE,
                ProfileIdentifierType.SOFTWARE,
                ProfileIdentifierType.LICENSING,
                ProfileIdentifierType.AI,
                ProfileIdentifierType.DATASET,
            ],
        )
        name = f"licscan {report.tool.version}"
        self.payload.add_element(SoftwareAgent(agent_id, creation_info=self.info, name=name))
        self.payload.add_element(
            Tool(tool_id, creation_info=self.info, name=name, comment=f"database {report.tool.database_version}")
        )

    def iri(self, local: str) -> str:
        return f"{self.namespace}#SPDXRef-{local}"

    def build(self) -> Any:
        from spdx_tools.spdx3.model import SpdxDocument

        roots = [self.add_model(m) for m in self.report.models]
        for model in self.report.models:
            self.add_lineage(model)
        elements = list(self.payload.get_full_map())
        self.payload.add_element(
            SpdxDocument(
                self.iri("DOCUMENT"),
                name=document_name(self.report),
                element=elements,
                root_element=roots,
                creation_info=self.info,
            )
        )
        return self.payload

    def new_id(self, kind: str, name: str) -> str:
        base = f"{kind}-{slug(name)}"
        spdx_id, n = self.iri(base), 1
        while spdx_id in self.payload.get_full_map():
            n += 1
            spdx_id = self.iri(f"{base}-{n}")
        return spdx_id

    def add_model(self, m: ModelResult) -> str:
        on_hub = m.source == "hub" and bool(HUB_ID.match(m.id))
        return self.add_ai_package(
            m.id,
            m.revision,
            on_hub=on_hub,
            concluded=self.license([m.license] if m.license else []),
            declared=self.license(declared_names(m)),
            comment=clean(m.concluded_by, oneline=True) or None,
        )

    def add_ai_package(
        self, name: str, revision: str | None, *, on_hub: bool, concluded: Any, declared: Any, comment: str | None
    ) -> str:
        from spdx_tools.spdx3.model.ai import AIPackage
        from spdx_tools.spdx3.model.software import SoftwarePurpose

        if ("model", name) in self.ids:
            return self.ids[("model", name)]
        spdx_id = self.new_id("AIPackage", name)
        self.payload.add_element(
            AIPackage(
                spdx_id,
                name=clean(name, oneline=True),
                supplied_by=[],
                download_location=download_location(name, revision) if on_hub else None,
                package_version=revision,
                primary_purpose=SoftwarePurpose.MODEL,
                release_time=None,
                creation_info=self.info,
                concluded_license=concluded,
                declared_license=declared,
                package_url=purl(name, revision) if on_hub else None,
                homepage=hub_url(name) if on_hub else None,
                comment=comment,
            )
        )
        self.ids[("model", name)] = spdx_id
        return spdx_id

    def add_dataset(self, entry: LineageEntry) -> str:
        from spdx_tools.spdx3.model.dataset.dataset import Dataset, DatasetType
        from spdx_tools.spdx3.model.software import SoftwarePurpose

        if ("dataset", entry.id) in self.ids:
            return self.ids[("dataset", entry.id)]
        on_hub = bool(HUB_ID.match(entry.id))
        spdx_id = self.new_id("DatasetPackage", entry.id)
        self.payload.add_element(
            Dataset(
                spdx_id,
                name=clean(entry.id, oneline=True),
                originated_by=[],
                download_location=download_location(entry.id, entry.revision, dataset=True) if on_hub else None,
                primary_purpose=SoftwarePurpose.DATA,
                built_time=None,
                release_time=None,
                dataset_type=[DatasetType.NO_ASSERTION],
                creation_info=self.info,
                declared_license=self.license([entry.license] if entry.license else []),
                package_version=entry.revision,
                homepage=hub_url(entry.id, dataset=True) if on_hub else None,
            )
        )
        self.ids[("dataset", entry.id)] = spdx_id
        return spdx_id

    def add_lineage(self, m: ModelResult) -> None:
        model_id = self.ids[("model", m.id)]
        depth = {e.id: e.depth for e in m.lineage if e.kind == "model"}
        for entry in m.lineage:
            parent_known = entry.parent in depth and depth[entry.parent] < entry.depth
            parent = self.ids.get(("model", entry.parent or "")) if parent_known else None
            if entry.kind == "dataset":
                self.relate(parent or model_id, "TRAINED_ON", self.add_dataset(entry))
            else:
                base = self.add_ai_package(
                    entry.id,
                    entry.revision,
                    on_hub=bool(HUB_ID.match(entry.id)),
                    concluded=None,
                    declared=self.license([entry.license] if entry.license else []),
                    comment=f"base model ({clean(entry.relation, oneline=True)})",
                )
                self.relate(base, "ANCESTOR", parent or model_id)

    def relate(self, source: str, kind: str, target: str) -> None:
        from spdx_tools.spdx3.model import Relationship, RelationshipType

        if (source, kind, target) in self.relationships or source == target:
            return
        self.relationships.add((source, kind, target))
        spdx_id = self.iri(f"Relationship-{len(self.relationships)}")
        self.payload.add_element(
            Relationship(spdx_id, source, RelationshipType[kind], to=[target], creation_info=self.info)
        )

    def license(self, names: list[str]) -> Any:
        from spdx_tools.spdx3.model.licensing import (
            ConjunctiveLicenseSet,
            CustomLicense,
            ListedLicense,
            NoAssertionLicense,
        )

        members: list[Any] = []
        for info in (license_info(n, self.db) for n in names):
            if info is None:
                continue
            kind = ListedLicense if info.listed else CustomLicense
            see_also = [info.url] if info.url else None
            members.append(kind(info.spdx_id, info.name, info.text, see_also=see_also))
        if not members:
            return NoAssertionLicense()
        return members[0] if len(members) == 1 else ConjunctiveLicenseSet(members)
