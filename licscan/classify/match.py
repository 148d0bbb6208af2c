"""Match a document against the reference texts: exact, modified, partial, a reference by name, or none."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from licscan.classify.added import Context, added_terms, covered_spans, find_all
from licscan.classify.index import SAMPLE, SHINGLE, Index, Reference, shingle_at, shingles
from licscan.classify.normalise import clean, lines_of, without_mid_numbers

if TYPE_CHECKING:
    from licscan.classify.prose import Statement

MatchLevel = Literal["exact", "modified", "partial", "reference", "none"]

# A text that keeps at least this share of a reference's 5-word runs, but not all of it, is that license modified.
MODIFIED_COVER = 0.75
# A fragment: most of the document's runs come from one reference.
PARTIAL_COVER = 0.6
# ...and either nearly all of them, or no more than this many runs of its own (a title, the cut, markup).
FRAGMENT_COVER = 0.85
FRAGMENT_FOREIGN = 40
# A reference is measured on all its runs when its sampled runs reach this share of what a match level asks.
CANDIDATE_MARGIN = 0.5
# A document whose sampled runs hold this share of a reference this large surely holds it nearly whole.
SURE_COVER = 0.95
SURE_SIZE = 400
# A document holding (by its sample) this share of a reference holds most of it: no fragment.
TEMPLATE_COVER = 0.6
# A copy that keeps this share of a reference's runs may be that reference whole once renumbered.
RENUMBERED_COVER = 0.9
# A changed license beside a whole one must explain this much more of the document to be the finding.
BIGGER_MARGIN = 1.15
PARTIAL_MIN_SHINGLES = 25
SHORT_PARTIAL_MIN = 10
# A copy that keeps this share of a reference's runs and both its ends is that license with a part taken out.
SPANNED_COVER = 0.5


# Words around a bare name ("MIT", "Llama 3.1") that make it a license reference.
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


# A replaceable field between two parts of a reference holds at most this many words.
REPLACEABLE_WORDS = 24


def _spans(ref: Reference, padded: str) -> list[tuple[int, int]]:
    """Word spans [start, end) of every whole copy of the reference in the padded document.

    Between its segments a replaceable field (a holder's name) of up to REPLACEABLE_WORDS words may stand.
    """
    first = ref.segments[0]
    if first not in padded:
        return []
    if len(ref.segments) == 1:
        return find_all(padded, first)
    out = []
    at = padded.find(first)
    while at >= 0:
        pos = at + len(first) - 1
        for segment in ref.segments[1:]:
            nxt = padded.find(segment, pos)
            if nxt < 0 or padded.count(" ", pos, nxt) > REPLACEABLE_WORDS:
                break
            pos = nxt + len(segment) - 1
        else:
            out.append((padded.count(" ", 0, at), padded.count(" ", 0, pos)))
        at = padded.find(first, at + len(first) - 1)
    return out


# How far ahead a difference is looked past for the texts to agree again (in words of the reference).
_RESYNC_REACH = 4000
_MAX_CHANGES = 5
# How many words of an agreeing stretch are compared at once.
_CHUNK = 32


def _changes(
    ref_ids: tuple[int, ...],
    doc_ids: list[int | None],
    words: dict[int, str],
    doc_words: list[str],
    sections: tuple[tuple[int, str], ...] = (),
) -> tuple[str, ...]:
    """The first differences between the reference and the stretch of the document it spans, in linear time.

    Word by word while the two agree; at a difference, the nearest point from which SHINGLE words agree again.
    """
    k = SHINGLE
    at: dict[tuple[int | None, ...], list[int]] = {}
    for j, run in enumerate(zip(*(doc_ids[m:] for m in range(k)), strict=False)):
        at.setdefault(run, []).append(j)
    doc = tuple(doc_ids)

    def resync(i: int, j: int) -> tuple[int, int] | None:
        best: tuple[int, int] | None = None
        cost = len(ref_ids) + len(doc_ids)
        for i2 in range(i, min(len(ref_ids) - k + 1, i + _RESYNC_REACH)):
            if i2 - i >= cost:
                break
            positions = at.get(ref_ids[i2 : i2 + k])
            if positions:
                p = bisect_left(positions, j)
                if p < len(positions) and (i2 - i) + (positions[p] - j) < cost:
                    best, cost = (i2, positions[p]), (i2 - i) + (positions[p] - j)
        return best

    found: list[str] = []
    # The document's stretch starts where the reference's first words agree with it.
    start = resync(0, 0)
    if start is None:
        return ()
    i, j = start
    if i:
        found.append(f"removed: “{' '.join(words.get(t, '?') for t in ref_ids[:i][:12])}”")
    while i < len(ref_ids) and len(found) < _MAX_CHANGES:
        # A long agreeing stretch is passed a chunk at a time; the rest word by word.
        while ref_ids[i : i + _CHUNK] == doc[j : j + _CHUNK] and i + _CHUNK <= len(ref_ids):
            i, j = i + _CHUNK, j + _CHUNK
        if i < len(ref_ids) and j < len(doc_ids) and ref_ids[i] == doc_ids[j]:
            i, j = i + 1, j + 1
            continue
        if i >= len(ref_ids):
            break
        nxt = resync(i, j) if j < len(doc_ids) else None
        i2, j2 = nxt if nxt is not None else (len(ref_ids), j)
        before = " ".join(words.get(t, "?") for t in ref_ids[i:i2][:12])
        after = " ".join(doc_words[j:j2][:12])
        missing = _sections_missing(sections, i, i2, len(ref_ids)) if i2 > i else ""
        if j2 == j:
            found.append(f"removed: “{before}”{missing}")
        elif i2 == i:
            found.append(f"added: “{after}”")
        else:
            found.append(f"changed: “{before}” → “{after}”{missing}")
        i, j = i2, j2
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


MEMO_LIMIT = 4096


def classify_text(text: str, index: Index, context: Context = "file") -> Match:
    """The license the text is, as a license file (`file`, a web page included), or as a model card (`card`), in
    which a license text may sit inside other prose."""
    found: Match | None = index.memo.get((text, context))
    if found is None:
        found = _classify(text, index, context)
        if len(index.memo) < MEMO_LIMIT:
            index.memo[(text, context)] = found
    return found


@dataclass
class _Whole:
    """The license texts found whole in a document, and what else it says."""

    lines: list[list[str]]
    words: list[str]
    padded: str
    refs: list[Reference]
    covered: list[bool]
    added: tuple[str, ...]


def _whole(index: Index, text: str, lines: list[list[str]], context: Context) -> _Whole:
    words = [w for line in lines for w in line]
    padded = " " + " ".join(words) + " "
    present = set(words)
    found = []
    for r in index.references:
        if len(padded) >= r.min_chars and present.issuperset(r.anchors) and (spans := _spans(r, padded)):
            found.append((r, spans))
    # Larger texts first; a text found only inside a larger one (BSD-2 in BSD-3) is part of it, not a license.
    found.sort(key=lambda f: (-f[0].n_tokens, f[0].kind != "license"))
    refs: list[Reference] = []
    spans_of: list[list[tuple[int, int]]] = []
    for r, spans in found:
        outside = [s for s in spans if not any(a <= s[0] and s[1] <= b for taken in spans_of for a, b in taken)]
        if outside:
            refs.append(r)
            spans_of.append(outside)
    if not refs:
        return _Whole(lines, words, padded, [], [], ())
    covered = covered_spans(refs, padded, dict(enumerate(spans_of)))
    return _Whole(lines, words, padded, refs, covered, added_terms(text, lines, covered, refs, context, index))


def _classify(text: str, index: Index, context: Context) -> Match:
    cleaned = clean(text)
    whole = _whole(index, text, lines_of(cleaned), context)
    if not whole.words:
        return Match(None, "none", 0.0)
    if whole.refs and whole.added and (renumbered := without_mid_numbers(cleaned)) is not None:
        again = _whole(index, text, lines_of(renumbered), context)
        if again.refs and len(again.added) < len(whole.added):
            whole = again
    if whole.refs:
        return _from_whole(whole, index)
    words = whole.words
    ids = _ids(index, words)
    doc_shingles = shingles(ids)
    near = _sampled(index, doc_shingles)
    if (alike := _look_alike(index, near, words)) is not None:
        return _template(alike)
    counts = _counts(index, doc_shingles, near)
    modified = _best_modified(index, counts, exclude=set(), doc_shingles=doc_shingles)
    if modified is not None:
        ref = index.references[modified]
        if ref.names and set(ref.names).isdisjoint(words):
            return _template(ref)
        if counts[modified] >= RENUMBERED_COVER * ref.n_shingles and (renumbered := without_mid_numbers(cleaned)):
            # Nearly all of a text, but not whole: it may be whole once the section numbers re-wrapping left in
            # mid-line are read as such. (Tried only here: a text that is near no license never pays for it.)
            again = _whole(index, text, lines_of(renumbered), context)
            if again.refs:
                return _from_whole(again, index)
        return _modified(index, modified, counts, ids, words)

    if counts and doc_shingles:
        top = max(counts.values())
        tied = sorted((i for i, hits in counts.items() if hits == top), key=lambda i: index.references[i].n_shingles)
        ref = index.references[tied[0]]
        cover = top / len(doc_shingles)
        # A short license's fragment is short: fourteen words in a row, most of the document, are enough.
        enough = top >= PARTIAL_MIN_SHINGLES or top >= SHORT_PARTIAL_MIN
        # A fragment holds little beside the reference's words; a whole text that shares 70% of its runs with a
        # reference and has a hundred of its own is another license written on that template.
        foreign = len(doc_shingles) - top
        if enough and cover >= PARTIAL_COVER and (cover >= FRAGMENT_COVER or foreign <= FRAGMENT_FOREIGN):
            # A fragment shared word for word by several licenses (BSD-2 and BSD-3 open alike) may be any of them.
            also = tuple(dict.fromkeys(k for i in tied[1:] if (k := index.references[i].key) != ref.key))
            return Match(ref.key, "partial", round(cover, 3), ref.version, ref.file, also)

    return _from_prose(text, index)


def _ids(index: Index, words: list[str]) -> list[int | None]:
    """The words as the index's ids; a word no reference has is None, and so is in no run a reference has."""
    return list(map(index.vocabulary.get, words))


def _sampled(index: Index, doc_shingles: set[int], prune: bool = True) -> dict[int, int]:
    """The references the document may be near, with how many of their sampled runs it holds.

    A reference passed over holds too few of the document's runs for any match level: fewer than half of what the
    lowest level asks of it, and (when the document may be a fragment) fewer than half of what the nearest holds.
    """
    seen = index.runs.sampled_hits(doc_shingles)
    if not seen:
        return {}
    top = max(seen.values())
    # The nearest references count for a fragment only when the document may be one: most of its runs theirs.
    fragment = top * SAMPLE >= CANDIDATE_MARGIN * PARTIAL_COVER * len(doc_shingles)
    near = {
        ref: hits
        for ref, hits in seen.items()
        if hits >= CANDIDATE_MARGIN * SPANNED_COVER * index.references[ref].n_shingles / SAMPLE
        or (fragment and hits >= CANDIDATE_MARGIN * top)
    }
    if not prune or fragment:
        return near
    # Of the references the document surely holds nearly whole, the one it holds most of is the match: one that
    # surely holds fewer runs than that one is no match, and need not be measured.
    sure = [hits for ref, hits in near.items() if hits * SAMPLE >= SURE_COVER * index.references[ref].n_shingles]
    if not sure:
        return near
    floor = max(sure) - 4 * max(sure) ** 0.5 - 2
    return {ref: hits for ref, hits in near.items() if hits >= floor}


def _counts(index: Index, doc_shingles: set[int], near: dict[int, int]) -> Counter[int]:
    """For each reference the document may be near, how many of the document's runs it holds (all of them)."""
    return index.runs.counts(doc_shingles, near)


def _look_alike(index: Index, near: dict[int, int], words: list[str]) -> Reference | None:
    """A reference most of whose text the document holds, when the document names none of the references it is
    near: another license written on that template (a fragment holds a third, not most). None otherwise."""
    if not near:
        return None
    top = max(near, key=lambda r: near[r] / index.references[r].n_shingles)
    ref = index.references[top]
    if ref.n_shingles < SURE_SIZE or near[top] * SAMPLE < TEMPLATE_COVER * ref.n_shingles:
        return None
    present = set(words)
    named = [index.references[r].names for r in near]
    return ref if all(names and present.isdisjoint(names) for names in named) else None


def _template(ref: Reference) -> Match:
    # The text never names the license it resembles: another license written on its template.
    note = f"another license written on the {ref.key} template: it never says {', '.join(ref.names)}"
    return Match(None, "none", 0.0, changes=(note,))


def _from_whole(whole: _Whole, index: Index) -> Match:
    """The match of a document that holds license texts whole: exact, or modified by what else it says."""
    words, exact = whole.words, whole.refs
    best = exact[0]
    also = tuple(dict.fromkeys(r.key for r in exact if r.key != best.key))
    # The words beyond the whole texts may be another license, changed (the use policy after a license): then the
    # file is the whole license and that one changed, whatever a larger look-alike of another version holds.
    companion = _changed_companion(index, whole) if whole.added else ()
    # Many words beyond the whole texts (15% of the text or more): maybe a larger license, changed, holds them.
    if not companion and len(words) - sum(whole.covered) > (BIGGER_MARGIN - 1) * best.n_tokens:
        ids = _ids(index, words)
        doc_shingles = shingles(ids)
        counts = _counts(index, doc_shingles, _sampled(index, doc_shingles, prune=False))
        # A larger license whose text is here but changed outranks the smaller ones that are here whole, when it
        # explains more of the document than all of them.
        bigger = _best_modified(index, counts, exclude={r.key for r in exact})
        explained = sum({r.key: r.n_shingles for r in exact}.values())
        if bigger is not None and counts[bigger] > BIGGER_MARGIN * max(explained, best.n_shingles):
            return _modified(index, bigger, counts, ids, words, also=(best.key, *also))
    if not whole.added:
        return Match(best.key, "exact", 1.0, best.version, best.file, also)
    share = round(min(sum(whole.covered) / len(words), 0.999), 3)
    return Match(best.key, "modified", share, best.version, best.file, also, companion or whole.added)


def _changed_companion(index: Index, whole: _Whole) -> tuple[str, ...]:
    """When the words beyond the whole texts are another license changed (a use policy with a clause rewritten),
    what changed in it; else nothing."""
    rest = [w for w, covered in zip(whole.words, whole.covered, strict=True) if not covered]
    if len(rest) < PARTIAL_MIN_SHINGLES:
        return ()
    ids = _ids(index, rest)
    rest_shingles = shingles(ids)
    counts = _counts(index, rest_shingles, _sampled(index, rest_shingles, prune=False))
    found = _best_modified(index, counts, exclude={r.key for r in whole.refs}, doc_shingles=rest_shingles)
    if found is None:
        return ()
    ref = index.references[found]
    changed = _changes(index.runs.tokens(found), ids, index.words, rest)
    return (f"the {ref.key} text, changed:", *changed) if changed else ()


def _from_prose(text: str, index: Index) -> Match:
    """A document that holds no license text: the licenses its sentences state, or none."""
    # Imported here: a license file, the common case, never needs the prose reader.
    from licscan.classify.prose import statements

    families = frozenset(k for k, kind in index.kinds.items() if kind == "family")
    found = statements(text, index.names, index.urls, families)
    # A site's footer licenses the site, not the document it stands under.
    known = [s for s in found if s.license is not None and s.scope != "page"]
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
            doc_shingles is not None
            and cover >= SPANNED_COVER
            and _holds_both_ends(index.runs.tokens(ref_index), doc_shingles)
        )
        # The reference that explains most of the document: a larger license with a clause changed, not a
        # smaller one that it contains (BSD-3-Clause-Clear holds all of BSD-2-Clause).
        if whole and (hits, cover) > best_rank:
            best, best_rank = ref_index, (hits, cover)
    return best


def _holds_both_ends(ref_ids: tuple[int, ...], doc_shingles: set[int]) -> bool:
    """Whether the document holds the reference's opening and its closing words."""
    n = len(ref_ids) - SHINGLE + 1
    if n < 1:
        return False
    edge = min(12, n)
    opening = any(shingle_at(ref_ids, i) in doc_shingles for i in range(edge))
    closing = any(shingle_at(ref_ids, i) in doc_shingles for i in range(n - edge, n))
    return opening and closing


def _modified(
    index: Index,
    ref_index: int,
    counts: Counter[int],
    ids: list[int | None],
    doc_words: list[str],
    also: tuple[str, ...] = (),
) -> Match:
    ref = index.references[ref_index]
    cover = counts[ref_index] / ref.n_shingles
    changes = _changes(index.runs.tokens(ref_index), ids, index.words, doc_words, ref.sections)
    return Match(ref.key, "modified", round(min(cover, 0.999), 3), ref.version, ref.file, also, changes)
