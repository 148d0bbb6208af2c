"""`licscan scan` end to end: the real huggingface_hub against the local Hub, and local snapshots."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from licscan.cli.main import main
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
LLAMA_31 = "meta-llama/Llama-3.1-8B-Instruct"


def scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    with pytest.raises(SystemExit) as done:
        main(["scan", "--format", "json", *args])
    out = capsys.readouterr()
    return int(done.value.code or 0), json.loads(out.out), out.err


def on_hub(hub: FakeHub, *args: str, token: str | None = ACCEPTED_TOKEN) -> list[str]:
    return [*args, "--endpoint", hub.endpoint, *(["--token", token] if token else [])]


def model(report: dict[str, Any], id: str) -> dict[str, Any]:
    return next(m for m in report["models"] if m["id"] == id)


def ids(m: dict[str, Any], severity: str | None = None) -> set[str]:
    return {f["id"] for f in m["findings"] if severity is None or f["severity"] == severity}


def test_llama_31_is_concluded_from_its_license_file_pinned_to_the_commit(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = scan(capsys, *on_hub(hub, LLAMA_31))
    assert code == 0
    assert report["schema_version"] == 1 and report["tool"]["name"] == "licscan" and report["policy"] is None
    m = model(report, LLAMA_31)
    assert {"id", "revision", "source", "declared", "files", "license", "lineage", "findings", "verdict"} <= set(m)
    assert m["license"] == "llama3.1" and m["verdict"] == "pass" and m["source"] == "hub"
    sha = m["revision"]
    assert len(sha) == 40
    files = {f["path"]: f for f in m["files"]}
    assert (files["LICENSE"]["license"], files["LICENSE"]["match"]) == ("llama3.1", "exact")
    assert files["USE_POLICY.md"]["license"] == "llama3.1-aup"
    assert all(len(f["sha256"]) == 64 for f in m["files"])
    # Every file read is pinned to the resolved commit, and no weights are ever requested.
    resolves = hub.paths(rf"^/{LLAMA_31}/resolve/")
    assert resolves and all(f"/resolve/{sha}/" in p for p in resolves)
    base_sha = next(x["revision"] for x in m["lineage"] if x["id"] == "meta-llama/Llama-3.1-8B")
    assert all(f"/resolve/{base_sha}/" in p for p in hub.paths(r"^/meta-llama/Llama-3.1-8B/resolve/"))
    assert not any(p.endswith((".safetensors", ".gguf", ".bin")) for p in hub.paths())
    # Without a policy: obligations are information, and say what the license asks.
    assert {"attribution-required", "notice-required"} <= ids(m, "info")
    assert report["summary"] == {"pass": 1, "fail": 0, "error": 0}


def test_a_warm_rerun_downloads_nothing_and_asks_the_hub_once(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    scan(capsys, *on_hub(hub, LLAMA_31))
    own = r"meta-llama/Llama-3\.1-8B-Instruct(/|$)"  # its card also names its base, meta-llama/Llama-3.1-8B
    assert hub.count(own) == 1 + 2 * 2  # model_info, then HEAD + GET for LICENSE and USE_POLICY.md
    hub.reset_requests()
    scan(capsys, *on_hub(hub, LLAMA_31))
    assert hub.count(own) == 1 and hub.count(r"/resolve/") == 0


def test_offline_reads_the_cache_with_no_request(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    scan(capsys, *on_hub(hub, LLAMA_31))
    hub.reset_requests()
    code, report, _ = scan(capsys, LLAMA_31, "--offline", "--endpoint", hub.endpoint)
    assert code == 0 and model(report, LLAMA_31)["license"] == "llama3.1"
    assert hub.count() == 0


def test_gated_without_access_keeps_the_card_and_says_how_to_get_access(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = scan(capsys, *on_hub(hub, LLAMA_31, token=None))
    assert code == 3
    m = model(report, LLAMA_31)
    assert m["license"] == "llama3.1"
    (gated,) = [f for f in m["findings"] if f["id"] == "gated"]
    assert "HF_TOKEN" in gated["message"] + gated["remediation"]


def test_the_token_never_appears_in_any_output(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "hf_SecretTokenThatMustNeverBePrinted42"
    with pytest.raises(SystemExit):
        main(["scan", LLAMA_31, "no-org/missing", "--endpoint", hub.endpoint, "--token", secret])
    out = capsys.readouterr()
    assert secret not in out.out and secret not in out.err


def test_a_gguf_that_says_apache_is_bound_by_its_llama_base(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    gguf = "someorg/Llama-3.1-8B-Instruct-GGUF"
    code, report, _ = scan(
        capsys,
        *on_hub(hub, gguf, "--policy", str(POLICIES / "mega-platform.yaml")),
    )
    m = model(report, gguf)
    assert m["declared"]["license"] == "apache-2.0"
    assert m["license"] == "llama3.1" and "inherited from base" in m["concluded_by"]
    assert m["applied_licenses"][0] == "llama3.1" and "apache-2.0" not in m["applied_licenses"]
    base, grandparent = [x for x in m["lineage"] if x["kind"] == "model"]
    assert (base["id"], base["relation"], base["license"], base["depth"]) == (LLAMA_31, "quantized", "llama3.1", 1)
    assert (grandparent["id"], grandparent["depth"], grandparent["parent"]) == ("meta-llama/Llama-3.1-8B", 2, LLAMA_31)
    assert "inherited-license" in ids(m)
    # 900M MAU: the base's §2 cap applies to the quantization too; the policy's waiver names only the base model.
    (mau,) = [f for f in m["findings"] if f["id"] == "mau-cap"]
    assert mau["severity"] == "error" and mau["clause"]["section"] == "2" and mau["waived"] is None
    assert m["verdict"] == "fail" and code == 1


def test_the_mega_platform_waiver_covers_the_base_model_itself(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = scan(capsys, *on_hub(hub, LLAMA_31, "--policy", str(POLICIES / "mega-platform.yaml")))
    m = model(report, LLAMA_31)
    (mau,) = [f for f in m["findings"] if f["id"] == "mau-cap"]
    assert mau["waived"]["approved_by"] == "legal@example.com"
    assert m["verdict"] == "pass" and code == 0


@pytest.mark.parametrize(
    "repo,relation,bases",
    [
        ("someorg/Llama-3.1-8B-support-lora", "adapter", [LLAMA_31]),
        ("someorg/mistral-hermes-slerp", "merge", ["mistralai/Mistral-7B-v0.1", "teknium/OpenHermes-2.5-Mistral-7B"]),
    ],
)
def test_lineage_follows_adapters_and_merges_once_per_base(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], repo: str, relation: str, bases: list[str]
) -> None:
    _, report, _ = scan(capsys, *on_hub(hub, repo))
    lineage = [x for x in model(report, repo)["lineage"] if x["kind"] == "model" and x["depth"] == 1]
    assert [x["id"] for x in lineage] == bases
    assert {x["relation"] for x in lineage} == {relation}
    assert hub.count(r"^/api/models/mistralai/Mistral-7B-v0.1") <= 1


def test_a_base_that_cannot_be_read_fails_closed_with_the_base_named(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    # An Apache card over a base nobody can read: the base's terms may be stricter, so this is no pass.
    card = "---\nlicense: apache-2.0\nbase_model: someorg/deleted-base\n---\n# A fine-tune\n"
    hub.add_repo("someorg/orphan-finetune", {"README.md": card})
    code, report, _ = scan(capsys, *on_hub(hub, "someorg/orphan-finetune", "someorg/tiny-mit-classifier"))
    assert code == 3
    m = model(report, "someorg/orphan-finetune")
    missing = next(x for x in m["lineage"] if x["id"] == "someorg/deleted-base")
    assert missing["error"] and missing["license"] is None
    assert m["verdict"] == "error"
    (finding,) = [f for f in m["findings"] if f["id"] == "fetch-error"]
    assert finding["severity"] == "error" and "someorg/deleted-base" in finding["message"]
    assert model(report, "someorg/tiny-mit-classifier")["verdict"] == "pass"


def test_a_fine_tune_of_a_base_under_a_license_licscan_lacks_fails_closed(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base is read, and its LICENSE is its own: an Apache card on the fine-tune does not pass on it."""
    terms = "Acme Model License\n\n1. You may use the Model for research and evaluation only.\n"
    hub.add_repo("someorg/acme-base", {"README.md": "---\nlicense: other\n---\n# Base\n", "LICENSE": terms})
    card = "---\nlicense: apache-2.0\nbase_model: someorg/acme-base\n---\n# A fine-tune\n"
    hub.add_repo("someorg/acme-finetune", {"README.md": card})
    code, report, _ = scan(
        capsys, *on_hub(hub, "someorg/acme-finetune", "--policy", str(POLICIES / "commercial-saas.yaml"))
    )
    m = model(report, "someorg/acme-finetune")
    (finding,) = [f for f in m["findings"] if f["id"] == "unknown-license"]
    assert "someorg/acme-base, whose license licscan does not know" in finding["message"]
    assert (m["verdict"], code) == ("fail", 1)


