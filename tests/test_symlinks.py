"""Symbolic links in a model folder or an output folder: licscan reads only files that lie in the model's folder (a
HF cache snapshot's links into its blobs/ included) and writes only inside the output folder."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from licscan.cli.main import main
from licscan.paths import OutsideFolder, confine
from tests.hubserver import FakeHub

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symbolic links")

TEXTS = Path(__file__).resolve().parents[1] / "licenses" / "texts"
SECRET = "Confidential: the acquisition closes on Friday.\n"
NOTICE = "Acme Encoder\nCopyright 2025 Acme Corp.\n"
RELEASE = """name: Release of weights
intended_use: {commercial: true, hosting: false, distribute_weights: true, fine_tune: true}
rules: {obligations: info, unknown_license: warning}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out, out.err


def model_folder(tmp_path: Path, name: str = "encoder") -> Path:
    folder = tmp_path / "models" / name
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n# Encoder\n", encoding="utf-8")
    (folder / "LICENSE").write_bytes((TEXTS / "apache-2.0.txt").read_bytes())
    return folder


def secret(tmp_path: Path) -> Path:
    path = tmp_path / "home" / "secrets.txt"
    path.parent.mkdir(parents=True)
    path.write_text(SECRET, encoding="utf-8")
    return path


def shipping_manifest(tmp_path: Path, folder: Path) -> Path:
    (tmp_path / "policy.yaml").write_text(RELEASE, encoding="utf-8")
    path = tmp_path / "models.yaml"
    path.write_text(json.dumps({"policy": str(tmp_path / "policy.yaml"), "models": [{"path": str(folder)}]}))
    return path


def scan_json(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(capsys, "scan", str(folder), "--format", "json")
    (model,) = json.loads(out)["models"]
    return code, model, err


# --- the one rule: resolve, then stay inside


def test_confine_keeps_a_path_in_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "NOTICE.txt").write_text(NOTICE)
    (folder / "NOTICE").symlink_to("docs/NOTICE.txt")
    assert confine(folder, "NOTICE") == (folder / "docs" / "NOTICE.txt").resolve()
    (folder / "LEAK").symlink_to(secret(tmp_path))
    for bad in ("LEAK", "../home/secrets.txt", "/etc/passwd", "docs/../../home/secrets.txt", ""):
        with pytest.raises(OutsideFolder):
            confine(folder, bad)


def test_a_link_to_a_folder_outside_is_outside_too(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "original").symlink_to(secret(tmp_path).parent, target_is_directory=True)
    with pytest.raises(OutsideFolder, match="symbolic link out of"):
        confine(folder, "original/secrets.txt")


# --- reading a model folder


def test_a_notice_linked_out_of_the_model_folder_is_never_shipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = model_folder(tmp_path)
    (folder / "NOTICE").symlink_to(secret(tmp_path))
    bundle = tmp_path / "bundle"
    code, out, err = run(capsys, "notice", str(shipping_manifest(tmp_path, folder)), "--dir", str(bundle))
    assert "acquisition" not in out
    assert not any("acquisition" in p.read_text(errors="replace") for p in bundle.rglob("*") if p.is_file())
    assert "NOTICE is a symbolic link out of" in out and "not read" in out
    assert code == 3 and "INCOMPLETE" in err


