"""SPDX 2.3 JSON: valid for spdx-tools, packages with declared and concluded licenses, LicenseRefs, lineage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spdx_tools.spdx.parser.json.json_parser import parse_from_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from licscan.database import Database
from licscan.formats.identity import license_info, listed_id
from licscan.formats.spdx import SpdxJsonReporter, build_document
from tests.test_formats_common import BASE_SHA, SHA, TEXTS, build_database, context, llama_like, sample_report


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


@pytest.fixture
def doc(database: Database) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(SpdxJsonReporter().render(sample_report(), context(database)))
    return out


def packages(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in doc["packages"]}


def test_document_passes_the_spdx_tools_validator(database: Database, tmp_path: Path) -> None:
    assert validate_full_spdx_document(build_document(sample_report(), database)) == []
    # And what was written parses back into a valid document.
    path = tmp_path / "report.spdx.json"
    path.write_text(SpdxJsonReporter().render(sample_report(), context(database)), encoding="utf-8")
    assert validate_full_spdx_document(parse_from_file(str(path))) == []


def test_one_package_per_model_with_its_licenses(doc: dict[str, Any]) -> None:
    assert doc["spdxVersion"] == "SPDX-2.3" and doc["dataLicense"] == "CC0-1.0"
    assert doc["creationInfo"]["creators"] == ["Tool: licscan-0.1.0"]
    model = packages(doc)["acme/Acme-8B-Instruct"]
    assert model["versionInfo"] == SHA
    assert model["downloadLocation"] == f"git+https://huggingface.co/acme/Acme-8B-Instruct@{SHA}"
    assert model["licenseConcluded"] == "LicenseRef-acme-community"
    assert model["licenseDeclared"] == "LicenseRef-acme-community"
    assert model["externalRefs"] == [
        {
            "referenceCategory": "PACKAGE_MANAGER",
            "referenceLocator": f"pkg:huggingface/acme/Acme-8B-Instruct@{SHA}",
            "referenceType": "purl",
        }
    ]
    assert "checksums" not in model
    hostile = next(p for name, p in packages(doc).items() if name.startswith("evil/"))
    assert hostile["licenseConcluded"] == "Apache-2.0" and hostile["licenseDeclared"] == "Apache-2.0"
    local = packages(doc)["./models/in-house"]
    assert local["licenseConcluded"] == "NOASSERTION" and local["downloadLocation"] == "NOASSERTION"
    assert local["externalRefs"] == [
        {"referenceCategory": "PACKAGE_MANAGER", "referenceLocator": "pkg:generic/in-house", "referenceType": "purl"}
    ]
    base = packages(doc)["acme/Acme-8B"]
    assert base["externalRefs"][0]["referenceLocator"] == f"pkg:huggingface/acme/Acme-8B@{BASE_SHA}"
    described = [r["relatedSpdxElement"] for r in doc["relationships"] if r["relationshipType"] == "DESCRIBES"]
    assert len(described) == 3


def test_licenses_outside_spdx_carry_their_text(doc: dict[str, Any]) -> None:
    extracted = {e["licenseId"]: e for e in doc["hasExtractedLicensingInfos"]}
    acme = extracted["LicenseRef-acme-community"]
    assert acme["extractedText"] == TEXTS["acme-community.txt"]
    assert acme["name"] == "Acme Community License"
    assert acme["seeAlsos"] == ["https://acme.example/license"]


def test_lineage_relationships(doc: dict[str, Any]) -> None:
    ids = {p["SPDXID"]: p["name"] for p in doc["packages"]}
    found = {
        (ids[r["spdxElementId"]], r["relationshipType"], ids[r["relatedSpdxElement"]])
        for r in doc["relationships"]
        if r["relationshipType"] != "DESCRIBES"
    }
    assert {
        ("acme/Acme-8B-Instruct", "DESCENDANT_OF", "acme/Acme-8B"),
        ("acme/Acme-8B", "DESCENDANT_OF", "acme/Acme-8B-pretrain"),
        ("acme/Acme-8B", "GENERATED_FROM", "acme/web-corpus"),
        ("acme/Acme-8B-Instruct", "GENERATED_FROM", "acme/chat-sft"),
    } <= found
    assert packages(doc)["acme/web-corpus"]["licenseDeclared"] == "ODC-By-1.0"
    assert packages(doc)["acme/chat-sft"]["licenseDeclared"] == "NOASSERTION"


def test_license_mapping(database: Database) -> None:
    assert listed_id("apache-2.0") == "Apache-2.0"
    assert listed_id("LicenseRef-Apache") is None
    assert listed_id("llama3.1") is None
    info = license_info("acme-no-text", database)
    assert info and info.spdx_id == "LicenseRef-acme-no-text" and "behind a login" in info.text
    unknown = license_info("totally-new", database)
    assert unknown and unknown.spdx_id == "LicenseRef-totally-new" and not unknown.listed
    assert license_info(None, database) is None


def test_several_declared_licenses_all_bind(database: Database) -> None:
    model = llama_like().model_copy(
        update={"declared": llama_like().declared.model_copy(update={"licenses": ("apache-2.0", "acme-no-text")})}
    )
    document = build_document(sample_report([model]), database)
    assert validate_full_spdx_document(document) == []
    assert str(document.packages[0].license_declared) == "Apache-2.0 AND LicenseRef-acme-no-text"


def test_the_gguf_header_is_in_the_package_comment(database: Database) -> None:
    from licscan.results import GGUFEvidence

    gguf = GGUFEvidence(path="m-Q4_K_M.gguf", license="llama3.1", base_models=["acme/Acme-8B"], name="Acme")
    model = llama_like().model_copy(update={"gguf": [gguf]})
    doc = json.loads(SpdxJsonReporter().render(sample_report([model]), context(database)))
    package = next(p for p in doc["packages"] if p["name"] == "acme/Acme-8B-Instruct")
    assert "GGUF header of m-Q4_K_M.gguf: general.license llama3.1, base models acme/Acme-8B." in package["comment"]
