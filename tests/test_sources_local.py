"""The local source (a snapshot or a model in a repository) and how a file's bytes become a DocumentFile."""

from __future__ import annotations

import codecs
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from licscan.sources.files import document_from_bytes, read_document
from licscan.sources.interface import NotFoundError
from licscan.sources.local import LocalSource, git_revision, list_files

FIXTURES = Path(__file__).parent / "fixtures" / "hub" / "models"


def snapshot(repo_id: str, dest: Path) -> Path:
    """A copy of a fixture repo as `hf download --local-dir` leaves it (without the fake Hub's `_` settings)."""
    target = dest / repo_id.split("/")[-1]
    shutil.copytree(FIXTURES / repo_id, target, ignore=shutil.ignore_patterns("_*"))
    return target


def test_snapshot_of_a_gated_llama(tmp_path: Path) -> None:
    folder = snapshot("meta-llama/Llama-3.1-8B-Instruct", tmp_path)
    docs = LocalSource().model(str(folder))
    assert docs.id == str(folder)
    assert docs.source == "local"
    assert docs.revision is None  # tmp_path is not in a git work tree
    assert docs.url == folder.resolve().as_uri()
    assert docs.card.licenses == ("llama3.1",)
    assert docs.card.base_models == ("meta-llama/Llama-3.1-8B",)
    assert docs.card.gated is True  # the extra_gated_* fields say so
    assert "extra_gated_fields" in docs.card.extra_gated
    assert [f.path for f in docs.files] == ["LICENSE", "USE_POLICY.md"]
    license_bytes = (folder / "LICENSE").read_bytes()
    assert docs.files[0].sha256 == hashlib.sha256(license_bytes).hexdigest()
    assert docs.files[0].text == license_bytes.decode()
    assert docs.readme is not None and docs.readme.path == "README.md"  # always read: it is the card
    assert "original/params.json" in docs.repo_files
    assert docs.problems == ()


def test_revision_is_the_git_commit(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    folder = snapshot("mistralai/Mistral-7B-v0.1", repo / "models")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "add model"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    docs = LocalSource().model(str(folder), revision="ignored-for-local")
    assert docs.revision == head
    assert ".git" not in "".join(list_files(repo))


def test_git_revision_tolerates_no_repository(tmp_path: Path) -> None:
    assert git_revision(tmp_path) is None
    assert git_revision(tmp_path / "missing") is None


def test_missing_directory_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"local model directory not found: .*no-such-model"):
        LocalSource().model(str(tmp_path / "no-such-model"))


