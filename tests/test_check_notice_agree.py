"""`check` and `notice` render one list of duties (issue 17): on the same manifests they find the same duties, and
the naming rule gives one answer (`Meta-Llama-3.1-Acme`, `Llamafied-Acme` and `Llama-3.10-Acme` used to get
contradictory ones)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from licscan.cli.main import main
from licscan.database import load_database
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "licenses" / "texts"
DB = load_database()
SHIPPING = {"notice", "attribution", "naming-prefix", "modification-notice", "license-copy"}

RELEASE = {
    "name": "Release and hosted API",
    "organisation": {"monthly_active_users": 5_000_000, "annual_revenue_usd": 20_000_000, "regions": ["US"]},
    "intended_use": {"commercial": True, "hosting": True, "distribute_weights": True, "fine_tune": True},
    "rules": {"obligations": "error", "unknown_license": "warning"},
}
HOSTED = {**RELEASE, "intended_use": {"commercial": True, "hosting": True, "deployment_regions": ["US"]}}

MANIFESTS = {
    "llama-names": (
        RELEASE,
        [
            {"id": "meta-llama/Llama-3.1-8B-Instruct", "derivative_name": "Meta-Llama-3.1-Acme"},
            {"id": "meta-llama/Llama-3.1-8B", "derivative_name": "Llamafied-Acme"},
            {"id": "someorg/Llama-3.1-8B-support-lora", "derivative_name": "Llama-3.10-Acme"},
        ],
    ),
    "mixed-release": (
        RELEASE,
        [
            {"id": "google/gemma-2-2b"},
            {"id": "stabilityai/stable-diffusion-3.5-large"},
            {"id": "Qwen/Qwen2.5-72B-Instruct", "use": {"product_monthly_active_users": 1_000_000}},
            {"id": "tencent/Hunyuan-A13B-Instruct", "use": {"deployment_regions": ["US"]}},
        ],
    ),
    "hosted-only": (
        HOSTED,
        [
            {"id": "google/gemma-2-2b"},
            {"id": "Qwen/Qwen2.5-72B-Instruct", "use": {"product_monthly_active_users": 1_000_000}},
            {"id": "moonshotai/Kimi-K2-Instruct", "use": {"product_monthly_active_users": 150_000_000}},
        ],
    ),
}


@pytest.fixture(autouse=True)
def _bases(hub: FakeHub) -> None:
    hub.add_repo(
        "meta-llama/Llama-3.1-8B",
        {"README.md": "---\nlicense: llama3.1\n---\n", "LICENSE": (TEXTS / "llama-3.1.txt").read_bytes()},
    )
    hub.add_repo(
        "Qwen/Qwen2.5-72B",
        {"README.md": "---\nlicense: other\nlicense_name: qwen\n---\n", "LICENSE": (TEXTS / "qwen.txt").read_bytes()},
    )


def _run(args: list[str], hub: FakeHub) -> None:
    with pytest.raises(SystemExit):
        main([*args, "--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN])


def _write(tmp_path: Path, policy: dict[str, Any], models: list[dict[str, Any]]) -> Path:
    (tmp_path / "policy.yaml").write_text(json.dumps(policy), encoding="utf-8")
    path = tmp_path / "models.yaml"
    path.write_text(json.dumps({"policy": "policy.yaml", "models": models}), encoding="utf-8")
    return path


def _kind(license: str, section: str, quote: str) -> str | None:
    """The obligation a cited clause is, read from the database (what a reader of either report would do)."""
    for ob in DB.entries[license].terms.obligations:
        if ob.clause.section == section and ob.clause.quote == quote:
            return ob.kind
    return None


def _check_duties(report: dict[str, Any]) -> dict[str, set[tuple[str, str, str]]]:
    out: dict[str, set[tuple[str, str, str]]] = {}
    for m in report["models"]:
        found = out.setdefault(m["id"], set())
        for f in m["findings"]:
            clause = f["clause"]
            if f["id"] in {"attribution-required", "naming-required", "notice-required"} and clause:
                kind = _kind(clause["license"], clause["section"], clause["quote"])
                if kind in SHIPPING:
                    found.add((kind, clause["license"], clause["section"]))
    return out


def _notice_duties(plan: dict[str, Any]) -> dict[str, set[tuple[str, str, str]]]:
    out: dict[str, set[tuple[str, str, str]]] = {}
    for m in plan["models"]:
        found = out.setdefault(m["id"], set())
        for item in [*m["notices"], *m["duties"], *m["copies"]]:
            clause = item["clause"]
            kind = _kind(clause["license"], clause["section"], clause["quote"])
            if kind is not None and item.get("status") != "ok":
                found.add((kind, clause["license"], clause["section"]))
    return out


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_check_and_notice_find_the_same_duties(name: str, hub: FakeHub, tmp_path: Path) -> None:
    policy, models = MANIFESTS[name]
    path = _write(tmp_path, policy, models)
    _run(["check", str(path), "--format", "json", "-o", str(tmp_path / "check.json")], hub)
    _run(["notice", str(path), "--format", "json", "-o", str(tmp_path / "notice.json")], hub)
    checked = _check_duties(json.loads((tmp_path / "check.json").read_text(encoding="utf-8")))
    noticed = _notice_duties(json.loads((tmp_path / "notice.json").read_text(encoding="utf-8")))
    assert any(checked.values()), "the manifest sets off duties: the comparison is not vacuous"
    assert set(noticed) == {m["id"] for m in models}  # every model is shipped or hosted
    for model in noticed:
        assert noticed[model] == checked[model], model


def test_one_naming_rule_for_check_and_notice(hub: FakeHub, tmp_path: Path) -> None:
    """§1.b.i: 'include "Llama" at the beginning of any such AI model name'."""
    policy, models = MANIFESTS["llama-names"]
    path = _write(tmp_path, policy, models)
    _run(["check", str(path), "--format", "json", "-o", str(tmp_path / "check.json")], hub)
    _run(["notice", str(path), "--format", "json", "-o", str(tmp_path / "notice.json")], hub)
    report = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    plan = json.loads((tmp_path / "notice.json").read_text(encoding="utf-8"))
    by_check = {
        m["id"]: any(f["id"] == "naming-required" and f["severity"] == "error" for f in m["findings"])
        for m in report["models"]
    }
    by_notice = {
        m["id"]: any(d["kind"] == "naming-prefix" and d["status"] == "violation" for d in m["duties"])
        for m in plan["models"]
    }
    assert (
        by_check
        == by_notice
        == {
            "meta-llama/Llama-3.1-8B-Instruct": True,  # "Meta-Llama-3.1-Acme" begins with "Meta"
            "meta-llama/Llama-3.1-8B": True,  # "Llamafied" is not the word "Llama"
            "someorg/Llama-3.1-8B-support-lora": False,  # "Llama-3.10-Acme" begins with "Llama"
        }
    )


def test_the_a13b_notice_carries_the_2025_copyright_of_its_text(hub: FakeHub, tmp_path: Path) -> None:
    """The Notice wording follows the text version the classifier identified (A13B: 'Copyright © 2025 Tencent')."""
    path = _write(tmp_path, RELEASE, [{"id": "tencent/Hunyuan-A13B-Instruct", "use": {"deployment_regions": ["US"]}}])
    _run(["notice", str(path), "--format", "json", "-o", str(tmp_path / "notice.json")], hub)
    (model,) = json.loads((tmp_path / "notice.json").read_text(encoding="utf-8"))["models"]
    texts = [n["text"] for n in model["notices"]]
    assert any("Copyright © 2025 Tencent" in t for t in texts), texts
    assert not any("Copyright © 2024 Tencent" in t for t in texts), texts
