"""Against the real Hugging Face Hub: run with `python -m pytest -m online` on a machine with network access."""

from __future__ import annotations

import json

import pytest

from licscan.cli.main import main

pytestmark = pytest.mark.online


def test_a_public_apache_model_on_the_real_hub(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["scan", "mistralai/Mistral-7B-v0.1", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    model = report["models"][0]
    assert done.value.code == 0
    assert model["license"] == "apache-2.0" and len(model["revision"]) == 40


def test_the_gated_llama_card_is_read_without_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["scan", "meta-llama/Llama-3.1-8B-Instruct", "--format", "json"])
    model = json.loads(capsys.readouterr().out)["models"][0]
    assert model["license"] == "llama3.1"