def test_a_notice_linked_inside_the_model_folder_is_shipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = model_folder(tmp_path)
    (folder / "docs").mkdir()
    (folder / "docs" / "NOTICE.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "NOTICE").symlink_to("docs/NOTICE.txt")
    bundle = tmp_path / "bundle"
    code, out, err = run(capsys, "notice", str(shipping_manifest(tmp_path, folder)), "--dir", str(bundle))
    assert "Copyright 2025 Acme Corp." in out and "symbolic link" not in out + err
    assert code == 0


def test_a_license_linked_out_of_the_folder_is_not_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "models" / "bot"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("# A bot with no license in its card\n", encoding="utf-8")
    mit = tmp_path / "elsewhere" / "LICENSE"
    mit.parent.mkdir()
    mit.write_bytes((TEXTS / "mit.txt").read_bytes())
    (folder / "LICENSE").symlink_to(mit)
    _, model, _ = scan_json(capsys, folder)
    assert model["license"] != "mit"
    messages = [f["message"] for f in model["findings"] if f["id"] == "fetch-error"]
    assert any("LICENSE is a symbolic link out of" in m and str(mit) in m for m in messages), model["findings"]
    assert model["verdict"] == "error"


def test_the_same_license_copied_into_the_folder_is_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "models" / "bot"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("# A bot with no license in its card\n", encoding="utf-8")
    (folder / "LICENSE").write_bytes((TEXTS / "mit.txt").read_bytes())
    _, model, _ = scan_json(capsys, folder)
    assert model["license"] == "mit"


def hf_snapshot(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A huggingface_hub cache snapshot: each file a relative link into the repository's blobs/."""
    repo = tmp_path / "hf" / "hub" / "models--acme--encoder"
    snapshot = repo / "snapshots" / ("a" * 40)
    (repo / "blobs").mkdir(parents=True)
    snapshot.mkdir(parents=True)
    for name, data in files.items():
        blob = repo / "blobs" / hashlib.sha256(data).hexdigest()
        blob.write_bytes(data)
        (snapshot / name).symlink_to(Path("..") / ".." / "blobs" / blob.name)
    return snapshot


def test_a_cache_snapshot_is_read_through_its_links_into_blobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = hf_snapshot(
        tmp_path,
        {"README.md": b"---\nlicense: apache-2.0\n---\n", "LICENSE": (TEXTS / "apache-2.0.txt").read_bytes()},
    )
    _, model, _ = scan_json(capsys, snapshot)
    assert model["license"] == "apache-2.0"
    assert {f["path"]: f["match"] for f in model["files"]}["LICENSE"] == "exact"
    assert not [f for f in model["findings"] if f["id"] == "fetch-error"]


def test_a_cache_snapshot_link_out_of_its_repository_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = hf_snapshot(tmp_path, {"README.md": b"---\nlicense: apache-2.0\n---\n"})
    (snapshot / "NOTICE").symlink_to(secret(tmp_path))
    _, model, _ = scan_json(capsys, snapshot)
    assert any("NOTICE is a symbolic link out of" in f["message"] for f in model["findings"])


# --- writing the bundle


def test_a_link_in_the_output_folder_is_not_written_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = model_folder(tmp_path)
    (folder / "NOTICE").write_text(NOTICE, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "local__encoder").symlink_to(outside, target_is_directory=True)
    code, out, _ = run(capsys, "notice", str(shipping_manifest(tmp_path, folder)), "--dir", str(bundle))
    assert list(outside.iterdir()) == []
    assert "could not be copied" in out and "symbolic link out of" in out
    assert "local__encoder" not in (bundle / "SHA256SUMS").read_text(encoding="utf-8")
    assert code == 3


def test_a_checksum_file_linked_out_of_the_output_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = model_folder(tmp_path)
    target = secret(tmp_path)
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "SHA256SUMS").symlink_to(target)
    code, _, err = run(capsys, "notice", str(shipping_manifest(tmp_path, folder)), "--dir", str(bundle), "--force")
    assert target.read_text(encoding="utf-8") == SECRET
    assert code == 2 and "SHA256SUMS is a symbolic link out of" in err


def test_a_gguf_file_linked_out_of_the_folder_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ggufdata import gguf_bytes

    folder = model_folder(tmp_path)
    elsewhere = tmp_path / "elsewhere" / "model.gguf"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(gguf_bytes(bases=()))
    (folder / "model.gguf").symlink_to(elsewhere)
    (folder / "inside.gguf").write_bytes(gguf_bytes(license="apache-2.0", bases=()))
    _, model, _ = scan_json(capsys, folder)
    assert [g["path"] for g in model["gguf"]] == ["inside.gguf"]
    assert any("model.gguf is a symbolic link out of" in f["message"] for f in model["findings"])


# --- writing a report


def test_a_report_is_not_written_through_a_link_out_of_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = model_folder(tmp_path)
    target = secret(tmp_path)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "audit.md").symlink_to(target)
    code, _, err = run(capsys, "report", str(folder), "--format", "markdown", "-o", str(out / "audit.md"))
    assert target.read_text(encoding="utf-8") == SECRET
    assert code == 2 and "audit.md is a symbolic link out of" in err
    # A link that stays in the folder is written through, as a shell would.
    (out / "audit.md").unlink()
    (out / "audit.md").symlink_to("current.md")
    code, _, _ = run(capsys, "report", str(folder), "--format", "markdown", "-o", str(out / "audit.md"))
    assert code == 0 and "apache-2.0" in (out / "current.md").read_text(encoding="utf-8")


