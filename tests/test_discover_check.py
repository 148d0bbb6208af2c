"""`discover --write` and `check --discover`: the manifest cannot go stale, because the code says which models
it uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml

from licscan.manifest import load_manifest
from tests.cli import licscan

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
EMBEDDER = "sentence-transformers/all-MiniLM-L6-v2"
EMBEDDER_LINE = 35  # examples/app.py: SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- discover --write


def test_write_appends_the_missing_model_and_keeps_comments_order_and_fields(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = repo / "examples" / "models.yaml"
    before = manifest.read_text(encoding="utf-8")
    assert "# card says apache-2.0" in before and "use: {distribute_weights: true}" in before
    assert licscan("discover", "examples", "--write", "examples/models.yaml") == 0
    after = manifest.read_text(encoding="utf-8")
    assert after == before + f"  - id: {EMBEDDER}  # found by licscan discover: examples/app.py:{EMBEDDER_LINE}\n"
    assert f"added 1 model: {EMBEDDER}" in capsys.readouterr().err
    # The four listed snapshots were recognised by their paths: nothing else was added, and a second run adds none.
    assert licscan("discover", "examples", "--write", "examples/models.yaml") == 0
    assert manifest.read_text(encoding="utf-8") == after
    assert "added 0 models" in capsys.readouterr().err
    _, targets, _ = load_manifest(manifest)
    assert [t.ref for t in targets][-1] == EMBEDDER


def test_write_keeps_a_zero_indented_list_and_a_trailing_comment(repo: Path) -> None:
    write(repo / "src" / "app.py", 'from transformers import AutoModel\nAutoModel.from_pretrained("c/d")\n')
    before = "models:\n- id: a/b   # pinned below\n  revision: main\n# trailing comment\n"
    manifest = write(repo / "m.yaml", before)
    assert licscan("discover", "src", "--write", "m.yaml") == 0
    assert manifest.read_text(encoding="utf-8") == before + "- id: c/d  # found by licscan discover: src/app.py:2\n"


def test_write_creates_a_manifest_with_paths_relative_to_it(repo: Path) -> None:
    assert licscan("discover", "examples", "--write", "ci/models.yaml") == 0
    _, targets, _ = load_manifest(repo / "ci" / "models.yaml")
    assert sorted(t.ref for t in targets) == [
        "examples/models/acme-vision-assistant",
        "examples/models/in-house-classifier",
        "examples/models/sd-marketing-images",
        "examples/models/support-bot-gguf",
        EMBEDDER,
    ]
    assert "- path: ../examples/models/in-house-classifier  # found by licscan discover: examples/app.py:26" in (
        repo / "ci" / "models.yaml"
    ).read_text(encoding="utf-8")


def test_write_refuses_a_manifest_that_is_not_yaml(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(repo / "bad.yaml", "models:\n  - id: [unclosed\n")
    before = bad.read_text(encoding="utf-8")
    assert licscan("discover", "examples", "--write", "bad.yaml") == 2
    assert "bad.yaml:3:1: invalid YAML" in capsys.readouterr().err
    assert bad.read_text(encoding="utf-8") == before


# --- check --discover


def test_check_discover_reports_the_unlisted_model_at_its_code_line_in_text(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert licscan("check", "examples/models.yaml", "--discover", "examples", "--offline") == 1
    out = capsys.readouterr().out
    assert (
        f"{EMBEDDER}: error unlisted-model: the code uses the Hub model {EMBEDDER} (examples/app.py:{EMBEDDER_LINE}), "
        "but examples/models.yaml does not list it" in out
    )
    # The listed models are still checked as before, and the unlisted one is counted.
    assert "sd-marketing-images: error revenue-cap" in out
    assert "5 models: 2 pass, 3 fail, 0 error" in out


def test_check_discover_json_carries_the_location(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("check", "examples/models.yaml", "--discover", "examples", "--offline", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    unlisted = next(m for m in data["models"] if m["id"] == EMBEDDER)
    assert unlisted["verdict"] == "fail" and unlisted["license"] is None and unlisted["source"] == "hub"
    (finding,) = unlisted["findings"]
    assert finding["id"] == "unlisted-model" and finding["severity"] == "error" and finding["waived"] is None
    assert finding["location"] == {"path": "examples/app.py", "line": EMBEDDER_LINE}
    # Every listed snapshot is used by examples/app.py: none is reported unused.
    assert not [f for m in data["models"] for f in m["findings"] if f["id"] == "unused-model"]


def test_check_discover_sarif_puts_the_result_on_the_code_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("check", "examples/models.yaml", "--discover", "examples", "--offline", "--format", "sarif") == 1
    sarif: dict[str, Any] = json.loads(capsys.readouterr().out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    assert not list(validator.iter_errors(sarif))
    run = sarif["runs"][0]
    (result,) = [r for r in run["results"] if r["ruleId"] == "unlisted-model"]
    location = result["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "examples/app.py"}, "region": {"startLine": EMBEDDER_LINE}}
    assert result["level"] == "error"
    # The license findings still sit on their manifest lines.
    revenue = next(r for r in run["results"] if r["ruleId"] == "revenue-cap")
    assert revenue["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/models.yaml"
    assert revenue["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "unlisted-model")
    assert "does not list" in rule["shortDescription"]["text"]


@pytest.fixture
def small(repo: Path) -> Path:
    """A manifest of one compliant snapshot, and code that uses it and one Hub model more."""
    write(
        repo / "models.yaml",
        "policy: policies/commercial-saas.yaml\nmodels:\n  - path: examples/models/in-house-classifier\n",
    )
    write(
        repo / "src" / "app.py",
        "from transformers import pipeline\n\n"
        'ROUTER = "examples/models/in-house-classifier"\n'
        'pipeline("text-classification", model=ROUTER)\n'
        'pipeline("summarization", model="facebook/bart-large-cnn")\n',
    )
    return repo


def test_the_policy_sets_the_severity_of_an_unlisted_model(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("check", "models.yaml", "--discover", "src", "--offline") == 1
    policy = (small / "policies" / "commercial-saas.yaml").read_text(encoding="utf-8")
    assert "rules:\n" in policy
    write(small / "lenient.yaml", policy.replace("rules:\n", "rules:\n  unlisted_model: warning\n", 1))
    assert licscan("check", "models.yaml", "--discover", "src", "--offline", "--policy", "lenient.yaml") == 0
    assert "facebook/bart-large-cnn: warning unlisted-model" in capsys.readouterr().out
    assert (
        licscan(
            "check", "models.yaml", "--discover", "src", "--offline", "--policy", "lenient.yaml", "--fail-on", "warning"
        )
        == 1
    )


def test_a_policy_exception_can_waive_an_unlisted_model(small: Path) -> None:
    write(
        small / "waived.yaml",
        "name: Sandbox\nexceptions:\n  - model: facebook/*\n    finding: unlisted-model\n"
        "    reason: Evaluated in a sandbox only\n    approved_by: legal@example.com\n    expires: 2099-01-01\n",
    )
    assert licscan("check", "models.yaml", "--discover", "src", "--offline", "--policy", "waived.yaml") == 0
    # An exception for another finding id waives nothing here.
    write(
        small / "other.yaml", (small / "waived.yaml").read_text(encoding="utf-8").replace("unlisted-model", "mau-cap")
    )
    assert licscan("check", "models.yaml", "--discover", "src", "--offline", "--policy", "other.yaml") == 1


def test_a_listed_model_no_code_uses_is_info_and_never_fails(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(small / "src" / "app.py", "print('the classifier is gone')\n")
    assert licscan("check", "models.yaml", "--discover", "src", "--offline", "--format", "json") == 0
    captured = capsys.readouterr()
    (model,) = json.loads(captured.out)["models"]
    unused = [f for f in model["findings"] if f["id"] == "unused-model"]
    assert [f["severity"] for f in unused] == ["info"] and model["verdict"] == "pass"
    assert "no code under src names it" in captured.err
    # Even with --fail-on warning it does not fail the gate.
    assert licscan("check", "models.yaml", "--discover", "src", "--offline", "--fail-on", "warning") == 0


def test_the_pre_commit_hook_runs_the_gate_with_discover(small: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "licscan-check-discover")
    assert hook["entry"] == "licscan check" and "--discover" in hook["args"]
    assert re.search(hook["files"], "src/app.py") and re.search(hook["files"], "deploy/Dockerfile")
    assert not re.search(hook["files"], "README.md")
    # As pre-commit runs it from the repository root: the unlisted bart model fails the commit.
    assert licscan(*hook["entry"].split()[1:], *hook["args"], "--offline") == 1


def test_the_action_passes_discover_paths_to_check() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert "  discover:\n" in text and "DISCOVER: ${{ inputs.discover }}" in text
    assert 'for path in $DISCOVER; do args+=(--discover "$path"); done' in text
