"""`licscan notice`: what shipping a release requires, read from the terms and from each repository at its commit."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from licscan.cli.main import main
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "licenses" / "texts"
LLAMA_31 = "meta-llama/Llama-3.1-8B-Instruct"
GEMMA = "google/gemma-2-9b"
STABILITY = "stabilityai/stable-diffusion-3.5-large"
QWEN = "Qwen/Qwen2.5-72B-Instruct"

# Shipping fine-tunes of these models: the weights are published; duties are reported, not failed on.
RELEASE = """name: Release of fine-tuned weights
intended_use: {commercial: true, hosting: false, distribute_weights: true, fine_tune: true}
rules: {obligations: info, unknown_license: warning}
"""
INTERNAL = """name: Internal research
intended_use: {commercial: false, hosting: false, distribute_weights: false, fine_tune: true}
rules: {obligations: info}
"""


@pytest.fixture(autouse=True)
def _bases(hub: FakeHub) -> None:
    """The bases that the Llama 3.1 Instruct and Qwen 2.5 Instruct cards name: a base that cannot be read leaves
    the bundle partial (its terms are unknown)."""
    hub.add_repo(
        "meta-llama/Llama-3.1-8B",
        {"README.md": "---\nlicense: llama3.1\n---\n", "LICENSE": (TEXTS / "llama-3.1.txt").read_bytes()},
    )
    hub.add_repo(
        "Qwen/Qwen2.5-72B",
        {"README.md": "---\nlicense: other\nlicense_name: qwen\n---\n", "LICENSE": (TEXTS / "qwen.txt").read_bytes()},
    )


def manifest(tmp_path: Path, models: list[dict[str, Any]], policy: str = RELEASE) -> Path:
    (tmp_path / "policy.yaml").write_text(policy, encoding="utf-8")
    path = tmp_path / "models.yaml"
    path.write_text(json.dumps({"policy": "policy.yaml", "models": models}), encoding="utf-8")
    return path


def notice(
    capsys: pytest.CaptureFixture[str], hub: FakeHub | None, path: Path, *extra: str, token: str | None = ACCEPTED_TOKEN
) -> tuple[int, str, str]:
    args = ["notice", str(path), *extra]
    if hub is not None:
        args += ["--endpoint", hub.endpoint, *(["--token", token] if token else [])]
    with pytest.raises(SystemExit) as done:
        main(args)
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out, out.err


def section(text: str, model_id: str) -> str:
    """The NOTICE block of one model."""
    start = text.index(f"Model: {model_id}\n")
    end = text.find("\nModel: ", start + 1)
    return text[start : end if end > 0 else len(text)]


def test_llama_31_release_carries_the_notice_the_attribution_the_name_check_and_the_agreement(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = manifest(tmp_path, [{"id": LLAMA_31, "derivative_name": "Acme-Support-8B"}])
    code, out, _ = notice(capsys, hub, path, "--dir", str(tmp_path / "third_party"))
    block = section(out, LLAMA_31)
    sha = hub.repo(LLAMA_31).refs["main"]
    assert f"Package: pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@{sha}" in block
    assert f"Commit: {sha}" in block
    # Section 1.b.iii: the notice, verbatim, with the clause that requires it.
    assert (
        "  Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights "
        "Reserved.\n" in block
    )
    assert "§1.b.iii: “You must retain in all copies of the Llama Materials that you distribute" in block
    assert 'Display "Built with Llama"' in block and "§1.b.i(B)" in block
    # The name we ship under does not begin with "Llama": 1.b.i says it must.
    assert "[!] The name 'Acme-Support-8B' does not begin with 'Llama'" in block
    assert "LICENSE  sha256" in block and "§1.b.i(A)" in block
    assert "INCOMPLETE" not in out
    # The naming duty is reported at `rules.obligations`, as `check` reports it: info here, so no violation...
    assert code == 0
    # ...and a violation where the policy makes duties errors.
    strict = manifest(
        tmp_path, [{"id": LLAMA_31, "derivative_name": "Acme-Support-8B"}], RELEASE.replace("info", "error")
    )
    assert notice(capsys, hub, strict)[0] == 1


def test_a_name_that_begins_with_llama_is_checked_off(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = manifest(tmp_path, [{"id": LLAMA_31, "derivative_name": "Llama-3.1-Acme-Support"}])
    code, out, _ = notice(capsys, hub, path)
    assert "[x] The name 'Llama-3.1-Acme-Support' begins with 'Llama'" in out
    assert code == 0


def test_llama_3_notice_names_meta_llama_3(hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hub.add_repo(
        "acme/Llama-3-8B-support",
        {"README.md": "---\nlicense: llama3\n---\n", "LICENSE": (TEXTS / "llama-3.txt").read_bytes()},
    )
    path = manifest(tmp_path, [{"id": "acme/Llama-3-8B-support", "derivative_name": "Llama-3-Acme"}])
    code, out, _ = notice(capsys, hub, path)
    assert (
        "  Meta Llama 3 is licensed under the Meta Llama 3 Community License, Copyright © Meta Platforms, Inc. All "
        "Rights Reserved.\n" in out
    )
    assert 'Display "Built with Meta Llama 3"' in out
    assert "[x] The name 'Llama-3-Acme' begins with 'Llama 3'" in out
    assert code == 0


def test_gemma_notice_and_its_terms_which_the_repository_does_not_carry(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = notice(capsys, hub, manifest(tmp_path, [{"id": GEMMA}]))
    block = section(out, GEMMA)
    # Section 3.1(4): every Distribution other than through a Hosted Service carries this "Notice" file text.
    assert (
        "  Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms\n" in block
    )
    assert "§3.1(4)" in block
    assert "Modified files must carry prominent notices" in block and "§3.1(3)" in block
    # Section 3.1(2) asks for a copy of the Terms, and the repository has none: the bundle says so, first thing.
    assert "[!] No copy of the Gemma Terms of Use is in google/gemma-2-9b's repository" in block
    assert out.startswith("NOTICE\n======\n\nINCOMPLETE")
    assert code == 1 and "INCOMPLETE" in err


def test_stability_notice_attribution_and_modification_statement(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = notice(capsys, hub, manifest(tmp_path, [{"id": STABILITY}]))
    block = section(out, STABILITY)
    assert (
        "  This Stability AI Model is licensed under the Stability AI Community License, Copyright © Stability AI Ltd. "
        "All Rights Reserved\n" in block
    )
    assert 'Display "Powered by Stability AI"' in block and "§IV.a(iii)" in block
    assert 'state in the "Notice" text file that You changed the Stability AI Materials and how' in block
    assert "LICENSE.md  sha256" in block
    assert code in (0, 1)


def test_qwen_notice(hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = notice(capsys, hub, manifest(tmp_path, [{"id": QWEN}]))
    assert code == 0 and "INCOMPLETE" not in out
    block = section(out, QWEN)
    assert (
        "  Qwen is licensed under the Qwen LICENSE AGREEMENT, Copyright (c) Alibaba Cloud. All Rights Reserved.\n"
        in block
    )
    assert "§3.c" in block and "LICENSE  sha256" in block


def test_apache_notice_file_is_retained_verbatim_and_copied_byte_for_byte(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice_bytes = "Acme Encoder\r\nCopyright 2025 Acme Corp.\r\nThis product includes software from Example.\r\n"
    sha = hub.add_repo(
        "acme/encoder",
        {
            "README.md": "---\nlicense: apache-2.0\n---\n# Encoder\n",
            "LICENSE": (TEXTS / "apache-2.0.txt").read_bytes(),
            "NOTICE": notice_bytes.encode(),
        },
    )
    code, out, _ = notice(capsys, hub, manifest(tmp_path, [{"id": "acme/encoder"}]), "--dir", str(tmp_path / "tp"))
    block = section(out, "acme/encoder")
    assert "[NOTICE from the repository, sha256" in block
    assert "Copyright 2025 Acme Corp.\nThis product includes software from Example." in block
    assert "§4(d)" in block and "NOTICE" in block
    files = hub.repo("acme/encoder").commits[sha].files
    copied = tmp_path / "tp" / "acme__encoder" / "LICENSE"
    assert copied.read_bytes() == files["LICENSE"]
    sums = (tmp_path / "tp" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert f"{hashlib.sha256(files['LICENSE']).hexdigest()}  acme__encoder/LICENSE" in sums
    assert code == 0


def test_dir_copies_equal_the_repository_files_byte_for_byte(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = manifest(tmp_path, [{"id": LLAMA_31, "derivative_name": "Llama-Acme"}, {"id": STABILITY}, {"id": QWEN}])
    code, out, _ = notice(capsys, hub, path, "--dir", str(tmp_path / "bundle"), "-o", str(tmp_path / "NOTICE"))
    sums = (tmp_path / "bundle" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) >= 3
    for line in sums:
        digest, relative = line.split("  ", 1)
        folder, _, repo_path = relative.partition("/")
        repo = hub.repo(folder.replace("__", "/"))
        original = repo.commits[repo.refs["main"]].files[repo_path]
        copy = (tmp_path / "bundle" / relative).read_bytes()
        assert copy == original and hashlib.sha256(copy).hexdigest() == digest
    assert "-> meta-llama__Llama-3.1-8B-Instruct/LICENSE" in (tmp_path / "NOTICE").read_text(encoding="utf-8")
    assert code == 0 and out == ""


def test_a_gated_model_read_without_access_gives_exit_3_and_a_bundle_that_says_it_is_partial(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = manifest(tmp_path, [{"id": LLAMA_31, "derivative_name": "Llama-Acme"}, {"id": QWEN}])
    code, out, err = notice(capsys, hub, path, "--dir", str(tmp_path / "tp"), token=None)
    assert code == 3
    assert out.startswith("NOTICE\n======\n\nINCOMPLETE: THIS BUNDLE DOES NOT YET HOLD EVERYTHING")
    assert f"Not read (notices and license files missing): {LLAMA_31}" in out
    block = section(out, LLAMA_31)
    assert "INCOMPLETE for this model" in block and "gated" in block
    # Nothing of the gated repository itself is copied; only the agreement its readable base carries.
    copied = [p.relative_to(tmp_path / "tp").as_posix() for p in (tmp_path / "tp").rglob("*") if p.is_file()]
    llama = [p for p in copied if p.startswith("meta-llama__Llama-3.1-8B-Instruct/")]
    assert llama == ["meta-llama__Llama-3.1-8B-Instruct/meta-llama__Llama-3.1-8B/LICENSE"]
    # The model that could be read is still there in full.
    assert (tmp_path / "tp" / "Qwen__Qwen2.5-72B-Instruct" / "LICENSE").is_file()
    assert "INCOMPLETE" in err


def test_a_file_gone_from_the_cache_is_not_copied_from_anywhere_else(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], _hf_isolated: Path
) -> None:
    path = manifest(tmp_path, [{"id": QWEN}])
    notice(capsys, hub, path)
    # The scan's cached copy disappears (a cleaned cache): offline, there is nothing to copy it from.
    for blob in (_hf_isolated / "hub").glob("models--Qwen--Qwen2.5-72B-Instruct/snapshots/*/LICENSE"):
        blob.unlink()
    code, out, _ = notice(capsys, None, path, "--offline", "--dir", str(tmp_path / "tp"))
    assert code == 3 and "INCOMPLETE" in out
    assert not (tmp_path / "tp" / "Qwen__Qwen2.5-72B-Instruct" / "LICENSE").exists()


def test_internal_only_models_get_nothing_and_the_notice_says_so(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = notice(capsys, hub, manifest(tmp_path, [{"id": LLAMA_31}, {"id": GEMMA}], policy=INTERNAL))
    assert "Model: " not in out and "Built with Llama" not in out and "Gemma is provided" not in out
    assert f"nothing is required, and nothing is emitted, for:\n  - {LLAMA_31}\n  - {GEMMA}" in out
    assert "No model is distributed or made available" in out
    assert code == 0


def test_a_manifest_override_ships_one_model_of_an_internal_policy(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = [{"id": LLAMA_31}, {"id": QWEN, "use": {"distribute_weights": True}}]
    _, out, _ = notice(capsys, hub, manifest(tmp_path, models, policy=INTERNAL))
    assert "Model: Qwen/Qwen2.5-72B-Instruct" in out and "(manifest override)" in out
    assert f"  - {LLAMA_31}" in out and f"Model: {LLAMA_31}" not in out


def test_the_bundled_example_works_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    monkeypatch.chdir(tmp_path)
    code, _, _ = notice(capsys, None, Path("examples/models.yaml"), "-o", "NOTICE", "--dir", "third_party", "--offline")
    text = Path("NOTICE").read_text(encoding="utf-8")
    assert code == 1  # as `licscan check examples/models.yaml`
    assert "INCOMPLETE" not in text
    assert "Llama 3.1 is licensed under the Llama 3.1 Community License" in text
    assert "[!] The name 'Acme-Support-8B' does not begin with 'Llama'" in text
    copied = Path("third_party/local__support-bot-gguf/LICENSE").read_bytes()
    assert copied == Path("examples/models/support-bot-gguf/LICENSE").read_bytes()


def test_the_html_report_of_a_manifest_has_a_what_to_ship_section(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = manifest(tmp_path, [{"id": QWEN}])
    with pytest.raises(SystemExit):
        main(["report", str(path), "--format", "html", "--endpoint", hub.endpoint, "-o", str(tmp_path / "r.html")])
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    start = page.index('<section id="what-to-ship">')
    ship = page[start : page.index("</section>", start)]
    assert "Qwen is licensed under the Qwen LICENSE AGREEMENT" in ship and "§3.c" in ship


def test_mit_notice_lives_in_its_license_file_which_ships(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = notice(
        capsys, hub, manifest(tmp_path, [{"id": "someorg/tiny-mit-classifier"}]), "--dir", str(tmp_path / "tp")
    )
    block = section(out, "someorg/tiny-mit-classifier")
    # "The above copyright notice and this permission notice shall be included in all copies": the LICENSE ships.
    assert (
        "[ ] " in block
        and "§condition: “The above copyright notice and this permission notice shall be included" in block
    )
    repo = hub.repo("someorg/tiny-mit-classifier")
    assert (tmp_path / "tp" / "someorg__tiny-mit-classifier" / "LICENSE").read_bytes() == repo.commits[
        repo.refs["main"]
    ].files["LICENSE"]
    assert code == 0 and "INCOMPLETE" not in out


def test_a_license_file_that_bundles_two_licenses_ships_once_and_carries_both(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Apache-2.0 with Apple's model license appended: both bind, and the one file is the copy of each."""
    bundle = (TEXTS / "apache-2.0.txt").read_bytes() + b"\n\n" + (TEXTS / "apple-amlr.txt").read_bytes()
    hub.add_repo("acme/bundled", {"README.md": b"---\nlicense: apache-2.0\n---\n# Model\n", "LICENSE": bundle})
    path = manifest(tmp_path, [{"id": "acme/bundled"}], RELEASE.replace("commercial: true", "commercial: false"))
    code, out, _ = notice(capsys, hub, path, "--dir", str(tmp_path / "tp"))
    block = section(out, "acme/bundled")
    assert "Licenses with shipping duties: apache-2.0, apple-amlr" in block
    assert "Apple Machine Learning Research Model is licensed under the Apple Machine Learning Research" in block
    assert "No copy of" not in block and "INCOMPLETE" not in out
    assert (tmp_path / "tp" / "acme__bundled" / "LICENSE").read_bytes() == bundle
    assert code == 0
