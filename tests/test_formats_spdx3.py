"""SPDX 3.0 JSON-LD (spdx-tools' draft model): AIPackages, Datasets, licenses and lineage relationships."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from licscan.database import Database
from licscan.formats.spdx3 import Spdx3JsonLdReporter
from tests.test_formats_common import SHA, build_database, context, llama_like, sample_report

AI = Namespace("https://spdx.org/rdf/AI/")
DATASET = Namespace("https://spdx.org/rdf/Dataset/")


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


@pytest.fixture
def out(database: Database) -> str:
    return Spdx3JsonLdReporter().render(sample_report(), context(database))


def graph(out: str) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = json.loads(out)["@graph"]
    return elements


def test_elements_and_types(out: str) -> None:
    doc = json.loads(out)
    assert "@context" in doc
    types = [e["@type"] for e in graph(out)]
    assert types.count("AIPackage") == 6  # 3 models, 3 base models
    assert types.count("Dataset") == 2
    assert types.count("SpdxDocument") == 1
    assert "SoftwareAgent" in types and "Tool" in types
    model = next(e for e in graph(out) if e.get("name") == "acme/Acme-8B-Instruct")
    assert model["packageVersion"] == SHA and model["primaryPurpose"] == "model"
    assert model["packageUrl"] == f"pkg:huggingface/acme/Acme-8B-Instruct@{SHA}"
    assert model["concludedLicense"]["@type"] == "CustomLicense"
    assert model["concludedLicense"]["licenseId"] == "LicenseRef-acme-community"
    assert model["declaredLicense"]["licenseId"] == "LicenseRef-acme-community"
    info = model["creationInfo"]
    assert info["specVersion"] == "3.0.0" and "ai" in info["profile"] and "dataset" in info["profile"]
    hostile = next(e for e in graph(out) if e.get("name", "").startswith("evil/"))
    assert hostile["concludedLicense"] == {
        "@type": "ListedLicense",
        "licenseId": "Apache-2.0",
        "licenseName": "Apache License 2.0",
        "licenseText": "Apache License\nVersion 2.0, January 2004\n",
        "seeAlso": ["https://www.apache.org/licenses/LICENSE-2.0"],
    }
    local = next(e for e in graph(out) if e.get("name") == "./models/in-house")
    assert local["concludedLicense"] == {"@type": "NoAssertionLicense"}


def test_lineage_relationships(out: str) -> None:
    names = {e["@id"]: e.get("name") for e in graph(out)}
    found = {
        (names[e["from"]], e["relationshipType"], names[e["to"][0]]) for e in graph(out) if e["@type"] == "Relationship"
    }
    assert {
        ("acme/Acme-8B", "ancestor", "acme/Acme-8B-Instruct"),
        ("acme/Acme-8B-pretrain", "ancestor", "acme/Acme-8B"),
        ("acme/Acme-8B", "trainedOn", "acme/web-corpus"),
        ("acme/Acme-8B-Instruct", "trainedOn", "acme/chat-sft"),
    } <= found


def test_document_roots_are_the_models(out: str) -> None:
    (document,) = [e for e in graph(out) if e["@type"] == "SpdxDocument"]
    names = {e["@id"]: e.get("name") for e in graph(out)}
    roots = [names[r] for r in document["rootElement"]]
    assert roots[0] == "acme/Acme-8B-Instruct" and len(roots) == 3
    assert set(document["element"]) == {e["@id"] for e in graph(out)} - {document["@id"]}


# rdflib's JSON-LD parser itself still builds the ConjunctiveGraph it deprecates.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_it_is_json_ld_with_the_ai_types(out: str) -> None:
    g = Graph().parse(data=out, format="json-ld")
    assert len(list(g.subjects(RDF.type, AI.AIPackage))) == 6
    assert len(list(g.subjects(RDF.type, DATASET.Dataset))) == 2


def test_several_declared_licenses_are_a_conjunctive_set(database: Database) -> None:
    model = llama_like().model_copy(
        update={"declared": llama_like().declared.model_copy(update={"license": "apache-2.0, acme-no-text"})}
    )
    out = Spdx3JsonLdReporter().render(sample_report([model]), context(database))
    package = next(e for e in graph(out) if e.get("name") == "acme/Acme-8B-Instruct")
    declared = package["declaredLicense"]
    assert declared["@type"] == "ConjunctiveLicenseSet"
    assert [m["licenseId"] for m in declared["member"]] == ["Apache-2.0", "LicenseRef-acme-no-text"]
    assert "behind a login" in declared["member"][1]["licenseText"]
