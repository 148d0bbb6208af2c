"""Nothing lost, nothing claimed that was not done, and the same answer from wherever licscan runs (issue 19)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from packageurl import PackageURL

from licscan.lock import read_lock
from tests.cli import licscan
from tests.hubserver import ACCEPTED_TOKEN, FakeHub

ROOT = Path(__file__).resolve().parents[1]
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"  # gated on the fake Hub


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def a_model(folder: Path, license_file: str, card_license: str = "other") -> Path:
    """A local model folder: a card and a LICENSE copied from licscan's reference texts."""
    write(folder / "README.md", f"---\nlicense: {card_license}\n---\n# A model\n")
    shutil.copy(ROOT / "licenses" / "texts" / license_file, folder / "LICENSE")
    return folder


# --- lock and check --lock


def test_lock_leaves_out_a_gated_model_it_could_not_read_and_exits_3(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "models.yaml", f"models:\n  - id: mistralai/Mistral-7B-v0.1\n  - id: {LLAMA}\n")
    assert licscan("lock", "models.yaml", "--endpoint", hub.endpoint) == 3
    err = capsys.readouterr().err
    lock = read_lock(tmp_path / "licscan.lock")
    assert list(lock.models) == ["mistralai/Mistral-7B-v0.1"]
    assert f"left out (not read in full): {LLAMA}" in err
    # The problem is said once, not once by the scan and again by lock.
    gated_lines = [line for line in err.splitlines() if LLAMA in line and "left out" not in line]
    assert len(gated_lines) == 1, err


