"""CycloneDX 1.6 JSON: valid for cyclonedx-python-lib's strict validator, ML models with licenses and pedigree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from licscan.database import Database
from licscan.formats.cyclonedx import CycloneDxReporter
from tests.test_formats_common import SHA, build_database, context, sample_report


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


@pytest.fixture
def out(database: Database) -> str:
    return CycloneDxReporter().render(sample_report(), context(database))


def components(out: str) -> dict[str, dict[str, Any]]:
    return {c["bom-ref"]: c for c in json.loads(out)["components"]}


def test_valid_cyclonedx_1_6(out: str) -> None:
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(out) is None
    doc = json.loads(out)
    assert doc["bomFormat"] == "CycloneDX" and doc["specVersion"] == "1.6"
    assert doc["metadata"]["tools"]["components"][0]["name"] == "licscan"


def test_models_are_machine_learning_components(out: str) -> None:
    model = components(out)["model:acme/Acme-8B-Instruct"]
    assert model["type"] == "machine-learning-model"
    assert (model["group"], model["name"], model["version"]) == ("acme", "Acme-8B-Instruct", SHA)
    assert model["purl"] == f"pkg:huggingface/acme/Acme-8B-Instruct@{SHA}"
    licenses = [li["license"] for li in model["licenses"]]
    assert {(li["acknowledgement"], li["name"]) for li in licenses} == {
        ("concluded", "Acme Community License"),
        ("declared", "Acme Community License"),
    }
    concluded = next(li for li in licenses if li["acknowledgement"] == "concluded")
    assert concluded["text"]["content"].startswith("ACME COMMUNITY LICENSE")
    hostile = next(c for ref, c in components(out).items() if ref.startswith("model:evil/"))
    assert {li["license"].get("id") for li in hostile["licenses"]} == {"Apache-2.0"}
    local = components(out)["model:./models/in-house"]
    assert local["name"] == "./models/in-house" and "licenses" not in local
    # A local folder outside the HF cache is not a Hub package: a generic purl names it.
    assert local["purl"] == "pkg:generic/in-house"


def test_pedigree_holds_the_lineage(out: str) -> None:
    model = components(out)["model:acme/Acme-8B-Instruct"]
    (base,) = model["pedigree"]["ancestors"]
    assert (base["name"], base["version"], base["type"]) == (
        "Acme-8B",
        "d04e592bb4f6aa9cfee91e2e20afa771667e1d4b",
        "machine-learning-model",
    )
    (grand,) = base["pedigree"]["ancestors"]
    assert grand["name"] == "Acme-8B-pretrain" and grand["licenses"][0]["license"]["id"] == "Apache-2.0"


def test_datasets_are_data_components_the_model_depends_on(out: str) -> None:
    corpus = components(out)["dataset:acme/web-corpus"]
    assert corpus["type"] == "data" and corpus["licenses"][0]["license"]["id"] == "ODC-By-1.0"
    deps = {d["ref"]: d.get("dependsOn", []) for d in json.loads(out)["dependencies"]}
    assert deps["model:acme/Acme-8B-Instruct"] == ["dataset:acme/chat-sft", "dataset:acme/web-corpus"]


def test_same_report_same_bom(database: Database) -> None:
    first = CycloneDxReporter().render(sample_report(), context(database))
    assert CycloneDxReporter().render(sample_report(), context(database)) == first


def test_an_unknown_license_is_a_name_never_an_id(database: Database) -> None:
    from tests.test_formats_common import llama_like

    model = llama_like().model_copy(
        update={
            "license": None,
            "declared": llama_like().declared.model_copy(
                update={"licenses": ("unknown", "other"), "license_name": None, "license_link": None}
            ),
        }
    )
    out = CycloneDxReporter().render(sample_report([model]), context(database))
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(out) is None
    licenses = [li["license"] for li in components(out)["model:acme/Acme-8B-Instruct"]["licenses"]]
    assert licenses and all("id" not in li for li in licenses)
    assert {li["name"] for li in licenses} == {"unknown", "other"}
    assert '"id": "unknown"' not in out


def test_model_card_facts_are_properties(database: Database) -> None:
    from licscan.results import GGUFEvidence
    from tests.test_formats_common import llama_like

    gguf = GGUFEvidence(path="m-Q4_K_M.gguf", license="llama3.1", base_models=["acme/Acme-8B"], name="Acme 8B")
    model = llama_like().model_copy(update={"pipeline_tag": "text-generation", "modality": "text", "gguf": [gguf]})
    out = CycloneDxReporter().render(sample_report([model]), context(database))
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(out) is None
    props = [(p["name"], p["value"]) for p in components(out)["model:acme/Acme-8B-Instruct"]["properties"]]
    assert ("licscan:modelCard:modelParameters:task", "text-generation") in props
    assert ("licscan:modelCard:modality", "text") in props
    assert ("licscan:modelCard:modelParameters:dataset", "acme/chat-sft") in props
    assert ("licscan:modelCard:baseModel", "acme/Acme-8B (finetune)") in props
    assert ("licscan:gguf:license", "m-Q4_K_M.gguf: llama3.1") in props
    assert ("licscan:gguf:base-model", "m-Q4_K_M.gguf: acme/Acme-8B") in props
