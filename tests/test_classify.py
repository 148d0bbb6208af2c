"""The classifier, as a lawyer would probe it: is this the license, a changed copy, a fragment, or a mention?"""

from __future__ import annotations

import csv
import json
import re
import textwrap
from pathlib import Path

import pytest

from licscan.classify import classify_text
from licscan.classify.index import Index
from licscan.cli.main import main

TEXTS = Path(__file__).resolve().parents[1] / "licenses" / "texts"
with (TEXTS / "KEYS.tsv").open(encoding="utf-8") as _keys:
    KEYS = list(csv.DictReader(_keys, delimiter="\t"))


def text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("row", KEYS, ids=[r["file"] for r in KEYS])
def test_every_reference_text_is_its_own_key_exactly(row: dict[str, str], index: Index) -> None:
    m = classify_text(text(row["file"]), index)
    assert (m.license, m.match) == (row["key"], "exact")
    assert m.version == (row["version"] or None) or not row["version"]


# --- Copies that differ only in what the SPDX matching guidelines say does not matter -------------------


def rewrap(t: str, width: int = 60) -> str:
    paragraphs = re.split(r"\n\s*\n", t)
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width, break_on_hyphens=False, break_long_words=False) for p in paragraphs
    )


def straight_quotes_crlf(t: str) -> str:
    t = t.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return t.replace("\n", "\r\n")


def as_html(t: str) -> str:
    body = "".join(
        f"<p>{p.replace('&', '&amp;').replace('“', '&ldquo;').replace('”', '&rdquo;')}</p>\n" for p in t.split("\n\n")
    )
    return f"<html><body><h1>License</h1>\n{body}</body></html>"


def british(t: str) -> str:
    t = re.sub(r"\blicense\b", "licence", t)
    return re.sub(r"\bLicense\b", "Licence", t).replace("organization", "organisation")


def as_markdown_card(t: str) -> str:
    return (
        "---\nlicense: other\n---\n# My model\n\nSome prose about the model.\n\n## License\n\n"
        + t
        + "\n\n## Citation\n"
    )


@pytest.mark.parametrize("transform", [rewrap, straight_quotes_crlf, as_html, british, as_markdown_card])
@pytest.mark.parametrize(
    "file,key", [("llama-3.1.txt", "llama3.1"), ("gemma-2024-04-01.txt", "gemma"), ("apache-2.0.txt", "apache-2.0")]
)
def test_reformatted_copies_are_still_exact(transform, file: str, key: str, index: Index) -> None:  # type: ignore[no-untyped-def]
    m = classify_text(transform(text(file)), index)
    assert (m.license, m.match) == (key, "exact")


def test_mit_with_its_holder_filled_in_is_exact(index: Index) -> None:
    mit = text("mit.txt").replace("<year> <copyright holders>", "2025 Acme Robotics GmbH")
    assert classify_text(mit, index).match == "exact"


def test_bsd3_naming_the_organisation_in_clause_3_is_exact(index: Index) -> None:
    bsd = text("bsd-3-clause.txt")
    assert "the copyright holder" in bsd
    renamed = bsd.replace("Neither the name of the copyright holder", "Neither the name of Acme Robotics GmbH")
    m = classify_text(renamed, index)
    assert (m.license, m.match) == ("bsd-3-clause", "exact")


def test_list_numbering_restyled_is_exact(index: Index) -> None:
    t = text("llama-3.1.txt").replace("1. License Rights", "I. License Rights").replace("    a. Grant", "    (a) Grant")
    assert classify_text(t, index).match == "exact"


def test_license_file_with_the_aup_appended_is_the_license_with_the_aup_also_found(index: Index) -> None:
    m = classify_text(text("llama-3.1.txt") + "\n\n" + text("llama-3.1-aup.txt"), index)
    assert (m.license, m.match) == ("llama3.1", "exact")
    assert "llama3.1-aup" in m.also


# --- Substantive changes are never exact ------------------------------------------------------------------


@pytest.mark.parametrize(
    "file,key,old,new",
    [
        ("llama-3.1.txt", "llama3.1", "greater than 700 million", "greater than 900 million"),
        ("llama-3.1.txt", "llama3.1", "you shall also include", "you shall not include"),
        ("gemma-2025-03-24.txt", "gemma", "Google may terminate", "Google may not terminate"),
        ("apache-2.0.txt", "apache-2.0", "royalty-free", "royalty-bearing"),
        ("stabilityai-community.txt", "stabilityai-community", "1,000,000", "10,000,000"),
        ("cc-by-nc-4.0.txt", "cc-by-nc-4.0", "NonCommercial purposes only", "any purposes"),
    ],
)
def test_a_changed_word_or_number_is_modified(file: str, key: str, old: str, new: str, index: Index) -> None:
    original = text(file)
    assert old in original
    m = classify_text(original.replace(old, new, 1), index)
    assert (m.license, m.match) == (key, "modified")
    assert m.changes


def test_a_removed_sentence_is_modified(index: Index) -> None:
    original = text("llama-3.1.txt")
    sentence = "Meta may terminate this Agreement if you are in breach of any term or condition of this Agreement."
    assert sentence in original
    m = classify_text(original.replace(sentence, ""), index)
    assert (m.license, m.match) == ("llama3.1", "modified")
    assert any("removed" in c for c in m.changes)


