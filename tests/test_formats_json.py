"""The JSON report: the SPEC keys, the report's own JSON unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from licscan.database import Database
from licscan.formats.jsonout import JsonReporter
from licscan.results import Declared
from tests.test_formats_common import build_database, context, sample_report


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return build_database(tmp_path / "licenses")


SPEC_TOP = {"schema_version", "tool", "policy", "models", "summary"}
SPEC_MODEL = {
    *("id", "revision", "source", "purl", "declared", "files", "gguf"),
    *("license", "lineage", "findings", "verdict"),
}
SPEC_FINDING = {"id", "severity", "model", "license", "message", "clause", "remediation", "waived"}


def test_json_is_the_report_as_spec_says(database: Database) -> None:
    report = sample_report()
    data = json.loads(JsonReporter().render(report, context(database)))
    assert data == report.to_json_dict()
    assert set(data) >= SPEC_TOP and data["schema_version"] == 1
    assert data["tool"]["name"] == "licscan"
    assert data["summary"] == {"pass": 1, "fail": 1, "error": 1}
    model = data["models"][0]
    assert set(model) >= SPEC_MODEL
    assert set(model["declared"]) == {"license", "license_name", "license_link"}
    assert {"path", "sha256", "license", "match", "similarity"} <= set(model["files"][0])
    assert {"id", "relation", "license"} <= set(model["lineage"][0])
    assert set(model["findings"][0]) >= SPEC_FINDING
    assert set(model["findings"][0]["clause"]) >= {"section", "quote"}
    assert model["findings"][1]["waived"]["approved_by"] == "legal@example.com"


def test_json_escapes_control_characters(database: Database) -> None:
    out = JsonReporter().render(sample_report(), context(database))
    assert "\x1b" not in out and "\\u001b" in out


@pytest.mark.parametrize(
    ("licenses", "joined"),
    [(("apache-2.0", "mit"), "apache-2.0, mit"), (("llama3.1",), "llama3.1"), ((), None)],
)
def test_declared_licenses_are_a_list_inside_and_one_joined_string_in_the_json(
    licenses: tuple[str, ...], joined: str | None
) -> None:
    said = Declared(licenses=licenses, license_name="acme-x")
    data = said.model_dump(mode="json")
    assert data == {"license": joined, "license_name": "acme-x", "license_link": None}
    assert list(data) == ["license", "license_name", "license_link"]  # the SPEC's order, as before
    # A result read back from its JSON (the census spool) has the same list, not one id "apache-2.0, mit".
    assert Declared.model_validate_json(said.model_dump_json()) == said


def test_declared_json_with_a_license_that_is_not_a_string_is_refused_not_a_crash() -> None:
    with pytest.raises(ValidationError):
        Declared.model_validate({"license": 5})
    with pytest.raises(ValidationError):
        Declared.model_validate({"license": "mit", "licenses": ["mit"], "extra": 1})
