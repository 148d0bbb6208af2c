"""One bad reply, card or file never loses the other models' results: the run goes on, and says what happened."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from licscan.cli.main import main
from licscan.targets import is_local
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

TEN = [
    "Qwen/Qwen2.5-72B-Instruct",
    "meta-llama/Llama-3.1-8B-Instruct",
    "someorg/mistral-hermes-slerp",
    "black-forest-labs/FLUX.1-dev",
    "stabilityai/stable-diffusion-3.5-large",
    "google/gemma-2-9b",
    "someorg/tiny-mit-classifier",
    "meta-llama/Llama-3.2-1B",
    "someorg/tag-only-license",
    "someorg/Llama-3.1-8B-support-lora",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    with pytest.raises(SystemExit) as done:
        main(["scan", "--format", "json", *args])
    out = capsys.readouterr()
    return int(done.value.code or 0), json.loads(out.out), out.err


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in report["models"]}


def test_ten_models_each_fault_only_costs_its_own_model(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_DOWNLOAD_TIMEOUT", "1")  # bounds the stall below
    # Passing faults: the retry policy gets through them.
    hub.add_fault(r"^/api/models/Qwen/Qwen2\.5-72B-Instruct$", status=500)
    hub.add_fault(r"^/api/models/meta-llama/Llama-3\.1-8B-Instruct$", status=429, retry_after=0)
    hub.add_fault(r"^/api/models/someorg/mistral-hermes-slerp$", delay=40)
    # Lasting faults: each of these models cannot be judged.
    html = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"
    hub.add_fault(r"^/api/models/black-forest-labs/", status=503, body=html, content_type="text/html", times=99)
    hub.add_fault(r"^/api/models/stabilityai/", status=200, body="<!doctype html><p>Sign in", times=99)
    hub.add_fault(r"^/api/models/google/gemma-2-9b$", status=401, times=99)
    hub.add_fault(r"^/someorg/tiny-mit-classifier/resolve/[0-9a-f]+/LICENSE$", truncate=40, times=99)
    hub.add_fault(r"^/api/models/meta-llama/Llama-3\.2-1B$", drop=True, times=99)

    code, report, err = run(capsys, *TEN, "--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN)

    assert code == 3
    models = by_id(report)
    assert list(models) == TEN
    verdicts = {m: models[m]["verdict"] for m in TEN}
    assert verdicts == {
        "Qwen/Qwen2.5-72B-Instruct": "pass",
        "meta-llama/Llama-3.1-8B-Instruct": "pass",
        "someorg/mistral-hermes-slerp": "pass",
        "black-forest-labs/FLUX.1-dev": "error",
        "stabilityai/stable-diffusion-3.5-large": "error",
        "google/gemma-2-9b": "error",
        "someorg/tiny-mit-classifier": "error",
        "meta-llama/Llama-3.2-1B": "error",
        "someorg/tag-only-license": "pass",
        "someorg/Llama-3.1-8B-support-lora": "pass",
    }
    assert report["summary"] == {"pass": 5, "fail": 0, "error": 5}
    messages = {m: " ".join(f["message"] for f in models[m]["findings"] if f["id"] == "fetch-error") for m in TEN}
    assert "HTTP 503" in messages["black-forest-labs/FLUX.1-dev"]
    assert "not the Hub's JSON" in messages["stabilityai/stable-diffusion-3.5-large"]
    assert "HTTP 401" in messages["google/gemma-2-9b"]
    assert "LICENSE" in messages["someorg/tiny-mit-classifier"]
    assert "Llama-3.2-1B" in messages["meta-llama/Llama-3.2-1B"]
    # One line per problem, each naming its model; nothing from huggingface_hub itself; never the token.
    lines = err.strip().splitlines()
    assert len(lines) == 5, err
    assert all(line.startswith("licscan: error: ") for line in lines)
    for failed in (m for m in TEN if verdicts[m] == "error"):
        assert sum(failed in line for line in lines) == 1
    assert "Trying to resume" not in err and "Traceback" not in err
    assert ACCEPTED_TOKEN not in err and ACCEPTED_TOKEN not in json.dumps(report)


def test_a_truncated_download_is_resumed_without_chatter(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.add_fault(r"^/someorg/tiny-mit-classifier/resolve/[0-9a-f]+/LICENSE$", truncate=40, times=1)
    code, report, err = run(capsys, "someorg/tiny-mit-classifier", "--endpoint", hub.endpoint)
    assert code == 0 and by_id(report)["someorg/tiny-mit-classifier"]["license"] == "mit"
    assert err == ""


def test_an_unexpected_bug_in_one_model_leaves_the_others_judged(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import licscan.scan as scan_module

    real = scan_module.conclude

    def broken_for_mistral(docs: Any, db: Any, index: Any) -> Any:
        if docs.id == "mistralai/Mistral-7B-v0.1":
            raise ZeroDivisionError("a bug nobody foresaw")
        return real(docs, db, index)

    monkeypatch.setattr(scan_module, "conclude", broken_for_mistral)
    code, report, err = run(
        capsys, "mistralai/Mistral-7B-v0.1", "someorg/tiny-mit-classifier", "--endpoint", hub.endpoint
    )
    assert code == 3
    models = by_id(report)
    assert models["someorg/tiny-mit-classifier"]["verdict"] == "pass"
    (finding,) = models["mistralai/Mistral-7B-v0.1"]["findings"]
    assert finding["id"] == "fetch-error" and "ZeroDivisionError" in finding["message"]
    assert "--debug" in finding["remediation"] and "mistralai/Mistral-7B-v0.1" in err


def test_debug_shows_the_traceback_and_still_prints_every_result(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import licscan.scan as scan_module

    real = scan_module.conclude
    monkeypatch.setattr(
        scan_module,
        "conclude",
        lambda docs, db, index: 1 / 0 if docs.id.startswith("mistralai/") else real(docs, db, index),
    )
    with pytest.raises(SystemExit) as done:
        main(
            [
                "--debug",
                "scan",
                "--format",
                "json",
                "mistralai/Mistral-7B-v0.1",
                "someorg/tiny-mit-classifier",
                "--endpoint",
                hub.endpoint,
            ]
        )
    out = capsys.readouterr()
    logging.getLogger("licscan").handlers.clear()
    logging.getLogger("licscan").setLevel(logging.NOTSET)
    assert done.value.code == 3
    assert "Traceback" in out.err and "ZeroDivisionError" in out.err
    assert len(json.loads(out.out)["models"]) == 2


def test_a_lone_surrogate_in_card_metadata_reaches_every_format_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "surrogate"
    model.mkdir()
    (model / "README.md").write_text('---\nlicense: "\\uDFFF"\nlicense_name: "x\\uD800y"\n---\n# card\n')
    for fmt in ("text", "json", "sarif", "markdown", "html", "spdx-json"):
        with pytest.raises(SystemExit):
            main(["scan", "--format", fmt, str(model)])
        out = capsys.readouterr().out
        out.encode("utf-8")  # no lone surrogate left: this would raise
        assert "\ufffd" in out or fmt in ("spdx-json",)


def test_a_huge_base_model_in_a_local_card_is_a_hub_id_never_a_path(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "huge-base"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: mit\nbase_model: " + "x/" * 3000 + "x\n---\n")
    (model / "LICENSE").write_text("MIT License\n")
    code, report, _ = run(capsys, str(model), "--endpoint", hub.endpoint)
    (m,) = report["models"]
    assert code == 3 and m["verdict"] == "error"
    assert any("not a Hub repository id" in f["message"] for f in m["findings"] if f["id"] == "fetch-error")


def test_a_card_cannot_make_licscan_read_the_disk(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "README.md").write_text("---\nlicense: mit\n---\n")
    model = tmp_path / "m"
    model.mkdir()
    (model / "README.md").write_text(f"---\nlicense: mit\nbase_model: {secret}\n---\n")
    _, report, _ = run(capsys, str(model), "--endpoint", hub.endpoint)
    (entry,) = report["models"][0]["lineage"]
    assert entry["license"] is None and entry["error"]
    assert not any(p.endswith("secret") for p in hub.paths())  # asked of nobody: not a Hub id either


@pytest.mark.parametrize("ref", ["x/" * 3000 + "x", "a\x00b", "", "org/name@main", "~nonexistent-user/x"])
def test_is_local_never_raises(ref: str) -> None:
    assert is_local(ref) in (True, False)


def test_a_broken_card_is_failed_closed_and_its_words_are_no_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "broken"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: [apache-2.0\n---\n# A model\n")
    policy = Path(__file__).resolve().parent.parent / "policies" / "internal-research.yaml"
    code, report, err = run(capsys, str(model), "--policy", str(policy))
    (m,) = report["models"]
    assert code == 3 and m["verdict"] == "error" and m["license"] is None
    (finding,) = [f for f in m["findings"] if f["id"] == "fetch-error"]
    assert finding["severity"] == "error" and "README.md:3: " in finding["message"]
    assert "not valid YAML" in finding["message"]
    assert "README.md" in err


def test_a_broken_card_beside_a_license_file_is_decided_by_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "broken-with-license"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: [apache-2.0\n---\n# A model\n")
    root = Path(__file__).resolve().parent.parent
    (model / "LICENSE").write_bytes((root / "licenses" / "texts" / "mit.txt").read_bytes())
    code, report, _ = run(capsys, str(model))
    (m,) = report["models"]
    assert code == 0 and m["license"] == "mit" and m["verdict"] == "pass"
    assert any(f["id"] == "fetch-error" and f["severity"] == "warning" for f in m["findings"])


def test_a_gated_repository_is_reported_even_when_its_files_come_from_the_cache(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.set_gated("meta-llama/Llama-3.2-1B", "manual")
    code, report, _ = run(capsys, "meta-llama/Llama-3.2-1B", "--endpoint", hub.endpoint, "--token", "hf_NoAccess12345")
    (m,) = report["models"]
    assert code == 3 and [f["severity"] for f in m["findings"] if f["id"] == "gated"] == ["warning"]
    args = ["meta-llama/Llama-3.2-1B", "--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN]
    for extra in ([], ["--offline"]):
        code, report, _ = run(capsys, *args, *extra)
        (m,) = report["models"]
        gated = [f for f in m["findings"] if f["id"] == "gated"]
        assert code == 0 and [f["severity"] for f in gated] == ["info"], extra
        assert "click-through agreement" in gated[0]["message"]


def test_a_malformed_url_in_a_card_or_a_gguf_header_is_no_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.ggufdata import gguf_bytes

    model = tmp_path / "bad-urls"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: mit\nlicense_link: http://[broken/LICENSE\n---\n")
    (model / "LICENSE").write_text((Path(__file__).resolve().parent.parent / "licenses/texts/mit.txt").read_text())
    (model / "m.gguf").write_bytes(gguf_bytes(license="mit", bases=(("x", "y", "https://[huggingface.co/a/b"),)))
    code, report, _ = run(capsys, str(model))
    (m,) = report["models"]
    assert code == 0 and m["license"] == "mit" and m["verdict"] == "pass"
    assert not any("unexpected" in f["message"] for f in m["findings"])
