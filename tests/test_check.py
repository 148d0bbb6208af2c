"""`licscan check`, `lock` and the manifest, as a platform team runs them in CI on a repository's models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.cli import licscan

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


def manifest(repo: Path, body: str, name: str = "models.yaml") -> Path:
    path = repo / name
    path.write_text(body, encoding="utf-8")
    return path


def test_the_bundled_example_fails_the_gate_with_the_reason_on_each_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert licscan("check", "examples/models.yaml") == 1
    out = capsys.readouterr().out
    assert "acme-vision-assistant: error region-restricted" in out
    assert "sd-marketing-images: error revenue-cap" in out
    # A name without the "Llama" prefix is a duty, reported at the policy's obligations severity (issue 10).
    assert "support-bot-gguf: warning naming-required" in out
    assert "4 models: 2 pass, 2 fail, 0 error" in out


def test_a_compliant_manifest_exits_0(repo: Path) -> None:
    m = manifest(
        repo, "policy: policies/commercial-saas.yaml\nmodels:\n  - path: examples/models/in-house-classifier\n"
    )
    assert licscan("check", str(m)) == 0


def test_quiet_prints_only_what_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("check", "examples/models.yaml", "--quiet") == 1
    out = capsys.readouterr().out
    assert "in-house-classifier" not in out
    assert "revenue-cap" in out


def test_fail_on_warning_makes_obligations_fail(repo: Path) -> None:
    m = manifest(repo, "policy: policies/commercial-saas.yaml\nmodels:\n  - path: examples/models/support-bot-gguf\n")
    assert licscan("check", str(m)) == 0
    assert licscan("check", str(m), "--fail-on", "warning") == 1


def test_a_policy_flag_overrides_the_manifest_policy(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Non-commercial research in the US: the EU clause and the revenue threshold no longer apply. The manifest's
    # per-model override still publishes the GGUF, whose name lacks the "Llama" prefix: a duty, which this policy
    # reports at info (its rules.obligations), so nothing fails.
    assert licscan("check", "examples/models.yaml", "--policy", "policies/internal-research.yaml") == 0
    out = capsys.readouterr().out
    assert "region-restricted" not in out and "revenue-cap" not in out
    assert "error naming-required" not in out
    assert "4 models: 4 pass, 0 fail, 0 error" in out


@pytest.mark.parametrize(
    "body,where,what",
    [
        ("models:\n  - id: a/b\n    revison: main\n", ":3:", "revison"),
        ("models:\n  - id: a/b\n  - id: a/b\n", ":3", "duplicate model"),
        ("models:\n  - id: a/b\n    path: x\n", ":2:", "exactly one"),
        ("models: [\n", ":2:", "invalid YAML"),
        ("policy: nowhere.yaml\nmodels:\n  - id: a/b\n", "nowhere.yaml", "not found"),
        ("models:\n  - id: a/b\n    use: {train_on_outputs: maybe}\n", ":3:", "train_on_outputs"),
        ("models: []\n", ":1:", "models"),
    ],
)
def test_an_invalid_manifest_exits_2_naming_file_and_line(
    repo: Path, capsys: pytest.CaptureFixture[str], body: str, where: str, what: str
) -> None:
    m = manifest(repo, body)
    assert licscan("check", str(m)) == 2
    err = capsys.readouterr().err
    assert what in err and where in err
    if "nowhere" not in where:
        assert "models.yaml" in err


def test_an_invalid_policy_exits_2_with_its_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = repo / "bad-policy.yaml"
    bad.write_text("name: x\norganisation:\n  monthly_active_users: lots\n", encoding="utf-8")
    assert licscan("check", "examples/models.yaml", "--policy", str(bad)) == 2
    assert "bad-policy.yaml:3:" in capsys.readouterr().err


def test_sarif_points_at_each_models_manifest_line_and_validates(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert licscan("check", "examples/models.yaml", "--format", "sarif") == 1
    sarif = json.loads(capsys.readouterr().out)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    lines = (repo / "examples" / "models.yaml").read_text(encoding="utf-8").splitlines()
    results = sarif["runs"][0]["results"]
    assert results
    for result in results:
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "examples/models.yaml"
        line = lines[loc["region"]["startLine"] - 1]
        assert "- path:" in line or "- id:" in line
    by_rule = {r["ruleId"]: r for r in results}
    revenue = by_rule["revenue-cap"]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert "sd-marketing-images" in lines[revenue - 1]


def test_lock_then_check_passes_and_a_changed_license_file_fails(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    m = manifest(
        repo, "models:\n  - path: examples/models/in-house-classifier\n  - path: examples/models/support-bot-gguf\n"
    )
    assert licscan("lock", str(m)) == 0
    lock = json.loads((repo / "licscan.lock").read_text(encoding="utf-8"))
    entry = lock["models"]["examples/models/support-bot-gguf"]  # relative to the lock's folder
    assert entry["license"] == "llama3.1" and entry["files"][0]["sha256"]
    assert licscan("check", str(m), "--lock", "licscan.lock") == 0
    # The same check from another working directory finds the same entries.
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    assert licscan("check", "../models.yaml", "--lock", "../licscan.lock") == 0
    monkeypatch.chdir(repo)
    # Upstream swaps the license text for Llama 3.3's.
    shutil.copy(ROOT / "licenses" / "texts" / "llama-3.3.txt", repo / "examples/models/support-bot-gguf/LICENSE")
    capsys.readouterr()
    assert licscan("check", str(m), "--lock", "licscan.lock") == 1
    out = capsys.readouterr().out
    assert "license-changed" in out and "llama3.1" in out and "llama3.3" in out


def test_a_missing_lock_file_is_a_usage_error(repo: Path) -> None:
    assert licscan("check", "examples/models.yaml", "--lock", "nope.lock") == 2


def test_policy_validate_and_schema(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for policy in sorted((repo / "policies").glob("*.yaml")):
        assert licscan("policy", "validate", str(policy)) == 0
    capsys.readouterr()
    assert licscan("policy", "schema") == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["additionalProperties"] is False and "intended_use" in schema["properties"]
    bad = repo / "p.yaml"
    bad.write_text("name: x\nrules:\n  deny_licenses: [not-a-license]\n", encoding="utf-8")
    assert licscan("policy", "validate", str(bad)) == 2
    bad.write_text("name: x\nintended_use:\n  comercial: true\n", encoding="utf-8")
    assert licscan("policy", "validate", str(bad)) == 2
    assert "p.yaml:3:" in capsys.readouterr().err