def test_a_report_to_dev_stdout_is_written() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "licscan", "licenses", "list", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0 and "apache-2.0" in done.stdout, done.stderr


# --- the HF cache as the Hub source reads it (offline, from what an earlier online run left there)


def hub_cached(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "README.md": "---\nlicense: apache-2.0\n---\n# Encoder\n",
        "LICENSE": (TEXTS / "apache-2.0.txt").read_text(),
    }
    hub.add_repo("acme/encoder", {**files, "NOTICE": NOTICE})
    code, _, _ = run(capsys, "scan", "acme/encoder", "--endpoint", hub.endpoint, "--format", "json")
    assert code == 0


def offline_scan(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], str]:
    _, out, err = run(capsys, "scan", "acme/encoder", "--offline", "--endpoint", hub.endpoint, "--format", "json")
    (model,) = json.loads(out)["models"]
    return model, out + err


def test_a_hub_cache_file_linked_out_of_its_repository_is_not_read_offline(
    hub: FakeHub, _hf_isolated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub_cached(hub, capsys)
    (notice,) = (_hf_isolated / "hub").glob("models--acme--encoder/snapshots/*/NOTICE")
    notice.unlink()
    notice.symlink_to(secret(tmp_path))
    model, said = offline_scan(hub, capsys)
    assert any("NOTICE is a symbolic link out of" in f["message"] for f in model["findings"])
    assert "acquisition" not in said


def test_a_hub_cache_file_linked_into_its_blobs_is_read_offline(
    hub: FakeHub, _hf_isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub_cached(hub, capsys)
    (notice,) = (_hf_isolated / "hub").glob("models--acme--encoder/snapshots/*/NOTICE")
    assert notice.resolve().parent.name == "blobs"
    model, _ = offline_scan(hub, capsys)
    assert model["license"] == "apache-2.0"
    assert not any("symbolic link" in f["message"] for f in model["findings"])
    assert {f["path"] for f in model["files"]} >= {"LICENSE", "NOTICE"}


def gguf_cached_offline(
    hub: FakeHub, home: Path, capsys: pytest.CaptureFixture[str], gguf: Path | bytes
) -> dict[str, Any]:
    """acme/quant fetched online, its GGUF header record removed, and model.gguf put in its snapshot (a link to
    `gguf`, or a file of those bytes): offline, the header is read from the HF cache."""
    from licscan.sources.hub.cache import records_dir
    from tests.ggufdata import gguf_bytes

    files = {"README.md": "---\nlicense: apache-2.0\n---\n", "LICENSE": (TEXTS / "apache-2.0.txt").read_text()}
    hub.add_repo("acme/quant", {**files, "model.gguf": gguf_bytes(license="apache-2.0", bases=())})
    assert run(capsys, "scan", "acme/quant", "--endpoint", hub.endpoint, "--format", "json")[0] == 0
    folder = records_dir(home / "hub")
    assert folder is not None
    for record in (folder / "models--acme--quant").glob("*.gguf.json"):
        record.unlink()
    (snapshot,) = (home / "hub").glob("models--acme--quant/snapshots/*")
    if isinstance(gguf, bytes):
        (snapshot / "model.gguf").write_bytes(gguf)
    else:
        (snapshot / "model.gguf").symlink_to(gguf)
    _, out, _ = run(capsys, "scan", "acme/quant", "--offline", "--endpoint", hub.endpoint, "--format", "json")
    (model,) = json.loads(out)["models"]
    return dict(model)


def test_a_gguf_file_in_the_hub_cache_linked_out_of_it_is_not_read_offline(
    hub: FakeHub, _hf_isolated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.ggufdata import gguf_bytes

    elsewhere = tmp_path / "elsewhere" / "model.gguf"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(gguf_bytes(license="mit", bases=()))
    model = gguf_cached_offline(hub, _hf_isolated, capsys, elsewhere)
    assert model["gguf"] == []
    assert any("model.gguf is a symbolic link out of" in f["message"] for f in model["findings"])


def test_a_gguf_file_in_the_hub_cache_snapshot_is_read_offline(
    hub: FakeHub, _hf_isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.ggufdata import gguf_bytes

    # Placed in the snapshot itself (a file, not a link): inside, so read.
    model = gguf_cached_offline(hub, _hf_isolated, capsys, gguf_bytes(license="apache-2.0", bases=()))
    assert [g["path"] for g in model["gguf"]] == ["model.gguf"]
    assert not any("symbolic link" in f["message"] for f in model["findings"])
