"""The JSON report: the SPEC keys, the report's own JSON unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.database import Database
from licscan.formats.jsonout import JsonReporter
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
