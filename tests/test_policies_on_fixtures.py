"""Each example policy against the fixture repositories: the verdicts a lawyer reading the texts would give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from licscan.cli.main import main
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

POLICIES = Path(__file__).resolve().parents[1] / "policies"
VISION = "meta-llama/Llama-3.2-11B-Vision-Instruct"
LLAMA_1B = "meta-llama/Llama-3.2-1B"
LLAMA_31 = "meta-llama/Llama-3.1-8B-Instruct"
SD = "stabilityai/stable-diffusion-3.5-large"
FLUX = "black-forest-labs/FLUX.1-dev"
QWEN = "Qwen/Qwen2.5-72B-Instruct"
MISTRAL = "mistralai/Mistral-7B-v0.1"
REPOS = [VISION, LLAMA_1B, LLAMA_31, SD, FLUX, QWEN, MISTRAL]

# policy -> repo -> (verdict, finding ids at error severity that decide it)
EXPECTED: dict[str, dict[str, tuple[str, set[str]]]] = {
    # An EU company hosting an API: the EU clause for multimodal Llama, Stability's USD 1M, FLUX non-commercial.
    "commercial-saas": {
        VISION: ("fail", {"region-restricted"}),
        LLAMA_1B: ("pass", set()),
        LLAMA_31: ("pass", set()),
        SD: ("fail", {"revenue-cap"}),
        FLUX: ("fail", {"non-commercial"}),
        QWEN: ("pass", set()),
        MISTRAL: ("pass", set()),
    },
    # Non-commercial evaluation in the US: everything here may be evaluated.
    "internal-research": {repo: ("pass", set()) for repo in REPOS},
    # Weights shipped in a consumer app (US and Germany): distribution triggers the duties; DE counts as EU.
    "on-device-app": {
        VISION: ("fail", {"region-restricted"}),
        LLAMA_1B: ("pass", set()),
        SD: ("fail", {"revenue-cap"}),
        FLUX: ("fail", {"non-commercial"}),
        MISTRAL: ("pass", set()),
    },
    # Publishing a fine-tune with obligations as errors: every Llama duty must be met, Apache's notices too.
    "open-release": {
        LLAMA_1B: ("fail", {"attribution-required", "naming-required", "notice-required"}),
        MISTRAL: ("fail", {"notice-required"}),
        FLUX: ("fail", {"non-commercial"}),
    },
    # Outputs used to train our own model: Llama 3.1+ and Qwen allow it with conditions; Stability does not.
    "distillation": {
        LLAMA_31: ("pass", set()),
        SD: ("fail", {"outputs-training-ban", "revenue-cap"}),
        QWEN: ("pass", set()),
        MISTRAL: ("pass", set()),
    },
    # 900M monthly active users: above Llama's 700M and Qwen's 100M; the Llama 3.1 cap is waived by contract.
    "mega-platform": {
        LLAMA_31: ("pass", set()),
        LLAMA_1B: ("fail", {"mau-cap"}),
        QWEN: ("fail", {"mau-cap"}),
        MISTRAL: ("pass", set()),
    },
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    folder = tmp_path_factory.mktemp("reports")
    with FakeHub() as hub:
        for name, expected in EXPECTED.items():
            report_path = folder / f"{name}.json"
            args = ["scan", *expected, "--policy", str(POLICIES / f"{name}.yaml"), "--format", "json"]
            args += ["--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN, "-o", str(report_path)]
            with pytest.raises(SystemExit):
                main(args)
            report = json.loads(report_path.read_text(encoding="utf-8"))
            out[name] = {m["id"]: m for m in report["models"]}
    return out


@pytest.mark.parametrize(
    "policy,repo", [(p, r) for p, repos in EXPECTED.items() for r in repos], ids=lambda v: str(v).split("/")[-1]
)
def test_each_policy_against_each_fixture(reports: dict[str, dict[str, Any]], policy: str, repo: str) -> None:
    verdict, deciding = EXPECTED[policy][repo]
    m = reports[policy][repo]
    errors = {f["id"] for f in m["findings"] if f["severity"] == "error" and f["waived"] is None}
    assert m["verdict"] == verdict, (policy, repo, errors)
    assert deciding <= errors, (policy, repo, errors)
    for f in m["findings"]:
        assert f["remediation"]
        if f["severity"] == "error" and f["id"] not in ("license-mismatch", "inherited-license", "unknown-license"):
            assert f["clause"] and f["clause"]["quote"], f