def test_lock_with_access_records_the_gated_model_and_exits_0(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "models.yaml", f"models:\n  - id: {LLAMA}\n")
    assert licscan("lock", "models.yaml", "--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN) == 0
    locked = read_lock(tmp_path / "licscan.lock").models[LLAMA]
    assert locked.files and locked.license == "llama3.1"


def test_a_lock_written_from_an_incomplete_read_is_not_reported_as_an_upstream_change(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A lock from licscan 0.2, which recorded the gated model with no files: the same commit now shows a LICENSE.
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "models.yaml", f"models:\n  - id: {LLAMA}\n")
    assert licscan("lock", "models.yaml", "--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN) == 0
    data = json.loads((tmp_path / "licscan.lock").read_text(encoding="utf-8"))
    data["models"][LLAMA]["files"] = []
    commit = data["models"][LLAMA]["revision"]
    write(tmp_path / "licscan.lock", json.dumps(data))
    capsys.readouterr()
    access = ["--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN]
    code = licscan("check", "models.yaml", "--lock", "licscan.lock", *access)
    out = capsys.readouterr().out
    assert code == 1
    assert f"locked at {commit[:12]}, now at {commit[:12]}" not in out
    assert f"does not match commit {commit[:12]}, the commit it was written at" in out


def test_a_changed_local_folder_outside_git_says_no_commit_was_recorded_not_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    a_model(tmp_path / "models" / "bot", "mit.txt", "mit")
    write(tmp_path / "models.yaml", "models:\n  - path: models/bot\n")
    assert licscan("lock", "models.yaml") == 0
    shutil.copy(ROOT / "licenses" / "texts" / "apache-2.0.txt", tmp_path / "models" / "bot" / "LICENSE")
    capsys.readouterr()
    assert licscan("check", "models.yaml", "--lock", "licscan.lock") == 1
    out = capsys.readouterr().out
    assert "locked at -" not in out and "now at -" not in out
    assert "no commit recorded" in out


# --- a folder with uncommitted changes is not its HEAD commit


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True, env=env)
    return done.stdout.strip()


@pytest.fixture
def committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A git repository whose committed model folder carries Apache-2.0."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    a_model(tmp_path / "models" / "bot", "apache-2.0.txt", "apache-2.0")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "model")
    return tmp_path, git(tmp_path, "rev-parse", "HEAD")


def scan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    capsys.readouterr()
    code = licscan("scan", *args, "--format", "json")
    return code, json.loads(capsys.readouterr().out)


def test_a_clean_committed_folder_is_recorded_at_its_commit(
    committed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, head = committed
    _, report = scan_json(capsys, "./models/bot")
    m = report["models"][0]  # type: ignore[index]
    assert m["revision"] == head
    assert PackageURL.from_string(m["purl"]).version == head


def test_a_folder_with_uncommitted_changes_is_not_recorded_at_the_head_commit(
    committed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, head = committed
    shutil.copy(ROOT / "licenses" / "texts" / "mit.txt", root / "models" / "bot" / "LICENSE")
    _, report = scan_json(capsys, "./models/bot")
    m = report["models"][0]  # type: ignore[index]
    assert m["license"] == "mit"
    assert m["revision"] != head and m["revision"].startswith(f"{head}-dirty-")
    purl = PackageURL.from_string(m["purl"])  # valid for packageurl-python, and not the commit
    assert purl.version == m["revision"] and purl.version != head
    # Two different uncommitted states are two different revisions.
    write(root / "models" / "bot" / "NOTICE", "Copyright 2026 Acme\n")
    _, again = scan_json(capsys, "./models/bot")
    assert again["models"][0]["revision"] not in (head, m["revision"])  # type: ignore[index]
    # The lock says so too.
    write(root / "models.yaml", "models:\n  - path: models/bot\n")
    assert licscan("lock", "models.yaml") == 0
    assert "-dirty-" in (read_lock(root / "licscan.lock").models["models/bot"].revision or "")


def test_an_untracked_model_folder_in_a_git_repository_is_not_the_head_commit(
    committed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, head = committed
    a_model(root / "models" / "new", "mit.txt", "mit")
    _, report = scan_json(capsys, "./models/new")
    assert report["models"][0]["revision"].startswith(f"{head}-dirty-")  # type: ignore[index]


def test_an_exception_pinned_to_a_commit_does_not_waive_uncommitted_changes(
    committed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, head = committed
    shutil.copy(ROOT / "licenses" / "texts" / "cc-by-nc-4.0.txt", root / "models" / "bot" / "LICENSE")
    policy = write(
        root / "policy.yaml",
        "name: p\nintended_use: {commercial: true}\nexceptions:\n"
        f"  - model: ./models/bot\n    revision: '{head[:12]}'\n    reason: r\n    approved_by: legal\n"
        "    expires: 2999-01-01\n",
    )
    code, _ = scan_json(capsys, "./models/bot", "--policy", str(policy))
    assert code == 1
    git(root, "commit", "-q", "-am", "relicense")
    policy.write_text(policy.read_text(encoding="utf-8").replace(head[:12], git(root, "rev-parse", "HEAD")[:12]))
    code, _ = scan_json(capsys, "./models/bot", "--policy", str(policy))
    assert code == 0


# --- notice --dir: one folder per model, SHA256SUMS of what this run wrote, nothing mixed in silently

SHIP = "name: Ship\nintended_use: {commercial: true, distribute_weights: true}\nrules: {obligations: info}\n"


def sums_check(folder: Path) -> None:
    """`sha256sum -c SHA256SUMS`, with the real tool when there is one, else the same check of the format."""
    lines = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = [line.split("  ", 1)[1] for line in lines]
    assert len(listed) == len(set(listed)), "a path is listed twice"
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return
    import hashlib

    for line in lines:
        digest, relative = line.split("  ", 1)
        assert hashlib.sha256((folder / relative).read_bytes()).hexdigest() == digest


def test_two_local_models_with_the_same_folder_name_each_keep_their_own_license(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    a_model(tmp_path / "a" / "bot", "llama-3.1.txt", "llama3.1")
    a_model(tmp_path / "b" / "bot", "mit.txt", "mit")
    write(tmp_path / "ship.yaml", SHIP)
    write(tmp_path / "models.yaml", "policy: ship.yaml\nmodels:\n  - path: a/bot\n  - path: b/bot\n")
    licscan("notice", "models.yaml", "-o", "NOTICE", "--dir", "bundle")
    err = capsys.readouterr().err
    lines = (tmp_path / "bundle" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2, lines
    sums_check(tmp_path / "bundle")
    copies = {(tmp_path / "bundle" / line.split("  ", 1)[1]).read_bytes() for line in lines}
    assert copies == {
        (ROOT / "licenses/texts/llama-3.1.txt").read_bytes(),
        (ROOT / "licenses/texts/mit.txt").read_bytes(),
    }
    assert "2 license file(s) copied" in err
    notice = (tmp_path / "NOTICE").read_text(encoding="utf-8")
    for line in lines:
        assert f"-> {line.split('  ', 1)[1]}" in notice


def test_a_local_folder_and_a_hub_model_that_would_share_a_bundle_folder_do_not(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    hub.add_repo("local/bot", {"README.md": "---\nlicense: apache-2.0\n---\n",
                               "LICENSE": (ROOT / "licenses/texts/apache-2.0.txt").read_bytes()})  # fmt: skip
    a_model(tmp_path / "models" / "bot", "mit.txt", "mit")
    write(tmp_path / "ship.yaml", SHIP)
    write(tmp_path / "models.yaml", "policy: ship.yaml\nmodels:\n  - id: local/bot\n  - path: models/bot\n")
    licscan("notice", "models.yaml", "-o", "NOTICE", "--dir", "bundle", "--endpoint", hub.endpoint)
    lines = (tmp_path / "bundle" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and len({line.split("  ", 1)[1].split("/")[0] for line in lines}) == 2
    sums_check(tmp_path / "bundle")


def test_the_bundled_example_bundle_checks_with_sha256sum(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("notice", "examples/models.yaml", "-o", "NOTICE", "--dir", "third_party") == 1
    sums_check(repo / "third_party")
    listed = (repo / "third_party" / "SHA256SUMS").read_text(encoding="utf-8")
    assert "local__support-bot-gguf/LICENSE" in listed and "local__sd-marketing-images/LICENSE.md" in listed


def test_notice_refuses_a_bundle_folder_that_already_holds_files_and_names_them(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "third_party" / "old-model" / "LICENSE", "an earlier run's file\n")
    assert licscan("notice", "examples/models.yaml", "-o", "NOTICE", "--dir", "third_party") == 2
    err = capsys.readouterr().err
    assert "third_party: the bundle folder is not empty" in err and "old-model/LICENSE" in err and "--force" in err
    assert not (repo / "third_party" / "SHA256SUMS").exists() and not (repo / "NOTICE").exists()


def test_with_force_the_files_already_there_are_named_and_not_claimed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "third_party" / "old-model" / "LICENSE", "an earlier run's file\n")
    assert licscan("notice", "examples/models.yaml", "-o", "NOTICE", "--dir", "third_party", "--force") == 1
    err = capsys.readouterr().err
    assert "1 file(s) this run did not write, not listed in SHA256SUMS: old-model/LICENSE" in err
    assert "old-model" not in (repo / "third_party" / "SHA256SUMS").read_text(encoding="utf-8")
    sums_check(repo / "third_party")


def test_a_notice_file_that_cannot_be_written_fails_before_the_bundle_folder_is_written(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "out", "a file where the NOTICE's folder should be\n")
    assert licscan("notice", "examples/models.yaml", "-o", "out/NOTICE", "--dir", "third_party") == 2
    assert "out/NOTICE: cannot write the output file" in capsys.readouterr().err
    assert not (repo / "third_party").exists()  # nothing half done: the next run needs no --force


def test_a_notice_run_that_fails_leaves_the_earlier_notice_as_it_was(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "NOTICE", "the NOTICE of the last release\n")
    write(repo / "bad.yaml", "models: [{pth: nowhere}]\n")
    assert licscan("notice", "bad.yaml", "-o", "NOTICE") == 2
    assert (repo / "NOTICE").read_text(encoding="utf-8") == "the NOTICE of the last release\n"


def test_notice_and_report_say_why_they_exit_1(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("notice", "examples/models.yaml", "-o", "NOTICE") == 1
    err = capsys.readouterr().err
    notice = (repo / "NOTICE").read_text(encoding="utf-8")
    for said in (err, notice):
        lines = said.splitlines()
        assert any("acme-vision-assistant" in line and "region-restricted" in line for line in lines), said
        assert any("sd-marketing-images" in line and "revenue-cap" in line for line in lines), said
    assert "POLICY VIOLATIONS" in notice
    assert licscan("report", "examples/models.yaml", "-o", "audit.html") == 1
    err = capsys.readouterr().err
    assert "acme-vision-assistant: region-restricted" in err and "sd-marketing-images: revenue-cap" in err


def test_a_compliant_notice_names_no_violation(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        repo / "m.yaml",
        "policy: policies/commercial-saas.yaml\nmodels:\n  - path: examples/models/in-house-classifier\n",
    )
    assert licscan("notice", "m.yaml", "-o", "NOTICE") == 0
    assert "POLICY VIOLATIONS" not in (repo / "NOTICE").read_text(encoding="utf-8")


# --- a census that could not read files says so


def census(capsys: pytest.CaptureFixture[str], hub: FakeHub, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = licscan("scan", "--endpoint", hub.endpoint, *args)
    done = capsys.readouterr()
    return code, done.out, done.err


def test_a_census_with_verify_files_and_no_token_says_the_gated_files_were_not_read(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = census(capsys, hub, "--search", "Llama-3.1-8B", "--verify-files", "--format", "json")
    report = json.loads(out)
    gated = [m for m in report["models"] if any(f["id"] == "gated" and f["severity"] != "info" for f in m["findings"])]
    assert code == 3 and gated
    for m in gated:
        assert m["concluded_from"] == "card-only" and m["files"] == []
        assert not m["concluded_by"].startswith("files read")
    assert report["census"]["files_not_read"] == len(gated)
    assert "could not be read in full" in err and gated[0]["id"] in err and "HF_TOKEN" in err
    code, text, _ = census(capsys, hub, "--search", "Llama-3.1-8B", "--verify-files")
    row = next(line for line in text.splitlines() if line.strip().startswith(gated[0]["id"] + " "))
    assert "card only (files not read)" in row and not row.rstrip().endswith(" files")


def test_the_same_census_with_access_reads_the_files(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = census(
        capsys, hub, "--search", "Llama-3.1-8B", "--verify-files", "--format", "json", "--token", ACCEPTED_TOKEN
    )
    report = json.loads(out)
    assert code != 3 and all(m["concluded_from"] == "files" for m in report["models"])
    assert "could not be read" not in err


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_census_output_names_the_policy_its_verdicts_are_under(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    hub.add_org("acme", 3)
    policy = ROOT / "policies" / "commercial-saas.yaml"
    census(capsys, hub, "--author", "acme", "--format", fmt, "-o", str(tmp_path / "with"), "--policy", str(policy))
    census(capsys, hub, "--author", "acme", "--format", fmt, "-o", str(tmp_path / "without"))
    with_policy = (tmp_path / "with").read_text(encoding="utf-8")
    without = (tmp_path / "without").read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(with_policy)["census"]["policy"] == "Commercial SaaS (EU)"
        assert json.loads(without)["census"]["policy"] is None and json.loads(without)["policy"] is None
    else:
        assert "under the policy" in with_policy and "Commercial SaaS (EU)" in with_policy.replace("&#x27;", "'")
        assert "without a policy" in without.lower()


# --- bundled policies by name


def test_a_bundled_policy_is_found_by_name_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples" / "models" / "sd-marketing-images", tmp_path / "sd")
    code, report = scan_json(capsys, "./sd", "--policy", "commercial-saas")
    assert report["policy"]["name"] == "Commercial SaaS (EU)"  # type: ignore[index]
    assert code == 1  # the revenue threshold, as with the file itself
    code, _ = scan_json(capsys, "./sd", "--policy", "commercial-saas.yaml")
    assert code == 1


def test_a_file_of_that_name_wins_over_the_bundled_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples" / "models" / "sd-marketing-images", tmp_path / "sd")
    write(tmp_path / "commercial-saas", "name: Our own\nintended_use: {commercial: false}\n")
    _, report = scan_json(capsys, "./sd", "--policy", "commercial-saas")
    assert report["policy"]["name"] == "Our own"  # type: ignore[index]


def test_an_unknown_policy_name_lists_the_bundled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert licscan("policy", "validate", "comercial-saas") == 2
    err = capsys.readouterr().err
    assert "comercial-saas: policy file not found" in err and "commercial-saas" in err.split("bundled:")[1]
    assert licscan("policy", "validate", "commercial-saas") == 0


# --- where licscan runs does not change the answer


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: two in-house models, a policy in policies/ that waives one of them by its path, and a
    manifest; the paths in each file are relative to that file."""
    root = tmp_path / "project"
    a_model(root / "models" / "classifier", "cc-by-nc-4.0.txt", "cc-by-nc-4.0")
    a_model(root / "models" / "tagger", "cc-by-nc-4.0.txt", "cc-by-nc-4.0")
    write(
        root / "policies" / "saas.yaml",
        "name: SaaS\nintended_use: {commercial: true}\nexceptions:\n"
        "  - model: ../models/classifier\n    reason: a separate license from the author\n"
        "    approved_by: legal@example.com\n    expires: 2999-01-01\n",
    )
    write(
        root / "models.yaml",
        "policy: policies/saas.yaml\nmodels:\n  - path: models/classifier\n  - path: models/tagger\n",
    )
    return root


@pytest.mark.parametrize("where", [".", "..", "policies", "../.."])
def test_the_same_manifest_gives_the_same_verdicts_from_any_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    monkeypatch.chdir((project / where).resolve())
    manifest = os.path.relpath(project / "models.yaml")
    capsys.readouterr()
    code = licscan("check", manifest, "--format", "json")
    done = capsys.readouterr()
    report = json.loads(done.out)
    assert report["summary"] == {"pass": 1, "fail": 1, "error": 0}
    verdicts = {Path(m["id"]).name: m["verdict"] for m in report["models"]}
    assert verdicts == {"classifier": "pass", "tagger": "fail"} and code == 1
    assert "stale" not in done.err


def test_an_exception_for_another_folder_of_the_same_name_waives_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # ./models/classifier beside the policy file is not the project's models/classifier.
    a_model(project / "policies" / "models" / "classifier", "cc-by-nc-4.0.txt", "cc-by-nc-4.0")
    write(project / "other.yaml", "policy: policies/saas.yaml\nmodels:\n  - path: policies/models/classifier\n")
    monkeypatch.chdir(project)
    assert licscan("check", "other.yaml") == 1
    assert "stale" in capsys.readouterr().err


def test_a_missing_manifest_path_is_exit_2_naming_the_line_and_never_a_hub_lookup(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    a_model(tmp_path / "models" / "in-house-classifier", "mit.txt", "mit")
    write(
        tmp_path / "models.yaml", "models:\n  - path: models/in-house-classifier\n  - path: models/in-house-classifer\n"
    )
    hub.reset_requests()
    for command in ("check", "lock", "notice", "report"):
        assert licscan(command, "models.yaml", "--endpoint", hub.endpoint, "-o", str(tmp_path / "out")) == 2, command
        err = capsys.readouterr().err
        assert "models.yaml:3: path 'models/in-house-classifer' does not exist" in err, (command, err)
    assert hub.count() == 0


def test_a_revision_on_a_path_entry_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    a_model(tmp_path / "models" / "bot", "mit.txt", "mit")
    write(tmp_path / "models.yaml", "models:\n  - path: models/bot\n    revision: v1.0\n")
    assert licscan("check", "models.yaml") == 2
    assert "models.yaml:2: `revision:` cannot pin a local folder" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["meta-llama/Llama 3.1", "org/name/extra-part", "../models/bot", "a--b/c"])
def test_an_invalid_id_in_a_manifest_is_exit_2_naming_the_line(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "models.yaml", f"models:\n  - id: mistralai/Mistral-7B-v0.1\n  - id: {bad!r}\n")
    hub.reset_requests()
    assert licscan("check", "models.yaml", "--endpoint", hub.endpoint) == 2
    assert f"models.yaml:3: id {bad!r} is not a Hub model id" in capsys.readouterr().err
    assert hub.count() == 0


def test_a_hub_id_is_read_from_the_hub_even_when_a_folder_of_that_name_is_here(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    a_model(tmp_path / "mistralai" / "Mistral-7B-v0.1", "cc-by-nc-4.0.txt", "cc-by-nc-4.0")
    code, report = scan_json(capsys, "mistralai/Mistral-7B-v0.1", "--endpoint", hub.endpoint)
    m = report["models"][0]  # type: ignore[index]
    assert m["source"] == "hub" and m["license"] == "apache-2.0" and code == 0
    capsys.readouterr()
    licscan("scan", "mistralai/Mistral-7B-v0.1", "--endpoint", hub.endpoint)
    assert "write ./mistralai/Mistral-7B-v0.1 to scan the folder" in capsys.readouterr().err
    # Written as a path, it is the folder.
    _, report = scan_json(capsys, "./mistralai/Mistral-7B-v0.1", "--endpoint", hub.endpoint)
    m = report["models"][0]  # type: ignore[index]
    assert m["source"] == "local" and m["license"] == "cc-by-nc-4.0"


def test_check_counts_a_gated_model_it_could_not_read_as_an_error_as_its_exit_code_does(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "models.yaml", f"models:\n  - id: mistralai/Mistral-7B-v0.1\n  - id: {LLAMA}\n")
    capsys.readouterr()
    assert licscan("check", "models.yaml", "--endpoint", hub.endpoint) == 3
    assert "2 models: 1 pass, 0 fail, 1 error" in capsys.readouterr().out
    assert licscan("check", "models.yaml", "--endpoint", hub.endpoint, "--token", ACCEPTED_TOKEN) == 0
    assert "2 models: 2 pass, 0 fail, 0 error" in capsys.readouterr().out


# --- smaller items


def test_a_card_whose_only_gating_key_is_eu_disallowed_false_is_not_gated() -> None:
    from licscan.sources.card import card_metadata

    assert card_metadata({"extra_gated_eu_disallowed": False}).gated is False
    assert card_metadata({"extra_gated_eu_disallowed": "false", "extra_gated_prompt": ""}).gated is False
    # The nearest cases the other way: a prompt, fields or a true flag set up a gate.
    assert card_metadata({"extra_gated_prompt": "Accept the license to access this model"}).gated is True
    assert card_metadata({"extra_gated_fields": {"Country": "country"}}).gated is True
    assert card_metadata({"extra_gated_eu_disallowed": True}).gated is True


def test_the_bundled_vision_example_is_not_reported_gated(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = scan_json(capsys, "./examples/models/acme-vision-assistant")
    assert "gated" not in {f["id"] for f in report["models"][0]["findings"]}  # type: ignore[index]


def classify_changes(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, object]:
    capsys.readouterr()
    licscan("classify", str(path), "--format", "json")
    return json.loads(capsys.readouterr().out)["results"][0]  # type: ignore[no-any-return]


def test_a_truncated_license_says_which_sections_are_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "licenses" / "texts" / "llama-3.1.txt").read_text(encoding="utf-8")
    cut = write(tmp_path / "LICENSE", text[: text.index("5. Intellectual Property")])
    found = classify_changes(capsys, cut)
    assert found["license"] == "llama3.1" and found["match"] == "modified"
    said = " ".join(found["changes"])  # type: ignore[arg-type]
    for section in ("§5 Intellectual Property", "§6 Term and Termination", "§7 Governing Law and Jurisdiction"):
        assert section in said
    assert "the text ends early" in said
    # One section taken out of the middle is named alone.
    middle = write(tmp_path / "LICENSE2", text.replace(text[text.index("3. Disclaimer") : text.index("4. Limit")], ""))
    said = " ".join(classify_changes(capsys, middle)["changes"])  # type: ignore[arg-type]
    assert "§3 Disclaimer of Warranty missing" in said and "§4" not in said and "ends early" not in said


def test_a_changed_number_names_no_missing_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "licenses" / "texts" / "llama-3.1.txt").read_text(encoding="utf-8")
    edited = write(tmp_path / "LICENSE", text.replace("700 million", "900 million"))
    found = classify_changes(capsys, edited)
    assert found["match"] == "modified" and "missing" not in " ".join(found["changes"])  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_licenses_show_keeps_maintainers_notes_out_of_the_output(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    from licscan.database import load_database

    assert load_database().get("llama3.1").notes  # type: ignore[union-attr]
    capsys.readouterr()
    assert licscan("licenses", "show", "llama3.1", "--format", fmt) == 0
    out = capsys.readouterr().out
    assert "Read again" not in out and "notes" not in out
    assert "1.b.i" in out  # the terms and their clauses are all still there


def test_report_without_o_on_a_terminal_asks_for_o(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert licscan("report", "examples/models.yaml") == 2
    done = capsys.readouterr()
    assert "give -o FILE" in done.err and "<html" not in done.out
    # Redirected (not a terminal), the page goes to stdout as before.
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert licscan("report", "examples/models.yaml") == 1
    assert "<html" in capsys.readouterr().out


def test_a_quantization_is_called_a_quantization(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = scan_json(capsys, "someorg/Llama-3.1-8B-Instruct-GGUF", "--endpoint", hub.endpoint)
    messages = " ".join(f["message"] for f in report["models"][0]["findings"])  # type: ignore[index]
    assert "is a quantization of meta-llama/Llama-3.1-8B-Instruct" in messages
    assert "a quantized of" not in messages


def test_an_ignored_license_file_is_not_part_of_the_head_commit(
    committed: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = committed
    write(root / ".gitignore", "models/weights-only/\n")
    git(root, "add", ".gitignore")
    git(root, "commit", "-q", "-m", "ignore")
    a_model(root / "models" / "weights-only", "mit.txt", "mit")
    _, report = scan_json(capsys, "./models/weights-only")
    assert report["models"][0]["revision"].startswith(f"{git(root, 'rev-parse', 'HEAD')}-dirty-")  # type: ignore[index]
