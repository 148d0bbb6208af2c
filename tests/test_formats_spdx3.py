"""SPDX 3.0.1 JSON-LD: AI and Dataset packages, license relationships, LicenseRef texts and the lineage."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from licscan.database import Database
from licscan.formats.spdx3 import Spdx3JsonLdReporter
from licscan.results import LineageEntry, Report
from tests.spdx3check import dangling, decode, spdx3_validate
from tests.test_formats_common import SHA, build_database, context, llama_like, sample_report


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


@pytest.fixture
def out(database: Database) -> str:
    return Spdx3JsonLdReporter().render(sample_report(), context(database))


def graph(out: str) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = json.loads(out)["@graph"]
    return elements


def by_id(out: str) -> dict[str, dict[str, Any]]:
    return {e.get("spdxId") or e["@id"]: e for e in graph(out)}


def named(out: str, name: str) -> dict[str, Any]:
    return next(e for e in graph(out) if e.get("name") == name)


def related(out: str, source: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The elements `source` points to with relationships of this type."""
    elements = by_id(out)
    return [
        elements[target]
        for e in graph(out)
        if e["type"] == "Relationship" and e["from"] == source["spdxId"] and e["relationshipType"] == kind
        for target in e["to"]
    ]


def test_it_is_spdx_3_0_1_with_the_ai_and_dataset_profiles(out: str) -> None:
    doc = json.loads(out)
    assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    (info,) = [e for e in graph(out) if e["type"] == "CreationInfo"]
    assert info["specVersion"] == "3.0.1"
    (document,) = [e for e in graph(out) if e["type"] == "SpdxDocument"]
    assert {"core", "software", "ai", "dataset", "simpleLicensing", "expandedLicensing"} <= set(
        document["profileConformance"]
    )
    types = [e["type"] for e in graph(out)]
    assert types.count("ai_AIPackage") == 6  # 3 models, 3 base models
    assert types.count("dataset_DatasetPackage") == 2
    # The spec's own bindings read it back: every property has the type and count the model requires.
    decoded = {o._id for o in decode(out).foreach() if o._id and not o._id.startswith("_:")}
    assert decoded == {e["spdxId"] for e in graph(out) if "spdxId" in e}
    assert dangling(out) == []


def test_a_model_is_an_ai_package_named_by_its_purl(out: str) -> None:
    model = named(out, "acme/Acme-8B-Instruct")
    assert model["type"] == "ai_AIPackage" and model["software_primaryPurpose"] == "model"
    assert model["software_packageVersion"] == SHA
    purl = f"pkg:huggingface/acme/Acme-8B-Instruct@{SHA}"
    assert model["software_packageUrl"] == purl
    assert model["externalIdentifier"] == [
        {"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": purl}
    ]
    assert model["software_downloadLocation"] == f"git+https://huggingface.co/acme/Acme-8B-Instruct@{SHA}"
    local = named(out, "./models/in-house")
    assert local["software_packageUrl"] == "pkg:generic/in-house" and "software_downloadLocation" not in local


def test_licenses_are_relationships_and_ai_licenses_carry_their_text(out: str) -> None:
    model = named(out, "acme/Acme-8B-Instruct")
    assert "declaredLicense" not in model and "concludedLicense" not in model  # the draft's properties are gone
    (concluded,) = related(out, model, "hasConcludedLicense")
    (declared,) = related(out, model, "hasDeclaredLicense")
    assert concluded is declared or concluded == declared
    assert concluded["type"] == "simplelicensing_LicenseExpression"
    assert concluded["simplelicensing_licenseExpression"] == "LicenseRef-acme-community"
    (entry,) = concluded["simplelicensing_customIdToUri"]
    custom = by_id(out)[entry["value"]]
    assert entry["key"] == "LicenseRef-acme-community"
    assert custom["type"] == "expandedlicensing_CustomLicense" and custom["name"] == "Acme Community License"
    assert custom["simplelicensing_licenseText"].startswith("ACME COMMUNITY LICENSE")
    assert custom["expandedlicensing_seeAlso"] == ["https://acme.example/license"]
    hostile = next(e for e in graph(out) if e.get("name", "").startswith("evil/"))
    (listed,) = related(out, hostile, "hasConcludedLicense")
    # A license on the SPDX list is named by its id, with no CustomLicense of its own.
    assert listed["simplelicensing_licenseExpression"] == "Apache-2.0" and "simplelicensing_customIdToUri" not in listed


