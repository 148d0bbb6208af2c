"""SARIF 2.1.0: valid against the OASIS schema, one rule per finding id, results on the manifest lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from licscan.database import Database
from licscan.formats.sarif import SarifReporter, manifest_uri
from tests.test_formats_common import HOSTILE_ID, build_database, context, llama_like, sample_report

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


def render(database: Database, tmp_path: Path, manifest: str | None = "config/models.yaml") -> dict[str, Any]:
    report = sample_report(manifest=str(tmp_path / manifest) if manifest else None)
    out: dict[str, Any] = json.loads(SarifReporter().render(report, context(database, repo_root=tmp_path)))
    return out


def test_sarif_is_valid_against_the_oasis_schema(database: Database, tmp_path: Path) -> None:
    # The schema says draft-04; validating with that draft keeps its `id` and keyword semantics.
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    for manifest in ("config/models.yaml", None):
        errors = sorted(validator.iter_errors(render(database, tmp_path, manifest)), key=str)
        assert not errors, errors[0].message if errors else ""


def test_one_rule_per_finding_id_and_results_point_at_them(database: Database, tmp_path: Path) -> None:
    run = render(database, tmp_path)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "licscan" and driver["version"] == "0.1.0" and driver["informationUri"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["attribution-required", "fetch-error", "mau-cap", "non-commercial"]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "Remediation" in rule["help"]["text"] and "**Remediation:**" in rule["help"]["markdown"]
    assert rules[0]["defaultConfiguration"]["level"] == "warning"
    assert "Add 'Built with Acme' to the product's about page." in rules[0]["help"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    acme = next(r for r in run["results"] if r["properties"]["model"] == "acme/Acme-8B-Instruct")
    purl = "pkg:huggingface/acme/Acme-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659"
    assert acme["properties"]["purl"] == purl
    assert acme["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == purl


def test_levels_follow_severities(database: Database, tmp_path: Path) -> None:
    info = llama_like().findings[0].model_copy(update={"severity": "info", "id": "notice-required"})
    model = llama_like().model_copy(update={"findings": [*llama_like().findings, info]})
    report = sample_report([model])
    results = json.loads(SarifReporter().render(report, context(database)))["runs"][0]["results"]
    assert {r["ruleId"]: r["level"] for r in results} == {
        "attribution-required": "warning",
        "mau-cap": "error",
        "notice-required": "note",
    }


def test_results_sit_on_the_manifest_line_of_their_model(database: Database, tmp_path: Path) -> None:
    results = render(database, tmp_path)["runs"][0]["results"]
    places = [
        (
            r["properties"]["model"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    ]
    assert places == [
        ("acme/Acme-8B-Instruct", "config/models.yaml", 3),
        ("acme/Acme-8B-Instruct", "config/models.yaml", 3),
        (HOSTILE_ID, "config/models.yaml", 6),
        ("./models/in-house", "config/models.yaml", 9),
    ]


def test_without_a_manifest_the_model_id_is_the_location(database: Database, tmp_path: Path) -> None:
    model = llama_like().model_copy(update={"manifest_line": None})
    report = sample_report([model], manifest=None)
    result = json.loads(SarifReporter().render(report, context(database)))["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "acme/Acme-8B-Instruct"
    assert location["region"]["startLine"] == 1


def test_message_carries_model_clause_and_remediation(database: Database, tmp_path: Path) -> None:
    text = render(database, tmp_path)["runs"][0]["results"][0]["message"]["text"]
    assert text.startswith("acme/Acme-8B-Instruct@0e9e39f2")
    assert "Clause §2: \u201cShow 'Built with Acme'.\u201d" in text
    assert "Remediation: Add 'Built with Acme' to the product's about page." in text


def test_waived_findings_are_suppressed_with_the_approval(database: Database, tmp_path: Path) -> None:
    results = render(database, tmp_path)["runs"][0]["results"]
    waived = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in waived] == ["mau-cap"]
    (suppression,) = waived[0]["suppressions"]
    assert suppression["kind"] == "external"
    assert "Separate license granted by the licensor" in suppression["justification"]
    assert "legal@example.com" in suppression["justification"]


def test_fingerprints_are_stable_and_distinct(database: Database, tmp_path: Path) -> None:
    first = [r["partialFingerprints"] for r in render(database, tmp_path)["runs"][0]["results"]]
    moved = sample_report([llama_like().model_copy(update={"manifest_line": 40})])
    again = json.loads(SarifReporter().render(moved, context(database)))["runs"][0]["results"]
    assert again[0]["partialFingerprints"] == first[0]
    assert len({json.dumps(f, sort_keys=True) for f in first}) == len(first)


def test_hostile_text_cannot_make_embedded_links(database: Database, tmp_path: Path) -> None:
    results = render(database, tmp_path)["runs"][0]["results"]
    text = next(r for r in results if r["ruleId"] == "non-commercial")["message"]["text"]
    assert "\\[link\\](javascript:alert(1))" in text
    assert "\x1b" not in text


def test_manifest_paths(tmp_path: Path) -> None:
    assert manifest_uri(str(tmp_path / "ci" / "my models.yaml"), tmp_path) == "ci/my%20models.yaml"
    outside = tmp_path.parent / "elsewhere.yaml"
    assert manifest_uri(str(outside), tmp_path) == outside.resolve().as_uri()
    assert manifest_uri(None, tmp_path) is None
