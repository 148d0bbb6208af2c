"""What a changed or partial copy is measured by: the references' runs of words. Shared run groups and references
measured from a base are ways to count faster; each count must be the one a plain count over the reference gives."""

from __future__ import annotations

from collections import Counter

import pytest

from licscan.classify.index import SAMPLE, Index, load_index, shingles
from licscan.classify.match import _ids
from licscan.classify.normalise import clean, lines_of
from licscan.paths import data_dir


@pytest.fixture(scope="module")
def index() -> Index:
    return load_index()


def _runs_of(index: Index, text: str) -> set[int]:
    words = [w for line in lines_of(clean(text)) for w in line]
    return shingles(_ids(index, words))


def _documents(index: Index) -> dict[str, str]:
    """Texts a census meets, made from the reference texts: versions with a clause cut, two joined, one renamed."""
    texts = data_dir("licenses") / "texts"
    docs = {}
    for ref in index.references[::7]:
        body = (texts / ref.file).read_text(encoding="utf-8")
        paragraphs = body.split("\n\n")
        docs[f"{ref.file} with its middle paragraph cut"] = "\n\n".join(
            paragraphs[: len(paragraphs) // 2] + paragraphs[len(paragraphs) // 2 + 1 :]
        )
        docs[f"{ref.file}, first half"] = body[: len(body) // 2]
        docs[f"{ref.file} renamed"] = body.replace(ref.key, "Acme").replace(ref.key.split("-")[0], "Acme")
    first, second = index.references[0], index.references[-1]
    docs["two texts joined"] = (texts / first.file).read_text(encoding="utf-8") + (texts / second.file).read_text(
        encoding="utf-8"
    )
    return docs


def test_every_count_through_a_base_is_the_plain_count(index: Index) -> None:
    every = range(len(index.references))
    plain_runs = [shingles(index.runs.tokens(ref)) for ref in every]
    for name, text in _documents(index).items():
        doc = _runs_of(index, text)
        plain = Counter({ref: len(doc & plain_runs[ref]) for ref in every})
        assert index.runs.counts(doc, every) == plain, name
        # And any subset of the references, in any order, whatever of the bases it leaves out.
        some = [ref for ref in reversed(every) if ref % 3]
        assert index.runs.counts(doc, some) == Counter({ref: plain[ref] for ref in some}), name


def test_sampled_hits_are_the_plain_count_of_the_sampled_runs(index: Index) -> None:
    sampled = [{s for s in shingles(index.runs.tokens(ref)) if not s % SAMPLE} for ref in range(len(index.references))]
    for name, text in _documents(index).items():
        doc = _runs_of(index, text)
        plain = Counter({ref: n for ref, runs in enumerate(sampled) if (n := len(doc & runs))})
        assert index.runs.sampled_hits(doc) == plain, name


def test_references_measured_from_a_base_are_versions_of_one_text(index: Index) -> None:
    """Bases are found, not assumed: the versions of one license share most of their runs."""
    with_base = [ref for ref in range(len(index.references)) if index.runs.base(ref) >= 0]
    assert len(with_base) >= 40
    for ref in with_base:
        base = index.runs.base(ref)
        assert base < ref
        own, other = shingles(index.runs.tokens(ref)), shingles(index.runs.tokens(base))
        assert len(own ^ other) <= len(own) / 2