def test_lineage_is_ancestor_of_and_trained_on(out: str) -> None:
    model = named(out, "acme/Acme-8B-Instruct")
    base = named(out, "acme/Acme-8B")
    grand = named(out, "acme/Acme-8B-pretrain")
    assert related(out, base, "ancestorOf") == [model]
    assert related(out, grand, "ancestorOf") == [base]
    assert base["software_packageUrl"] == "pkg:huggingface/acme/Acme-8B@d04e592bb4f6aa9cfee91e2e20afa771667e1d4b"
    (grand_license,) = related(out, grand, "hasDeclaredLicense")
    assert grand_license["simplelicensing_licenseExpression"] == "Apache-2.0"
    assert [d["name"] for d in related(out, model, "trainedOn")] == ["acme/chat-sft"]
    # The base's own training data hangs off the base, not the fine-tune.
    (corpus,) = related(out, base, "trainedOn")
    assert corpus["type"] == "dataset_DatasetPackage" and corpus["dataset_datasetType"] == ["noAssertion"]
    assert related(out, corpus, "hasDeclaredLicense")[0]["simplelicensing_licenseExpression"] == "ODC-By-1.0"


def evaluated() -> Report:
    model = llama_like().model_copy(
        update={
            "lineage": [
                LineageEntry(id="acme/eval-set", relation="evaluation", license="apache-2.0", kind="dataset"),
            ]
        }
    )
    return sample_report([model])


def several_declared() -> Report:
    model = llama_like().model_copy(
        update={"declared": llama_like().declared.model_copy(update={"licenses": ("apache-2.0", "acme-no-text")})}
    )
    return sample_report([model])


def test_evaluation_data_is_tested_on(database: Database) -> None:
    out = Spdx3JsonLdReporter().render(evaluated(), context(database))
    assert [d["name"] for d in related(out, named(out, "acme/Acme-8B-Instruct"), "testedOn")] == ["acme/eval-set"]


def test_document_roots_are_the_models(out: str) -> None:
    (document,) = [e for e in graph(out) if e["type"] == "SpdxDocument"]
    roots = {by_id(out)[r]["name"] for r in document["rootElement"]}
    assert roots == {"acme/Acme-8B-Instruct", "./models/in-house", "evil/<script>alert(1)</script>"}
    ids = {e.get("spdxId") for e in graph(out)} - {None}
    assert set(document["element"]) <= ids


def test_several_declared_licenses_are_one_conjunctive_expression(database: Database) -> None:
    out = Spdx3JsonLdReporter().render(several_declared(), context(database))
    (declared,) = related(out, named(out, "acme/Acme-8B-Instruct"), "hasDeclaredLicense")
    assert declared["simplelicensing_licenseExpression"] == "Apache-2.0 AND LicenseRef-acme-no-text"
    (entry,) = declared["simplelicensing_customIdToUri"]
    text = by_id(out)[entry["value"]]["simplelicensing_licenseText"]
    assert "holds no reference text" in text and "behind a login" in text


def merged() -> Report:
    """A merge of three bases, one of them a fine-tune of a fourth, with two datasets."""
    model = llama_like().model_copy(
        update={
            "lineage": [
                LineageEntry(id="acme/Acme-8B", relation="merge", license="acme-community", revision=SHA),
                LineageEntry(id="meta-llama/Llama-3.1-8B", relation="merge", license="llama3.1"),
                LineageEntry(id="Qwen/Qwen2.5-7B", relation="merge", license="apache-2.0"),
                LineageEntry(
                    id="acme/Acme-8B-pretrain", relation="finetune", license=None, parent="acme/Acme-8B", depth=2
                ),
                LineageEntry(id="acme/web-corpus", relation="dataset", license="odc-by", kind="dataset"),
                LineageEntry(id="acme/chat-sft", relation="dataset", license=None, kind="dataset", error="gated"),
            ]
        }
    )
    return sample_report([model])


def nothing() -> Report:
    return sample_report([]).model_copy(update={"policy": None, "manifest": None})


@pytest.mark.parametrize("make", [sample_report, evaluated, several_declared, merged, nothing])
def test_spdx3_validate_accepts_every_document(make: Callable[[], Report], database: Database) -> None:
    """The sample has datasets and a three-level lineage (Acme-8B-pretrain -> Acme-8B -> Acme-8B-Instruct)."""
    out = Spdx3JsonLdReporter().render(make(), context(database))
    assert dangling(out) == []
    assert spdx3_validate(out) == []


def test_same_report_same_document(database: Database) -> None:
    first = Spdx3JsonLdReporter().render(sample_report(), context(database))
    assert Spdx3JsonLdReporter().render(sample_report(), context(database)) == first


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda e: e.pop("creationInfo"), "shacl: "),  # SHACL MinCount on Core/creationInfo
        (lambda e: e.update(type="ai_AiPackage"), "shacl: "),
        (lambda e: e.update(dataset_notAProperty="x"), "schema: "),  # the SHACL shapes are not closed
    ],
    ids=["no-creation-info", "misspelled-type", "unknown-property"],
)
def test_spdx3_validate_rejects_a_broken_document(
    break_it: Callable[[dict[str, Any]], object], expected: str, out: str
) -> None:
    """The validation really runs on the spec's files: the model's package, broken, is refused."""
    document = json.loads(out)
    package = next(e for e in document["@graph"] if e["type"] == "ai_AIPackage")
    break_it(package)
    errors = spdx3_validate(json.dumps(document))
    assert any(error.startswith(expected) for error in errors), errors
