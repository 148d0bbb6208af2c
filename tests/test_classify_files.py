"""A file reads the same whether `licscan classify` or a scan reads it: one decoder, one size cap."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from licscan.classify.files import MAX_BYTES, classify_path
from licscan.classify.index import Index
from licscan.sources.files import DEFAULT_MAX_FILE_BYTES, read_document

TEXTS = Path(__file__).resolve().parents[1] / "licenses" / "texts"


def test_the_classifier_and_the_sources_share_one_cap() -> None:
    assert MAX_BYTES == DEFAULT_MAX_FILE_BYTES


@pytest.mark.parametrize(
    "name,data",
    [
        ("utf16.txt", codecs.BOM_UTF16_LE + (TEXTS / "mit.txt").read_text(encoding="utf-8").encode("utf-16-le")),
        ("bom.txt", codecs.BOM_UTF8 + (TEXTS / "isc.txt").read_bytes()),
        ("crlf.txt", (TEXTS / "mit.txt").read_bytes().replace(b"\n", b"\r\n")),
        ("cp1252.txt", "Licence accordée à © Société".encode("cp1252")),
        ("nul.txt", b"MIT License\x00\x00"),
    ],
)
def test_a_file_decodes_the_same_for_classify_and_for_a_scan(
    tmp_path: Path, name: str, data: bytes, index: Index
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    document, _ = read_document(path, name)
    found = classify_path(str(path), index)
    if document.text is None:
        assert found.match.match == "none" and found.error == document.error
    else:
        assert found.error is None
        assert found.match.license in ("mit", "isc")


def test_a_license_past_the_cap_is_classified_from_its_first_part_and_says_so(tmp_path: Path, index: Index) -> None:
    path = tmp_path / "LICENSE"
    body = (TEXTS / "apache-2.0.txt").read_text(encoding="utf-8")
    path.write_text(body + "\n" + "x " * (MAX_BYTES // 2 + 10), encoding="utf-8")
    document, problems = read_document(path, "LICENSE")
    found = classify_path(str(path), index)
    assert document.truncated and [p.kind for p in problems] == ["truncated-file"]
    assert found.match.license == "apache-2.0"
    assert found.error and str(MAX_BYTES) in found.error
