"""Match a document against the reference texts: exact, modified, partial, a reference by name, or none."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any, Literal

from licscan.classify.index import Index, Reference, shingles
from licscan.classify.normalise import tokens

if TYPE_CHECKING:
    from licscan.classify.prose import Statement

MatchLevel = Literal["exact", "modified", "partial", "reference", "none"]

# A text that keeps at least this share of a reference's 5-word runs, but not all of it, is that license modified.
MODIFIED_COVER = 0.75
# A fragment: most of the document's runs come from one reference.
PARTIAL_COVER = 0.6
# A changed license beside a whole one must explain this much more of the document to be the finding.
BIGGER_MARGIN = 1.15
PARTIAL_MIN_SHINGLES = 25
SHORT_PARTIAL_MIN = 10
# A copy that keeps this share of a reference's runs and both its ends is that license with a part taken out.
SPANNED_COVER = 0.5
# Words around a bare name ("MIT", "Llama 3.1") that make it a license reference.
_BEFORE = re.compile(
    r"(?:licen[sc]ed? (?:\w+ ){0,3}?under(?: the)?(?: terms of(?: the)?)?|released under(?: the)?|"
    r"licen[sc]e(?: is)?(?: the)?|governed by(?: the)?|subject to(?: the)?|under the terms of(?: the)?|"
    r"licen[sc]e name|available under(?: the)?|distributed under(?: the)?)$"
)
_AFTER = re.compile(r"^(?:licen[sc]e|licen[sc]es|licen[sc]ed|terms|agreement|community licen[sc]e)\b")


@dataclass(frozen=True)
class Match:
    license: str | None
    match: MatchLevel
    similarity: float
    version: str | None = None
    file: str | None = None
    # Other licenses found whole in the same document (an AUP appended to a LICENSE file).
    also: tuple[str, ...] = ()
    # For `modified`: short descriptions of what differs from the reference.
    changes: tuple[str, ...] = field(default=())
    # For `reference` (and a `modified` found in prose): the sentences that state a license, with their scope.
    statements: tuple[Statement, ...] = ()


_SEGMENTED: dict[tuple[str, ...], re.Pattern[str]] = {}


def _exact(ref: Reference, padded: str) -> bool:
    if len(ref.segments) == 1:
        return ref.segments[0] in padded
    if ref.segments[0] not in padded:
        return False
    pattern = _SEGMENTED.get(ref.segments)
    if pattern is None:
        # Between the parts, up to 24 words of a replaceable field (a holder's name).
        joined = r"(?:\S+ ){0,24}?".join(re.escape(s.strip()) + " " for s in ref.segments)
        pattern = _SEGMENTED.setdefault(ref.segments, re.compile(" " + joined))
    return pattern.search(padded) is not None


def _changes(
    ref_ids: tuple[int, ...],
    doc_ids: list[int],
    words: dict[int, str],
    doc_words: list[str],
    sections: tuple[tuple[int, str], ...] = (),
) -> tuple[str, ...]:
    found: list[str] = []
    matcher = difflib.SequenceMatcher(None, ref_ids, doc_ids, autojunk=False)
    blocks = matcher.get_matching_blocks()
    # Compare only the stretch of the document that the reference spans.
    start = blocks[0].b if blocks else 0
    end = max((b.b + b.size for b in blocks if b.size), default=len(doc_ids))
    matcher = difflib.SequenceMatcher(None, ref_ids, doc_ids[start:end], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        before = " ".join(words.get(t, "?") for t in ref_ids[i1:i2][:12])
        after = " ".join(doc_words[start + j1 : start + j2][:12])
        missing = _sections_missing(sections, i1, i2, len(ref_ids)) if op != "insert" else ""
        if op == "delete":
            found.append(f"removed: “{before}”{missing}")
        elif op == "insert":
            found.append(f"added: “{after}”")
        else:
            found.append(f"changed: “{before}” → “{after}”{missing}")
        if len(found) == 5:
            break
    return tuple(found)


def _sections_missing(sections: tuple[tuple[int, str], ...], i1: int, i2: int, n: int) -> str:
    """What a removal of reference tokens i1..i2 takes out, by section: whole sections, and a cut-off end."""
    whole = [label for at, label in sections if i1 <= at and _section_end(sections, at, n) <= i2]
    cut = [label for at, label in sections if at < i1 < _section_end(sections, at, n) and i2 > i1]
    parts = []
    if cut and (whole or i2 - i1 > 12):
        parts.append(f"the rest of {cut[0]}")
    if whole:
        parts.append(", ".join(whole))
    if not parts:
        return ""
    ending = "; the text ends early" if i2 >= n else ""
    return f" ({i2 - i1} words: {'; '.join(parts)} missing{ending})"


def _section_end(sections: tuple[tuple[int, str], ...], at: int, n: int) -> int:
    return next((later for later, _ in sections if later > at), n)


def find_names(words: list[str], trie: dict[str, Any]) -> list[tuple[int, str, bool]]:
    """(position, license key, standalone-or-in-context) for each license name in the words."""
    from licscan.classify.prose import names_in

    found = []
    for name in names_in(words, trie):
        standalone = name.standalone
        if not standalone:
            before = " ".join(words[max(0, name.start - 6) : name.start])
            after = " ".join(words[name.end : name.end + 3])
            standalone = bool(_BEFORE.search(before) or _AFTER.match(after))
        found.append((name.start, str(name.key), standalone))
    return found


MEMO_LIMIT = 4096


def classify_text(text: str, index: Index) -> Match:
    found: Match | None = index.memo.get(text)
    if found is None:
        found = _classify(text, index)
        if len(index.memo) < MEMO_LIMIT:
            index.memo[text] = found
    return found


def _classify(text: str, index: Index) -> Match:
    words = tokens(text)
    if not words:
        return Match(None, "none", 0.0)
    padded = " " + " ".join(words) + " "
    present = set(words)
    exact = [
        r
        for r in index.references
        if len(padded) >= r.min_chars and present.issuperset(r.anchors) and _exact(r, padded)
    ]
    if exact:
        best = max(exact, key=lambda r: (r.n_tokens, r.kind == "license"))
        also = tuple(dict.fromkeys(r.key for r in exact if r.key != best.key))
        # A document no longer than the exact match cannot also hold a larger changed license.
        if len(words) <= BIGGER_MARGIN * best.n_shingles:
            return Match(best.key, "exact", 1.0, best.version, best.file, also)
    ids = [index.vocabulary.get(w, -1 - n) for n, w in enumerate(words)]
    doc_shingles = shingles(ids)
    postings = index.postings
    counts: Counter[int] = Counter(chain.from_iterable(postings.get(s, ()) for s in doc_shingles))
    if exact:
        # A larger license whose text is here but changed outranks a smaller one that is here whole...
        bigger = _best_modified(index, counts, exclude={r.key for r in exact})
        # ...only when it explains more of the document than everything that is here whole.
        explained = sum({r.key: r.n_shingles for r in exact}.values())
        if bigger is None or counts[bigger] <= BIGGER_MARGIN * max(explained, best.n_shingles):
            return Match(best.key, "exact", 1.0, best.version, best.file, also)
        return _modified(index, bigger, counts, ids, words, also=(best.key, *also))

    modified = _best_modified(index, counts, exclude=set(), doc_shingles=doc_shingles)
    if modified is not None:
        return _modified(index, modified, counts, ids, words)

    if counts and doc_shingles:
        top = max(counts.values())
        tied = sorted((i for i, hits in counts.items() if hits == top), key=lambda i: index.references[i].n_shingles)
        ref = index.references[tied[0]]
        cover = top / len(doc_shingles)
        # A short license's fragment is short: fourteen words in a row, most of the document, are enough.
        enough = top >= PARTIAL_MIN_SHINGLES or top >= SHORT_PARTIAL_MIN
        if enough and cover >= PARTIAL_COVER:
            # A fragment shared word for word by several licenses (BSD-2 and BSD-3 open alike) may be any of them.
            also = tuple(dict.fromkeys(k for i in tied[1:] if (k := index.references[i].key) != ref.key))
            return Match(ref.key, "partial", round(cover, 3), ref.version, ref.file, also)

    return _from_prose(text, index)


def _from_prose(text: str, index: Index) -> Match:
    """A document that holds no license text: the licenses its sentences state, or none."""
    # Imported here: a license file, the common case, never needs the prose reader.
    from licscan.classify.prose import statements

    found = statements(text, index.names, index.urls)
    known = [s for s in found if s.license is not None]
    if not known:
        return Match(None, "none", 0.0, statements=found)
    # The license the model is under comes first: one stated for the weights, then a license over a use policy.
    ranked = sorted(known, key=lambda s: (not s.binds_weights, index.kinds.get(s.license or "") == "use-policy"))
    first = ranked[0]
    assert first.license is not None
    also = tuple(dict.fromkeys(s.license for s in ranked[1:] if s.license and s.license != first.license))
    if first.modified:
        change = f"the text names a changed {first.license}: “{first.sentence[:160]}”"
        return Match(first.license, "modified", 0.0, also=also, changes=(change,), statements=found)
    return Match(first.license, "reference", 1.0, also=also, statements=found)


def _best_modified(
    index: Index, counts: Counter[int], exclude: set[str], doc_shingles: set[int] | None = None
) -> int | None:
    best: int | None = None
    best_rank: tuple[int, float] = (0, 0.0)
    for ref_index, hits in counts.items():
        ref = index.references[ref_index]
        if ref.key in exclude or not ref.n_shingles:
            continue
        cover = hits / ref.n_shingles
        # Less of the text, but from its first words to its last: a copy with a clause taken out, not a fragment.
        whole = cover >= MODIFIED_COVER or (
            doc_shingles is not None and cover >= SPANNED_COVER and _spans(index.ref_tokens[ref_index], doc_shingles)
        )
        # The reference that explains most of the document: a larger license with a clause changed, not a
        # smaller one that it contains (BSD-3-Clause-Clear holds all of BSD-2-Clause).
        if whole and (hits, cover) > best_rank:
            best, best_rank = ref_index, (hits, cover)
    return best


def _spans(ref_ids: tuple[int, ...], doc_shingles: set[int]) -> bool:
    """Whether the document holds the reference's opening and its closing words."""
    n = len(ref_ids) - 4
    if n < 1:
        return False
    edge = min(12, n)
    opening = any(hash(ref_ids[i : i + 5]) in doc_shingles for i in range(edge))
    closing = any(hash(ref_ids[i : i + 5]) in doc_shingles for i in range(n - edge, n))
    return opening and closing


def _modified(
    index: Index, ref_index: int, counts: Counter[int], ids: list[int], doc_words: list[str], also: tuple[str, ...] = ()
) -> Match:
    ref = index.references[ref_index]
    cover = counts[ref_index] / ref.n_shingles
    changes = _changes(index.ref_tokens[ref_index], ids, index.words, doc_words, ref.sections)
    return Match(ref.key, "modified", round(min(cover, 0.999), 3), ref.version, ref.file, also, changes)