def test_a_file_is_not_a_model_directory(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\n---\n")
    with pytest.raises(NotFoundError, match="not a directory"):
        LocalSource().model(str(card))


def test_local_datasets_are_not_supported() -> None:
    with pytest.raises(NotFoundError, match="not supported"):
        LocalSource().dataset("./data")


def test_hidden_folders_and_deep_files_are_not_listed(tmp_path: Path) -> None:
    folder = snapshot("someorg/terms-link", tmp_path)
    (folder / ".cache" / "huggingface").mkdir(parents=True)
    (folder / ".cache" / "huggingface" / "LICENSE").write_text("not part of the model")
    files = list_files(folder)
    assert "deep/er/LICENSE" not in files
    assert not any(name.startswith(".cache") for name in files)
    docs = LocalSource().model(str(folder))
    # The linked file first; weights named like licenses are never read.
    assert [f.path for f in docs.files] == ["TERMS OF USE.md", "docs/LICENSE-THIRD-PARTY.txt"]


def test_malformed_card(tmp_path: Path) -> None:
    docs = LocalSource().model(str(snapshot("someorg/malformed-card", tmp_path)))
    assert docs.card.licenses == ()
    assert [(p.kind, p.file, p.line) for p in docs.problems] == [("malformed-card", "README.md", 4)]
    assert [f.path for f in docs.files] == ["LICENSE"]


def test_non_utf8_readme(tmp_path: Path) -> None:
    docs = LocalSource().model(str(snapshot("someorg/latin1-card", tmp_path)))
    assert docs.readme is not None
    assert docs.readme.text is None
    assert docs.readme.error == "not UTF-8 text"
    assert [(p.kind, p.file) for p in docs.problems] == [("unreadable-file", "README.md")]
    assert docs.card.licenses == ()


def test_raw_copy_with_cr_cr_lf_and_bom(tmp_path: Path) -> None:
    docs = LocalSource().model(str(snapshot("someorg/crcrlf-card", tmp_path)))
    assert docs.card.licenses == ("cc-by-4.0",)
    assert docs.card.tags == ("raw-copy",)


def test_front_matter_in_an_html_comment_is_ignored(tmp_path: Path) -> None:
    docs = LocalSource().model(str(snapshot("someorg/commented-front-matter", tmp_path)))
    assert docs.card.licenses == ()
    assert docs.problems == ()


def test_relations_read_locally(tmp_path: Path) -> None:
    gguf = LocalSource().model(str(snapshot("someorg/Llama-3.1-8B-Instruct-GGUF", tmp_path)))
    assert gguf.card.base_models == ("meta-llama/Llama-3.1-8B-Instruct",)  # not lm_studio.base_model
    assert (gguf.card.base_model_relation, gguf.card.relation_source) == ("quantized", "files")
    assert gguf.card.licenses == ("apache-2.0",)
    lora = LocalSource().model(str(snapshot("someorg/Llama-3.1-8B-support-lora", tmp_path)))
    assert (lora.card.base_model_relation, lora.card.relation_source) == ("adapter", "declared")
    merge = LocalSource().model(str(snapshot("someorg/mistral-hermes-slerp", tmp_path)))
    assert merge.card.base_models == ("mistralai/Mistral-7B-v0.1", "teknium/OpenHermes-2.5-Mistral-7B")
    assert merge.card.base_model_relation == "merge"


def test_eu_disallowed_and_datasets(tmp_path: Path) -> None:
    vision = LocalSource().model(str(snapshot("meta-llama/Llama-3.2-11B-Vision-Instruct", tmp_path)))
    assert vision.card.eu_disallowed is True
    assert vision.card.pipeline_tag == "image-text-to-text"
    assert [f.path for f in vision.files] == ["LICENSE.txt", "USE_POLICY.md"]
    trained = LocalSource().model(str(snapshot("someorg/model-with-datasets", tmp_path)))
    assert trained.card.datasets == ("someorg/instruct-mix", "allenai/c4")


def test_huge_license_file_is_capped(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    content = ("All rights reserved. " * 100_000).encode()
    (folder / "LICENSE").write_bytes(content)
    docs = LocalSource(max_file_bytes=1000).model(str(folder))
    (document,) = docs.files
    assert document.truncated is True
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.text == content[:1000].decode()
    assert [(p.kind, p.file) for p in docs.problems] == [("truncated-file", "LICENSE")]


# --- bytes -> DocumentFile


def test_document_hash_size_and_bom() -> None:
    data = codecs.BOM_UTF8 + "Licence © 2024\r\n".encode()
    document, problems = document_from_bytes("LICENSE", data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.text == "Licence © 2024\r\n"
    assert (document.error, document.truncated, problems) == (None, False, ())


def test_not_utf8_text() -> None:
    document, problems = document_from_bytes("LICENSE", "Caf\u00e9 \u00a9".encode("cp1252"))
    assert document.text is None
    assert document.error == "not UTF-8 text"
    assert document.sha256  # still evidence
    assert [p.kind for p in problems] == ["unreadable-file"]


def test_nul_bytes_are_a_binary_file() -> None:
    document, problems = document_from_bytes("LICENSE.pdf", b"%PDF-1.7\n\x00\x01\x02")
    assert (document.text, document.error) == (None, "binary file")
    assert [p.kind for p in problems] == ["unreadable-file"]


def test_utf16_with_bom_is_text() -> None:
    document, problems = document_from_bytes("LICENSE", "MIT License\n".encode("utf-16"))
    assert document.text == "MIT License\n"
    assert problems == ()


def test_truncation_in_the_middle_of_a_character_is_not_an_error() -> None:
    data = "é" * 10  # two bytes each
    document, problems = document_from_bytes("LICENSE", data.encode(), max_bytes=5)
    assert document.text == "éé"
    assert document.truncated is True
    assert document.error is None
    assert [p.kind for p in problems] == ["truncated-file"]


def test_read_document_hashes_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    content = b"x" * (3 * 1024 * 1024 + 17)
    path.write_bytes(content)
    document, problems = read_document(path, "LICENSE", max_bytes=2 * 1024 * 1024)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.text is not None and len(document.text) == 2 * 1024 * 1024
    assert [p.kind for p in problems] == ["truncated-file"]


def test_read_document_of_an_unreadable_path(tmp_path: Path) -> None:
    document, problems = read_document(tmp_path, "LICENSE")
    assert document.text is None
    assert document.error is not None and document.error.startswith("cannot read")
    assert [p.kind for p in problems] == ["unreadable-file"]
