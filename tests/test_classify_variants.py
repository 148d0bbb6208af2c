"""Golden variants of every reference text: formatting never changes the verdict, a changed word always does.

The variants are written by tests/variants.py from the reference texts in licenses/texts (KEYS.tsv gives each
file's key): the ways a real LICENSE file, a model card or a web page carries a license without changing a word.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licscan.classify import classify_text
from licscan.classify.index import Index
from licscan.classify.normalise import tokens
from tests.variants import EDITS, FORMATS, first_third

TEXTS = Path(__file__).resolve().parents[1] / "licenses" / "texts"
with (TEXTS / "KEYS.tsv").open(encoding="utf-8") as _keys:
    KEYS = list(csv.DictReader(_keys, delimiter="\t"))
FORMAT_NAMES = sorted(FORMATS)


def text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("row", KEYS, ids=[r["file"] for r in KEYS])
def test_every_format_of_every_reference_text_is_exact(row: dict[str, str], index: Index) -> None:
    original = text(row["file"])
    wrong = {}
    for name in FORMAT_NAMES:
        m = classify_text(FORMATS[name](original), index)
        if (m.license, m.match) != (row["key"], "exact") or (row["version"] and m.version != row["version"]):
            wrong[name] = (m.license, m.match, m.version)
    assert not wrong, f"{row['file']} ({row['key']}): {wrong}"


@pytest.mark.parametrize("row", KEYS, ids=[r["file"] for r in KEYS])
def test_the_first_third_of_every_reference_text_is_a_partial_match(row: dict[str, str], index: Index) -> None:
    m = classify_text(first_third(text(row["file"])), index)
    assert m.match == "partial", (m.license, m.match)
    # A fragment that two licenses share word for word (BSD-2 and BSD-3 open alike) may be either: both are named.
    assert row["key"] == m.license or row["key"] in m.also, (m.license, m.also)


@pytest.mark.parametrize("file", ["bsd-2-clause.txt", "bsd-3-clause.txt", "isc.txt", "mit.txt"])
def test_a_short_license_cut_short_is_partial_not_none(file: str, index: Index) -> None:
    original = text(file)
    for share in (3, 2):
        m = classify_text(original[: len(original) // share], index)
        assert m.match == "partial", (share, m)


EDITED = [
    pytest.param(row, edit, changed, id=f"{row['file']}-{edit}")
    for row in KEYS
    for edit in sorted(EDITS)
    if (changed := EDITS[edit]((TEXTS / row["file"]).read_text(encoding="utf-8"))) is not None
]


@pytest.mark.parametrize("row,edit,changed", EDITED)
def test_a_substantive_edit_is_modified_in_any_format_and_the_diff_says_where(
    row: dict[str, str], edit: str, changed: str, index: Index
) -> None:
    # Plain, and in one format chosen by the file's place in the table, so that every format meets every edit.
    position = KEYS.index(row) + sorted(EDITS).index(edit)
    name = FORMAT_NAMES[position % len(FORMAT_NAMES)]
    for variant in (changed, FORMATS[name](changed)):
        m = classify_text(variant, index)
        assert m.match != "exact", f"{row['file']}: a {edit} edit passed as exact ({name})"
        assert (m.license, m.match) == (row["key"], "modified"), (name, m.license, m.match)
        assert m.changes


def test_the_diff_quotes_the_changed_number(index: Index) -> None:
    original = text("llama-3.1.txt")
    m = classify_text(FORMATS["markdown"](original.replace("700 million", "900 million")), index)
    assert m.match == "modified"
    assert any("700" in c and "900" in c for c in m.changes), m.changes


def test_renumbered_and_rewrapped_is_exact_but_a_dropped_not_is_not(index: Index) -> None:
    original = text("apache-2.0.txt")
    renumbered = FORMATS["rewrap-40"](original.replace("1. Definitions.", "(a) Definitions."))
    assert classify_text(renumbered, index).match == "exact"
    assert "shall not include works" in original
    dropped = FORMATS["rewrap-40"](original.replace("shall not include works", "shall include works", 1))
    assert classify_text(dropped, index).match == "modified"


@pytest.mark.parametrize(
    "file,old,new",
    [
        # The clause right after a notice is no part of the notice, however the lines were wrapped.
        ("gpl-3.0.txt", "Everyone is permitted", "Nobody is permitted"),
        (
            "llama-3.1.txt",
            "Copyright © Meta Platforms, Inc. All Rights Reserved.”",
            "Copyright © Meta Platforms, Inc. All Rights Reserved. Commercial use is forbidden.”",
        ),
        ("isc.txt", "Permission to use", "Permission to sell"),
    ],
)
def test_a_change_next_to_a_copyright_notice_is_modified(file: str, old: str, new: str, index: Index) -> None:
    original = text(file)
    assert old in original
    changed = original.replace(old, new, 1)
    for name in ("plain", "rewrap-40", "one-line-paragraphs"):
        variant = changed if name == "plain" else FORMATS[name](changed)
        m = classify_text(variant, index)
        assert m.match == "modified", (name, m.match)


def test_a_holder_in_place_of_the_placeholder_is_exact_however_wrapped(index: Index) -> None:
    bsd = text("bsd-3-clause.txt").replace("<year> <owner>", "2019-2025 The Acme Robotics Authors and xAI Corp.")
    for name in ("rewrap-40", "markdown", "html"):
        assert classify_text(FORMATS[name](bsd), index).match == "exact", name


@pytest.mark.parametrize(
    "paragraph,kept",
    [
        ("Copyright Stability AI Ltd.", []),
        ("Copyright (c) 2004-2010 by Internet Systems Consortium, Inc.", []),
        ("Copyright © xAI [applicable year].", []),
        ("Copyright in the outputs belongs to you.", ["copyright", "in", "the", "outputs", "belongs", "to", "you"]),
        (
            "Copyright 2024 Acme. You must be at least 18. Otherwise",
            ["you", "must", "be", "at", "least", "18", "otherwise"],
        ),
    ],
)
def test_a_notice_goes_and_a_clause_about_copyright_stays(paragraph: str, kept: list[str]) -> None:
    assert tokens(f"Some clause.\n\n{paragraph}\n\nAnother clause.") == ["some", "clause", *kept, "another", "clause"]


_NOTICE_PARTS = [
    "Copyright", "COPYRIGHT", "(c)", "(C)", "©", "2024", "1995-2003", "A1234B5678", "AbCd", "xAI", "and", "by", ",",
    " ", "\n", "\n\n", "[year]", "<owner>", "Inc.", ".", "you may not", "All Rights Reserved.",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(_NOTICE_PARTS), max_size=80))
def test_any_run_of_notice_words_normalises_and_keeps_the_clauses(parts: list[str]) -> None:
    # Every notice shape reads in linear time, and the words of a clause are never part of a notice.
    words = tokens(" ".join(parts) + "\n\nyou must not sell it.")
    assert words[-5:] == ["you", "must", "not", "sell", "it"]