# --- Look-alikes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file,key,version",
    [
        ("llama-3.1.txt", "llama3.1", None),
        ("llama-3.2.txt", "llama3.2", None),
        ("llama-3.3.txt", "llama3.3", None),
        ("gemma.txt", "gemma", "2024-02-21"),
        ("gemma-2024-04-01.txt", "gemma", "2024-04-01"),
        ("gemma-2025-03-24.txt", "gemma", "2025-03-24"),
        ("qwen.txt", "qwen", None),
        ("qwen-research.txt", "qwen-research", None),
        ("tongyi-qianwen.txt", "tongyi-qianwen", None),
        ("tongyi-qianwen-research.txt", "tongyi-qianwen-research", None),
        ("llama-2-aup.txt", "llama2-aup", None),
        ("llama-3-aup.txt", "llama3-aup", None),
        ("llama-3.1-aup.txt", "llama3.1-aup", None),
        ("llama-3.2-aup.txt", "llama3.2-aup", None),
        ("llama-3.3-aup.txt", "llama3.3-aup", None),
        ("llama-4-aup.txt", "llama4-aup", None),
        ("flux-1-dev-non-commercial-2024-08.txt", "flux-1-dev-non-commercial", "2024-08"),
    ],
)
def test_near_identical_versions_come_out_as_the_right_key(
    file: str, key: str, version: str | None, index: Index
) -> None:
    m = classify_text(rewrap(text(file), 72), index)
    assert (m.license, m.match, m.version) == (key, "exact", version)


# --- Fragments and mentions ---------------------------------------------------------------------------------


def test_one_clause_of_a_license_is_a_partial_match(index: Index) -> None:
    clause = text("stabilityai-community.txt").split("\n\n")
    longest = max(clause, key=len)
    m = classify_text(longest, index)
    assert m.match == "partial"
    assert m.license == "stabilityai-community"


@pytest.mark.parametrize(
    "sentence,key",
    [
        ("This model is released under the Llama 3.1 Community License.", "llama3.1"),
        ("Licensed under CC BY-NC 4.0.", "cc-by-nc-4.0"),
        ("License: Apache 2.0", "apache-2.0"),
        ("The weights are available under the MIT License.", "mit"),
        ("Use of this model is governed by the Gemma Terms of Use.", "gemma"),
        ("This model is licensed under the Stability AI Community License.", "stabilityai-community"),
        ("Licensed under the Apache License, Version 2.0.", "apache-2.0"),
        ("This project is released under GPLv3.", "gpl-3.0"),
        ("Released under the BSD 3-Clause License.", "bsd-3-clause"),
        ("This model is under the CreativeML Open RAIL-M license.", "creativeml-openrail-m"),
        ("Use of this model is subject to the Llama 2 Community License Agreement.", "llama2"),
        ("under the FLUX.1 [dev] Non-Commercial License", "flux-1-dev-non-commercial"),
        ("This dataset is released under ODC-By.", "odc-by"),
        ("license: cc-by-nc-sa-4.0", "cc-by-nc-sa-4.0"),
        ("Llama 3.2 is licensed under the Llama 3.2 Community License, Copyright © Meta Platforms, Inc.", "llama3.2"),
    ],
)
def test_a_sentence_naming_a_license_is_a_reference(sentence: str, key: str, index: Index) -> None:
    m = classify_text(sentence, index)
    assert (m.license, m.match) == (key, "reference")


@pytest.mark.parametrize(
    "sentence",
    [
        "MIT researchers trained this model on public data.",
        "Gemma is a family of lightweight open models.",
        "We compare against Llama 3.1 8B and Qwen 2.5 on reasoning benchmarks.",
        "The quick brown fox jumps over the lazy dog.",
    ],
)
def test_a_word_that_merely_resembles_a_license_name_is_none(sentence: str, index: Index) -> None:
    assert classify_text(sentence, index).match == "none"


# --- Bad input through the command line ----------------------------------------------------------------------


def test_bad_inputs_each_get_an_error_and_the_rest_are_classified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "latin1.txt").write_bytes("Licence accordée à © Société".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 200 MB file
        handle.truncate(200 * 1024 * 1024)
    good = tmp_path / "LICENSE"
    good.write_text(text("llama-3.3.txt"), encoding="utf-8")
    paths = [
        tmp_path / "missing.txt",
        tmp_path,
        tmp_path / "empty.txt",
        tmp_path / "binary.bin",
        tmp_path / "latin1.txt",
        huge,
        good,
    ]
    with pytest.raises(SystemExit) as exit_info:
        main(["classify", "--format", "json", *map(str, paths)])
    # Input errors (README: exit 2), and still every file is reported (issue 19).
    assert exit_info.value.code == 2
    out = capsys.readouterr()
    results = {Path(r["path"]).name: r for r in json.loads(out.out)["results"]}
    for bad in ["missing.txt", tmp_path.name, "empty.txt", "binary.bin", "latin1.txt", "huge.txt"]:
        assert results[bad]["match"] == "none" and results[bad]["license"] is None
        assert results[bad]["error"]
        assert bad in out.err
    assert (results["LICENSE"]["license"], results["LICENSE"]["match"]) == ("llama3.3", "exact")


def test_no_files_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["classify"])
    assert exit_info.value.code == 2


@pytest.mark.parametrize("file,key", [("isc.txt", "isc"), ("mit.txt", "mit"), ("apache-2.0.txt", "apache-2.0")])
def test_a_copy_without_the_optional_title_line_is_exact(file: str, key: str, index: Index) -> None:
    body = text(file).strip().split("\n", 1)[1]
    m = classify_text(body, index)
    assert (m.license, m.match) == (key, "exact")
