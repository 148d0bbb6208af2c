"""A duty follows the license's definition of the models it reaches, not a repository's name or folder (issue 17)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from licscan.cli.main import main
from licscan.conclude import Bound
from licscan.database import load_database
from licscan.policy.engine import evaluate
from licscan.policy.interface import Subject
from licscan.policy.model import Policy

FIXTURES = Path(__file__).parent / "fixtures" / "hub" / "models"
POLICY = {
    "name": "hosted",
    "organisation": {"regions": ["US"]},
    "intended_use": {"commercial": True, "hosting": True},
    "rules": {"obligations": "error"},
}


def test_a_cosmos_snapshot_in_the_hf_cache_layout_gets_built_on_nvidia_cosmos(tmp_path: Path) -> None:
    """The folder is models--nvidia--.../snapshots/<sha>: the card says text-to-image, a multimodal Model."""
    snapshot = tmp_path / "hub" / "models--nvidia--Cosmos-Predict2-2B-Text2Image" / "snapshots" / ("a" * 40)
    shutil.copytree(FIXTURES / "nvidia" / "Cosmos-Predict2-2B-Text2Image", snapshot)
    (tmp_path / "policy.yaml").write_text(json.dumps(POLICY), encoding="utf-8")
    manifest = tmp_path / "models.yaml"
    manifest.write_text(json.dumps({"policy": "policy.yaml", "models": [{"path": str(snapshot)}]}), encoding="utf-8")
    out = tmp_path / "report.json"
    with pytest.raises(SystemExit) as done:
        main(["check", str(manifest), "--offline", "--format", "json", "-o", str(out)])
    (model,) = json.loads(out.read_text(encoding="utf-8"))["models"]
    cosmos = [f for f in model["findings"] if f["id"] == "attribution-required"]
    assert cosmos and cosmos[0]["severity"] == "error" and cosmos[0]["clause"]["section"] == "3.2"
    assert done.value.code == 1


def _cosmos_findings(modality: str | None, unknown: tuple[str, ...] = ()) -> list[str]:
    db = load_database()
    policy = Policy.model_validate(POLICY)
    key = "nvidia-open-model-license"
    subject = Subject(
        model="acme/any-name", license=key, bound=(Bound(key),), modality=modality, modality_unknown=unknown
    )
    findings = evaluate(subject, policy, policy.intended_use, db)
    return [f.message for f in findings if f.id == "attribution-required"]


def test_a_text_model_under_the_license_is_no_cosmos_model() -> None:
    assert _cosmos_findings("text") == []


def test_a_multimodal_model_of_any_name_is_one() -> None:
    assert len(_cosmos_findings("multimodal")) == 1


def test_a_model_whose_modality_no_card_states_is_taken_to_be_one_and_the_finding_says_so() -> None:
    (message,) = _cosmos_findings(None, ("acme/any-name",))
    assert "reaches multimodal models only" in message and "acme/any-name is unknown" in message