def test_a_merge_is_bound_by_every_base(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = scan(capsys, *on_hub(hub, "someorg/mistral-hermes-slerp"))
    m = model(report, "someorg/mistral-hermes-slerp")
    assert {x["id"] for x in m["lineage"]} == {"mistralai/Mistral-7B-v0.1", "teknium/OpenHermes-2.5-Mistral-7B"}
    assert all(x["license"] == "apache-2.0" and x["relation"] == "merge" for x in m["lineage"])
    assert m["verdict"] == "pass"


def test_datasets_are_followed_for_their_license(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    repo = "someorg/model-with-datasets"
    _, report, _ = scan(capsys, *on_hub(hub, repo, "--policy", str(POLICIES / "commercial-saas.yaml")))
    m = model(report, repo)
    datasets = {x["id"]: x["license"] for x in m["lineage"] if x["kind"] == "dataset"}
    assert datasets == {"someorg/instruct-mix": "cc-by-nc-4.0", "allenai/c4": "odc-by"}
    (nc,) = [f for f in m["findings"] if f["id"] == "non-commercial"]
    assert nc["severity"] == "warning" and "dataset" in nc["message"]


@pytest.mark.parametrize(
    "repo,license",
    [
        ("stabilityai/stable-diffusion-3.5-large", "stabilityai-community"),
        ("black-forest-labs/FLUX.1-dev", "flux-1-dev-non-commercial"),
        ("Qwen/Qwen2.5-72B-Instruct", "qwen"),
        ("google/gemma-2-9b", "gemma"),
        ("mistralai/Mistral-7B-v0.1", "apache-2.0"),
        ("someorg/tiny-mit-classifier", "mit"),
        ("someorg/tag-only-license", None),
        ("someorg/freeuse-model", "cc-by-nc-4.0"),
        ("meta-llama/Llama-3.2-11B-Vision-Instruct", "llama3.2"),
    ],
)
def test_each_fixture_concludes_the_right_license(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], repo: str, license: str | None
) -> None:
    _, report, _ = scan(capsys, *on_hub(hub, repo))
    m = model(report, repo)
    if license is not None:
        assert m["license"] == license, m["concluded_by"]
    assert m["concluded_by"]


def test_the_eu_clause_fails_the_vision_model_but_not_the_text_model(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    vision, text = "meta-llama/Llama-3.2-11B-Vision-Instruct", "meta-llama/Llama-3.2-1B"
    code, report, _ = scan(capsys, *on_hub(hub, vision, text, "--policy", str(POLICIES / "commercial-saas.yaml")))
    assert "region-restricted" in ids(model(report, vision), "error")
    assert "region-restricted" not in ids(model(report, text))
    assert code == 1


def test_the_stability_revenue_threshold_and_flux_non_commercial_terms(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    sd, flux = "stabilityai/stable-diffusion-3.5-large", "black-forest-labs/FLUX.1-dev"
    _, report, _ = scan(capsys, *on_hub(hub, sd, flux, "--policy", str(POLICIES / "commercial-saas.yaml")))
    assert "revenue-cap" in ids(model(report, sd), "error")
    assert "non-commercial" in ids(model(report, flux), "error")


def test_one_missing_repository_among_good_ones_exits_3_and_keeps_the_rest(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = scan(
        capsys, *on_hub(hub, "mistralai/Mistral-7B-v0.1", "no-org/missing", "Qwen/Qwen2.5-72B-Instruct")
    )
    assert code == 3
    assert model(report, "mistralai/Mistral-7B-v0.1")["verdict"] == "pass"
    assert model(report, "Qwen/Qwen2.5-72B-Instruct")["license"] == "qwen"
    missing = model(report, "no-org/missing")
    assert missing["verdict"] == "error" and ids(missing) == {"fetch-error"}
    assert report["summary"] == {"pass": 2, "fail": 0, "error": 1}


def test_a_revision_resolves_to_its_commit(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    _, now, _ = scan(capsys, *on_hub(hub, "Qwen/Qwen2.5-72B-Instruct"))
    _, then, _ = scan(capsys, *on_hub(hub, "Qwen/Qwen2.5-72B-Instruct@v1.0"))
    old = then["models"][0]
    assert old["revision"] != now["models"][0]["revision"] and len(old["revision"]) == 40
    assert old["license"] == "tongyi-qianwen"


def test_a_malformed_card_is_a_finding_naming_the_file_and_line(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = scan(capsys, *on_hub(hub, "someorg/malformed-card", "mistralai/Mistral-7B-v0.1"))
    m = model(report, "someorg/malformed-card")
    assert any(f["id"] == "fetch-error" and "README.md:4" in f["message"] for f in m["findings"])
    assert m["verdict"] == "pass" and code == 0
    assert model(report, "mistralai/Mistral-7B-v0.1")["verdict"] == "pass"


def test_transient_server_errors_are_retried(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.add_fault(r"^/api/models/", status=500, times=1)
    hub.add_fault(r"/resolve/", status=429, retry_after=0, times=1)
    code, report, _ = scan(capsys, *on_hub(hub, "mistralai/Mistral-7B-v0.1"))
    assert code == 0 and report["models"][0]["license"] == "apache-2.0"


def test_text_output_is_a_readable_table(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["scan", *on_hub(hub, LLAMA_31, "--policy", str(POLICIES / "mega-platform.yaml"))])
    out = capsys.readouterr().out
    assert "Llama 3.1 Community License Agreement" in out and "mau-cap" in out and "700,000,000" in out


def test_a_local_snapshot_scans_like_the_hub(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = tmp_path / "snapshot"
    shutil.copytree(ROOT / "tests/fixtures/hub/models/stabilityai/stable-diffusion-3.5-large", snapshot)
    code, report, _ = scan(capsys, str(snapshot), "--policy", str(POLICIES / "commercial-saas.yaml"))
    m = report["models"][0]
    assert m["source"] == "local" and m["license"] == "stabilityai-community"
    assert "revenue-cap" in ids(m, "error") and code == 1


def test_check_with_a_lock_catches_an_upstream_license_change_and_rechecks_offline(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models.yaml").write_text(
        "models:\n  - id: mistralai/Mistral-7B-v0.1\n  - id: Qwen/Qwen2.5-72B-Instruct\n", encoding="utf-8"
    )
    common = ["--endpoint", hub.endpoint]
    with pytest.raises(SystemExit) as done:
        main(["lock", "models.yaml", *common])
    assert done.value.code == 0
    with pytest.raises(SystemExit) as done:
        main(["check", "models.yaml", "--lock", "licscan.lock", *common])
    assert done.value.code == 0
    # Offline, from the lock and the HF cache: not a single request.
    hub.reset_requests()
    with pytest.raises(SystemExit) as done:
        main(["check", "models.yaml", "--lock", "licscan.lock", "--offline", *common])
    assert done.value.code == 0 and hub.count() == 0
    # Upstream relicenses Mistral under CC BY-NC 4.0.
    hub.commit("mistralai/Mistral-7B-v0.1", {"LICENSE": (ROOT / "licenses/texts/cc-by-nc-4.0.txt").read_bytes()})
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["check", "models.yaml", "--lock", "licscan.lock", *common])
    out = capsys.readouterr().out
    assert done.value.code == 1
    assert "license-changed" in out and "apache-2.0 -> cc-by-nc-4.0" in out


def test_check_exits_3_when_a_manifest_model_is_missing_and_still_reports_the_others(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "models.yaml"
    manifest.write_text("models:\n  - id: mistralai/Mistral-7B-v0.1\n  - id: no-org/missing\n", encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["check", str(manifest), "--endpoint", hub.endpoint, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert done.value.code == 3
    assert model(report, "mistralai/Mistral-7B-v0.1")["verdict"] == "pass"
    assert model(report, "no-org/missing")["verdict"] == "error"


def test_the_token_is_not_recorded_in_the_reports_command_line(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "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7"
    argv = ["licscan", "report", "mistralai/Mistral-7B-v0.1", "--endpoint", hub.endpoint, "--token", secret]
    for fmt in ["html", "markdown", "json", "spdx-json", "cyclonedx-json"]:
        out = tmp_path / f"report.{fmt}"
        monkeypatch.setattr("sys.argv", [*argv, "--format", fmt, "-o", str(out)])
        with pytest.raises(SystemExit):
            main([*argv[1:], "--format", fmt, "-o", str(out)])
        assert secret not in out.read_text(encoding="utf-8"), fmt


def test_a_license_file_with_a_changed_number_is_a_modified_license(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = tmp_path / "edited-llama"
    snapshot.mkdir()
    (snapshot / "README.md").write_text("---\nlicense: llama3.1\n---\n# edited\n", encoding="utf-8")
    text = (ROOT / "licenses/texts/llama-3.1.txt").read_text(encoding="utf-8")
    (snapshot / "LICENSE").write_text(text.replace("700 million", "7 billion"), encoding="utf-8")
    code, report, _ = scan(capsys, str(snapshot), "--policy", str(POLICIES / "commercial-saas.yaml"))
    m = report["models"][0]
    (modified,) = [f for f in m["findings"] if f["id"] == "modified-license"]
    assert modified["severity"] == "error" and "700" in modified["message"] and "7 billion" in modified["message"]
    # A changed license lends the model none of llama3.1's terms: the changed text governs.
    assert m["files"][0]["match"] == "modified" and m["license"] is None
    assert m["verdict"] == "fail" and code == 1


# --- GGUF headers: the weights' own word on what they are


def _gguf_repo(hub: FakeHub, repo_id: str, header: bytes, card: str = "license: apache-2.0\n") -> int:
    hub.add_repo(
        repo_id,
        {
            "README.md": f"---\n{card}pipeline_tag: text-generation\n---\n# A quantization\n",
            "model-Q4_K_M.gguf": header,
        },
    )
    return len(header)


def test_a_gguf_whose_header_says_llama_is_concluded_llama_and_its_base_is_followed(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.ggufdata import gguf_bytes

    repo = "someorg/apache-on-the-card-GGUF"
    size = _gguf_repo(hub, repo, gguf_bytes(tensor_mib=16, tokens=50_000))
    code, report, _ = scan(capsys, *on_hub(hub, repo))
    m = model(report, repo)
    # The card says apache-2.0 and names no base; the header names Llama 3.1 and its base on the Hub.
    assert m["declared"]["license"] == "apache-2.0"
    assert m["license"] == "llama3.1" and f"inherited from base {LLAMA_31}" in m["concluded_by"]
    base = next(x for x in m["lineage"] if x["kind"] == "model")
    assert (base["id"], base["relation"], base["license"], base["depth"]) == (LLAMA_31, "quantized", "llama3.1", 1)
    (gguf,) = m["gguf"]
    assert {k: gguf[k] for k in ("path", "license", "base_models", "name")} == {
        "path": "model-Q4_K_M.gguf",
        "license": "llama3.1",
        "base_models": [LLAMA_31],
        "name": "Llama 3.1 8B Instruct",
    }
    assert gguf["license_key"] == "llama3.1" and gguf["error"] is None
    (mismatch,) = [f for f in m["findings"] if f["id"] == "license-mismatch"]
    assert "GGUF header of model-Q4_K_M.gguf records general.license llama3.1" in mismatch["message"]
    assert {"inherited-license", "attribution-required"} <= ids(m)
    assert m["purl"] == f"pkg:huggingface/{repo}@{m['revision']}"
    # Only ranged GETs for the GGUF file, pinned to the commit, and a few kilobytes of its 16 MiB.
    bodies = hub.bodies(r"\.gguf$")
    assert bodies and all(b.range and b.status == 206 and f"/resolve/{m['revision']}/" in b.path for b in bodies)
    assert hub.count(r"\.gguf$") == hub.count(r"\.gguf$", method="GET") == len(bodies)  # no HEAD, no full GET
    assert gguf["bytes_read"] == hub.bytes_sent(r"\.gguf$") == 65536 and size > 250 * 65536
    assert code == 0


def test_a_gguf_header_license_binds_even_when_its_base_is_not_on_the_hub(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.ggufdata import gguf_bytes

    repo = "someorg/no-base-GGUF"
    _gguf_repo(hub, repo, gguf_bytes(bases=(("Llama 3.1 8B", "Meta Llama", "https://example.com/llama"),)))
    _, report, _ = scan(capsys, *on_hub(hub, repo))
    m = model(report, repo)
    assert m["license"] == "llama3.1" and "GGUF header of model-Q4_K_M.gguf records llama3.1" in m["concluded_by"]
    assert m["lineage"] == [] and m["gguf"][0]["base_models"] == ["Meta Llama/Llama 3.1 8B"]
    assert "llama3.1" in m["applied_licenses"] and "apache-2.0" not in m["applied_licenses"]
    assert "license-mismatch" in ids(m)


def test_a_gguf_that_agrees_with_its_card_raises_nothing(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ggufdata import gguf_bytes

    repo = "someorg/mit-GGUF"
    _gguf_repo(hub, repo, gguf_bytes(license="mit", bases=()), card="license: mit\n")
    _, report, _ = scan(capsys, *on_hub(hub, repo))
    m = model(report, repo)
    assert m["license"] == "mit" and m["gguf"][0]["license_key"] == "mit"
    assert "license-mismatch" not in ids(m) and "fetch-error" not in ids(m)


def test_a_broken_gguf_header_is_a_fetch_error_naming_the_file(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = "someorg/broken-header-GGUF"
    _gguf_repo(hub, repo, b"GGUF\x03\x00\x00\x00" + b"\xff" * 40, card="license: mit\n")
    code, report, _ = scan(capsys, *on_hub(hub, repo))
    m = model(report, repo)
    (error,) = [f for f in m["findings"] if f["id"] == "fetch-error"]
    assert error["message"].startswith("model-Q4_K_M.gguf: GGUF header not read:")
    assert m["gguf"][0]["error"] == error["message"] and m["license"] == "mit"
    # The header could have named a stricter license or a base: unread, it leaves the verdict undecided.
    assert error["severity"] == "error" and m["verdict"] == "error" and code == 3


def test_a_local_snapshot_reads_its_gguf_headers_from_disk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ggufdata import gguf_bytes

    folder = tmp_path / "support-bot-Q4"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n", encoding="utf-8")
    (folder / "support-bot-Q4_K_M.gguf").write_bytes(gguf_bytes(bases=()))
    _, report, _ = scan(capsys, str(folder))
    m = model(report, str(folder))
    assert m["gguf"][0]["license"] == "llama3.1" and m["license"] == "llama3.1"
    assert m["purl"] == "pkg:generic/support-bot-Q4"


@pytest.mark.parametrize(
    "header,verdict,finding",
    [("acme-research-only", "fail", "unknown-license"), ("other", "pass", "license-mismatch")],
    ids=["a license licscan lacks", "other, which names none"],
)
def test_a_gguf_header_naming_a_license_licscan_lacks_fails_closed_beside_an_apache_license_file(
    header: str, verdict: str, finding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.ggufdata import gguf_bytes

    folder = tmp_path / "quant"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n", encoding="utf-8")
    shutil.copy(ROOT / "licenses" / "texts" / "apache-2.0.txt", folder / "LICENSE")
    (folder / "quant-Q4_K_M.gguf").write_bytes(gguf_bytes(license=header, bases=()))
    _, report, _ = scan(capsys, str(folder), "--policy", str(POLICIES / "commercial-saas.yaml"))
    m = model(report, str(folder))
    assert (m["license"], m["verdict"]) == ("apache-2.0", verdict)
    (found,) = [f for f in m["findings"] if f["id"] == finding]
    assert f"general.license '{header}'" in found["message"]


def test_the_audit_report_shows_the_header_evidence(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ggufdata import gguf_bytes

    repo = "someorg/apache-on-the-card-GGUF"
    _gguf_repo(hub, repo, gguf_bytes())
    for fmt, heading in (("markdown", "### GGUF header metadata"), ("html", '<h3 class="gguf">')):
        with pytest.raises(SystemExit):
            main(["report", "--format", fmt, *on_hub(hub, repo)])
        out = capsys.readouterr().out.replace("\\", "")  # Markdown escapes _ and .
        assert heading in out and "model-Q4_K_M.gguf" in out and LLAMA_31 in out
        assert f"pkg:huggingface/{repo}@" in out


def test_spdx3_of_a_scan_with_datasets_and_a_gguf_lineage(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.ggufdata import gguf_bytes
    from tests.spdx3check import dangling, decode

    _gguf_repo(hub, "someorg/apache-on-the-card-GGUF", gguf_bytes())
    out = tmp_path / "bom.spdx3.json"
    targets = ["someorg/model-with-datasets", "someorg/apache-on-the-card-GGUF", "someorg/Llama-3.1-8B-support-lora"]
    with pytest.raises(SystemExit):
        main(["report", "--format", "spdx3-jsonld", "-o", str(out), *on_hub(hub, *targets)])
    capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    elements = json.loads(text)["@graph"]
    names = {e.get("name"): e for e in elements}
    # The lora's lineage is three levels: lora -> Llama-3.1-8B-Instruct -> Llama-3.1-8B.
    assert {"someorg/instruct-mix", "allenai/c4", LLAMA_31, "meta-llama/Llama-3.1-8B"} <= set(names)
    assert names["allenai/c4"]["type"] == "dataset_DatasetPackage"
    kinds = {(r["from"], r["relationshipType"], t) for r in elements if r["type"] == "Relationship" for t in r["to"]}
    sid = {name: e.get("spdxId") for name, e in names.items()}
    assert (sid["meta-llama/Llama-3.1-8B"], "ancestorOf", sid[LLAMA_31]) in kinds
    assert (sid[LLAMA_31], "ancestorOf", sid["someorg/apache-on-the-card-GGUF"]) in kinds
    assert (sid["someorg/model-with-datasets"], "trainedOn", sid["allenai/c4"]) in kinds
    gguf = names["someorg/apache-on-the-card-GGUF"]
    assert gguf["software_packageUrl"].startswith("pkg:huggingface/someorg/apache-on-the-card-GGUF@")
    assert "GGUF header of model-Q4_K_M.gguf: general.license llama3.1" in gguf["comment"]
    assert dangling(text) == [] and decode(text) is not None
    (tmp_path / "keep").write_text(text, encoding="utf-8")


def test_spdx3_validate_accepts_a_scan_report(hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.spdx3check import spdx3_validate

    test_spdx3_of_a_scan_with_datasets_and_a_gguf_lineage(hub, capsys, tmp_path)
    assert spdx3_validate((tmp_path / "keep").read_text(encoding="utf-8")) == []


def test_two_quantizations_with_the_same_header_bind_once(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ggufdata import gguf_bytes

    repo = "someorg/two-quants-GGUF"
    header = gguf_bytes(bases=())
    hub.add_repo(repo, {"README.md": "---\nlicense: apache-2.0\n---\n", "m-Q4_K_M.gguf": header, "m-Q8_0.gguf": header})
    _, report, _ = scan(capsys, *on_hub(hub, repo))
    m = model(report, repo)
    assert m["license"] == "llama3.1" and m["applied_licenses"].count("llama3.1") == 1
    assert [g["path"] for g in m["gguf"]] == ["m-Q4_K_M.gguf", "m-Q8_0.gguf"]
    # Each file that contradicts the card says so; the obligations of the license appear once.
    assert [f["id"] for f in m["findings"]].count("license-mismatch") == 2
    assert [f["id"] for f in m["findings"]].count("attribution-required") == 1


def test_a_merge_of_llama_and_qwen_under_an_apache_card_shows_both_licenses_terms(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    # The card says apache-2.0; both bases bind. Each bound license's terms are in the report, each under its own
    # license, and every finding quotes what the card actually declares.
    card = (
        "---\nlicense: apache-2.0\nbase_model:\n- meta-llama/Llama-3.1-8B-Instruct\n- Qwen/Qwen2.5-72B-Instruct\n"
        "tags: [merge]\n---\n# A merge\n"
    )
    hub.add_repo("someorg/llama-qwen-merge", {"README.md": card})
    _, report, _ = scan(capsys, *on_hub(hub, "someorg/llama-qwen-merge"))
    m = model(report, "someorg/llama-qwen-merge")
    assert m["license"] == "llama3.1"
    assert {"llama3.1", "qwen"} <= set(m["applied_licenses"])
    by_license: dict[str, list[str]] = {}
    for term in m["terms"]:
        by_license.setdefault(term["license"], []).append(f"{term['name']}: {term['value']}")
    assert any("700,000,000" in t for t in by_license["llama3.1"])
    assert any("100,000,000" in t for t in by_license["qwen"])
    inherited = [f["message"] for f in m["findings"] if f["id"] == "inherited-license"]
    assert len(inherited) >= 2  # one per base, and one for Qwen's own base
    assert all("declares apache-2.0" in text for text in inherited), inherited
    assert not any("declares llama3.1" in f["message"] for f in m["findings"])
