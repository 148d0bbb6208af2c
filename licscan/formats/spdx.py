"""SPDX 2.3 JSON through spdx-tools: a package per model and per lineage entry, licenses outside SPDX as LicenseRefs."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from io import StringIO
from typing import TYPE_CHECKING, Any

from licscan.database import Database
from licscan.formats import HUB, clean, hub_url
from licscan.formats.interface import RenderContext, Reporter
from licscan.results import LineageEntry, ModelResult, Report

if TYPE_CHECKING:
    from spdx_tools.spdx.model.document import Document

HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")

# Lineage relationships, from the model (or the base that names the entry) to the entry. SPDX 2.3 has no
# "trained on" (3.0 added it): a model is GENERATED_FROM its training data the way a binary is generated from
# its sources. Every base-model relation (finetune, adapter, merge, quantized) is DESCENDANT_OF: the derivative
# postdates the base and its license inherits the base's terms; the relation itself goes in the comment.
DATASET_RELATIONSHIP = "GENERATED_FROM"
BASE_RELATIONSHIP = "DESCENDANT_OF"


@dataclass(frozen=True)
class LicenseInfo:
    """A license as SPDX documents name it: a license-list id, or a LicenseRef with its own text."""

    spdx_id: str
    name: str
    listed: bool
    text: str
    url: str | None = None


def listed_id(candidate: str) -> str | None:
    """The canonical SPDX license-list id of `candidate` (any case), or None when it is not on the list."""
    from license_expression import ExpressionError, LicenseSymbol
    from spdx_tools.common.spdx_licensing import spdx_licensing

    # license-expression maps some LicenseRef-s onto list ids as aliases; a LicenseRef is never a list id.
    if not candidate or candidate.lower().startswith("licenseref-") or not re.fullmatch(r"[\w.+-]+", candidate):
        return None
    try:
        parsed = spdx_licensing.parse(candidate, validate=True, strict=True)
    except ExpressionError:
        return None
    return str(parsed.key) if isinstance(parsed, LicenseSymbol) and not parsed.is_exception else None


def slug(name: str, limit: int = 64) -> str:
    """A name in the characters SPDX ids allow ([A-Za-z0-9.-]); a long one is cut and keeps a hash to stay unique."""
    text = re.sub(r"[^A-Za-z0-9.]+", "-", clean(name, oneline=True)).strip("-.") or "x"
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip('-.')}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def license_ref(name: str) -> str:
    return f"LicenseRef-{slug(name)}"


def license_info(name: str | None, db: Database) -> LicenseInfo | None:
    """A database key, Hub id or SPDX id as an SPDX license; None when there is nothing to assert."""
    if not name:
        return None
    key = name if name in db else db.resolve(name)
    entry = db.get(key) if key else None
    if entry is None:
        spdx = listed_id(name)
        if spdx:
            return LicenseInfo(spdx, spdx, True, f"See https://spdx.org/licenses/{spdx}.html")
        note = f"The license {clean(name, oneline=True)!r} is not in the licscan database; no reference text is held."
        return LicenseInfo(license_ref(name), clean(name, oneline=True), False, note)
    text = _reference_text(entry.key, db)
    for alias in entry.aliases.spdx:
        spdx = listed_id(alias)
        if spdx:
            return LicenseInfo(spdx, entry.name, True, text, entry.url)
    return LicenseInfo(license_ref(entry.key), entry.name, False, text, entry.url)


def _reference_text(key: str, db: Database) -> str:
    entry = db.get(key)
    if entry is None or not entry.texts:
        reason = f" ({entry.no_text})" if entry and entry.no_text else ""
        return f"The licscan database holds no reference text for {key}{reason}."
    try:
        return db.read_text(entry.texts[0].file)
    except OSError:
        return f"The reference text of {key} ({entry.texts[0].file}) could not be read."


def declared_names(model: ModelResult) -> list[str]:
    """The card's licenses; `other` means the card names its license in `license_name`."""
    names = [n.strip() for n in (model.declared.license or "").split(",") if n.strip()]
    if model.declared.license_name:
        names = [model.declared.license_name if n == "other" else n for n in names] or [model.declared.license_name]
    return names


def download_location(model_id: str, revision: str | None, *, dataset: bool = False) -> str | None:
    """The Hub repository pinned to a commit, in SPDX's VCS form; None when not pinned or not on the Hub."""
    if not revision or not HUB_ID.match(model_id):
        return None
    return f"git+{HUB}/{'datasets/' if dataset else ''}{model_id}@{revision}"


def purl(model_id: str, revision: str | None) -> str | None:
    """pkg:huggingface/<org>/<name>@<sha> for a Hub model."""
    from packageurl import PackageURL

    if not HUB_ID.match(model_id):
        return None
    namespace, _, name = model_id.rpartition("/")
    return str(PackageURL(type="huggingface", namespace=namespace or None, name=name, version=revision).to_string())


def document_namespace(report: Report) -> str:
    digest = hashlib.sha256(json.dumps(report.to_json_dict(), sort_keys=True).encode()).hexdigest()
    return f"https://spdx.org/spdxdocs/licscan-{digest[:32]}"


def document_name(report: Report) -> str:
    return f"licscan report of {clean(report.manifest, oneline=True)}" if report.manifest else "licscan report"


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
            on_hub=model.source == "hub" and bool(HUB_ID.match(model.id)),
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
            on_hub=bool(HUB_ID.match(entry.id)),
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
    ) -> str:
        from spdx_tools.spdx.model.package import ExternalPackageRef, ExternalPackageRefCategory, Package
        from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion

        if (kind, name) in self.packages:
            return self.packages[(kind, name)]
        spdx_id = self.new_id(("Dataset-" if kind == "dataset" else "Model-") + name)
        dataset = kind == "dataset"
        locator = purl(name, revision) if on_hub and not dataset else None
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
