"""The classifier's precomputed index of the reference texts and license names, cached on disk between runs (JSON,
in licscan's private cache folder: data, never a format that can hold code)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from licscan.classify.normalise import phrase_tokens, tokens
from licscan.classify.runs import Runs
from licscan.hubnames import NOT_A_LICENSE

# A document and a reference are compared by their runs of this many words.
SHINGLE = 5
# The index lists the references of one run in SAMPLE (by its hash): enough to tell which references a document is
# near, at a quarter of the cost; those are then measured on all their runs.
SAMPLE = 4
INDEX_FORMAT = 15
# A word in the names of this many licenses names a family of them.
FAMILY_NAMES = 3
# Words that mark a phrase as naming a license on its own ("Llama 3.1 Community License", "CC BY-NC 4.0").
LICENSE_WORDS = frozenset({"license", "licence", "agreement", "terms", "policy", "rail", "openrail"})
LICENSE_CODES = frozenset(
    {
        "cc", "gpl", "lgpl", "agpl", "apache", "bsd", "mpl", "epl", "eupl", "cdla", "odc", "odbl", "pddl",
        "artistic", "bsl", "afl", "ecl", "osl", "lppl", "ofl", "gfdl", "faipl", "openmdw", "creativeml",
        "bigscience", "bigcode", "cc0", "creative", "gnu", "mozilla", "eclipse", "boost",
    }
)  # fmt: skip
# Entries that are not license names at all.


@dataclass(frozen=True)
class Reference:
    key: str
    version: str | None
    file: str
    kind: str
    # Token text split where replaceable fields (holder names) stand; each part padded with spaces.
    segments: tuple[str, ...]
    n_tokens: int
    n_shingles: int
    # Words of the text that few other references have: a document without them cannot hold the text whole.
    anchors: tuple[str, ...] = ()
    # The padded length the segments need at the least.
    min_chars: int = 0
    # Passages that the SPDX guidelines mark optional (Apache-2.0's appendix, a CC 4.0 preamble and closing
    # notice), padded: a copy may hold them or not. They are no part of the segments.
    optional: tuple[str, ...] = ()
    # Words a title or heading of this license is made of: its title line, name and key.
    title: tuple[str, ...] = ()
    # The words by which the text names itself ("codegeex4", "qianwen"): a text that never says them is another
    # license written on this one's template, not this one changed.
    names: tuple[str, ...] = ()
    # The text's numbered top-level sections: (token position of the heading, "§3 Disclaimer of Warranty").
    sections: tuple[tuple[int, str], ...] = ()


@dataclass
class Index:
    references: list[Reference]
    vocabulary: dict[str, int]
    # Name trie: token -> subtrie; the key "" holds (license key, standalone, id-like) at a phrase end.
    names: dict[str, Any]
    kinds: dict[str, str]
    # Normalised license page URL (see prose.url_form) -> key.
    urls: dict[str, str] = field(default_factory=dict)
    # The references' runs of words: what a changed or partial copy is measured by. A copy that is a license word for
    # word needs none of it, so it is read from the cache only when asked (`runs`).
    runs_data: Runs | None = None
    read_runs: Callable[[], Runs] | None = None
    # Token id -> word, built whole when a diff is first written (see `words`).
    _words: dict[int, str] | None = field(default=None, repr=False)
    # Results by document text: one run meets the same LICENSE text in many repositories.
    memo: dict[tuple[str, str], Any] = field(default_factory=dict)
    # The scan's threads share one index: what is filled in lazily is built under this lock and published whole, so
    # that no thread ever reads a half-filled map.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def runs(self) -> Runs:
        if self.runs_data is None:
            with self._lock:
                if self.runs_data is None:
                    assert self.read_runs is not None
                    self.runs_data = self.read_runs()
        return self.runs_data

    @property
    def words(self) -> dict[int, str]:
        """Token id -> word: the vocabulary turned round, built once and complete before any thread reads it."""
        found = self._words
        if found is None:
            with self._lock:
                if self._words is None:
                    self._words = {v: k for k, v in self.vocabulary.items()}
                found = self._words
        return found


def shingles(ids: Sequence[int | None]) -> set[int]:
    # The hash of a tuple of ints is the same in every process of one Python version (no hash seed applies to
    # ints), and the cache file is keyed by that version.
    return set(map(hash, zip(*(ids[k:] for k in range(SHINGLE)), strict=False)))


def shingle_at(ids: tuple[int, ...] | list[int], i: int) -> int:
    """The hash of the run of SHINGLE words from position i, as `shingles` computes it."""
    return hash(tuple(ids[i : i + SHINGLE]))


# Passages that SPDX marks optional, by their first words and the words that follow them (None: to the end). A
# passage is optional only at the head or the tail of a text.
OPTIONAL_PASSAGES: tuple[tuple[str, str | None], ...] = (
    ("appendix how to apply the apache license to your work", None),
    ("creative commons corporation creative commons is not a law firm", "by exercising the licensed rights"),
    ("creative commons is not a party to its public licenses", None),
)
_HEAD_REACH = 40
# Words of a title that say nothing of which license it is.
TITLE_WORDS = frozenset(
    {
        "the", "a", "an", "license", "licence", "licenses", "agreement", "version", "v", "international", "public",
        "community", "of", "for", "and", "terms", "conditions", "use", "policy", "acceptable", "model", "models",
        "software", "release", "date", "copyright", "notice", "text", "full", "legal", "code", "legalcode", "spdx",
        "identifier", "last", "updated", "effective", "released", "dated", "rev", "revision", "by", "ai", "inc",
        "llc", "ltd", "gmbh", "corporation", "corp", "co", "open", "source", "free", "general", "original", "english",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "lab", "labs", "team", "foundation", "weights", "materials", "in", "to", "on",
    }
)  # fmt: skip


def _title_length(text: str) -> int:
    """Words in the title line, which the SPDX guidelines treat as optional; 0 when there is no clear title."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    n = len(tokens(first))
    return n if 0 < n <= 12 and not first.rstrip().endswith((".", ",", ";")) else 0


def _optional_spans(words: list[str]) -> list[tuple[int, int]]:
    """Where the text's optional passages stand: at its head (from its first words on) or at its tail."""
    spans = []
    padded = " " + " ".join(words) + " "
    for start, end in OPTIONAL_PASSAGES:
        at = padded.find(f" {start} ")
        if at < 0:
            continue
        first = padded.count(" ", 0, at)
        if end is None:
            spans.append((first, len(words)))
            continue
        stop = padded.find(f" {end} ", at)
        if stop >= 0 and first <= _HEAD_REACH:
            # A head passage takes the title before it along: the text then starts at `end`.
            spans.append((0, padded.count(" ", 0, stop)))
    return spans


def _segments(
    words: list[str], replaceable: list[str], optional_prefix: int = 0, optional: list[tuple[int, int]] | None = None
) -> tuple[str, ...]:
    marks = [False] * len(words)
    # An omitted title is no difference: the text must match from after it.
    marks[:optional_prefix] = [True] * optional_prefix
    for a, b in optional or ():
        marks[a:b] = [True] * (b - a)
    for phrase in replaceable:
        needle = phrase_tokens(phrase)
        n = len(needle)
        for i in range(len(words) - n + 1):
            if n and words[i : i + n] == needle:
                marks[i : i + n] = [True] * n
    parts: list[list[str]] = [[]]
    for word, marked in zip(words, marks, strict=True):
        if marked:
            if parts[-1]:
                parts.append([])
        else:
            parts[-1].append(word)
    return tuple(" " + " ".join(p) + " " for p in parts if p)


# Spellings of one word that license names use interchangeably ("Attribution-NoDerivs 4.0", "Non Commercial").
_SYNONYMS: dict[str, tuple[tuple[str, ...], ...]] = {
    "noderivatives": (("noderivs",), ("no", "derivatives"), ("no", "derivs")),
    "noncommercial": (("non", "commercial"),),
    "sharealike": (("share", "alike"),),
    "attribution": (("by",),),
}
_MAX_VARIANTS = 48


def _versions(words: list[str]) -> list[list[str]]:
    """ "... v3.0", "... version 3", "... 3", "... 30": the ways a trailing version number is written."""
    i = len(words)
    while i > 0 and words[i - 1].isdigit():
        i -= 1
    head, number = words[:i], words[i:]
    if not number or not head:
        return [words]
    if head[-1] in ("v", "version"):
        head = head[:-1]
    numbers = [number]
    if number[-1] == "0" and len(number) > 1:
        numbers.append(number[:-1])
    elif len(number) == 1:
        numbers.append([*number, "0"])
    numbers.append(["".join(number)])
    out = []
    for n in numbers:
        out += [[*head, *n], [*head, "v", *n], [*head, "version", *n]]
    return out


def variants(words: list[str]) -> list[list[str]]:
    """The usual spellings of one license name, as token lists."""
    forms: list[list[str]] = [words]
    for i, w in enumerate(words):
        for alternative in _SYNONYMS.get(w, ()):
            forms += [[*f[:i], *alternative, *f[i + 1 :]] for f in forms if i < len(f) and f[i] == w]
    out: list[list[str]] = []
    for f in forms:
        trimmed = [f]
        # "... 4.0 International Public License", "... 4.0 International", "... 4.0 License", "... 4.0".
        for tail in (["international", "public", "license"], ["public", "license"], ["international"], ["license"]):
            if len(f) > len(tail) + 1 and f[-len(tail) :] == tail and f[-len(tail) - 1].isdigit():
                trimmed.append(f[: -len(tail)])
        for t in trimmed:
            out += _versions(t)
    unique = list({tuple(f): f for f in out if f}.values())
    return unique[:_MAX_VARIANTS]


def _add_name(trie: dict[str, Any], phrase: str, key: str, spdx: bool = False) -> None:
    words = phrase_tokens(phrase)
    if not words or phrase.lower() in NOT_A_LICENSE:
        return
    for form in variants(words):
        _add_form(trie, form, key, spdx)


def _add_form(trie: dict[str, Any], words: list[str], key: str, spdx: bool) -> None:
    standalone = bool(LICENSE_WORDS.intersection(words)) or (words[0] in LICENSE_CODES and len(words) > 1)
    node = trie
    for w in words:
        node = node.setdefault(w, {})
    previous = node.get("")
    # Keep the first key that claims a phrase; a later claim can only make it standalone or id-like.
    if previous is None:
        node[""] = (key, standalone, spdx)
    elif previous[0] == key and (standalone > previous[1] or spdx > previous[2]):
        node[""] = (key, standalone or previous[1], spdx or previous[2])


def build_index(db: Any) -> Index:
    """Normalise every reference text and license name of the database."""
    vocabulary: dict[str, int] = {}
    references: list[Reference] = []
    ref_tokens: list[tuple[int, ...]] = []
    ref_sets: list[set[int]] = []
    postings: dict[int, list[int]] = {}
    names: dict[str, Any] = {}
    kinds: dict[str, str] = {}
    # How many licenses' names hold each word: a word that three or more hold names a family ("rail", "llama").
    named_by: dict[str, set[str]] = {}
    for entry in db:
        for w in _name_words(entry):
            named_by.setdefault(w, set()).add(entry.key)
    family_words = frozenset(w for w, keys in named_by.items() if len(keys) >= FAMILY_NAMES)
    for entry in db:
        kinds[entry.key] = entry.kind
        for text in entry.texts:
            raw = db.read_text(text.file)
            words = tokens(raw)
            optional = _optional_spans(words)
            title = _title_length(raw) if len(words) > 60 else 0
            ids = tuple(vocabulary.setdefault(w, len(vocabulary) + 1) for w in words)
            segments = _segments(words, text.replaceable, title, optional)
            sh = shingles(ids)
            ref_sets.append(sh)
            index = len(references)
            for s in sh:
                if not s % SAMPLE:
                    postings.setdefault(s, []).append(index)
            references.append(
                Reference(
                    key=entry.key,
                    version=text.version,
                    file=text.file,
                    kind=entry.kind,
                    segments=segments,
                    n_tokens=len(words),
                    n_shingles=len(sh),
                    optional=tuple(" " + " ".join(words[a:b]) + " " for a, b in optional),
                    title=_title_words(entry, words[:title]),
                    # Only the body says a name: the title and the optional parts are often left out.
                    names=_own_names(entry, set(" ".join(segments).split()) - family_words),
                    sections=sections_of(raw),
                )
            )
            ref_tokens.append(ids)
    _set_anchors(references)
    from licscan.classify.prose import url_form

    urls: dict[str, str] = {}
    # Exact names before generated spellings: a name a license really has is never claimed by another's variant.
    for entry in db:
        a = entry.aliases
        for phrase in [entry.name, *a.names, *a.hub, entry.key, *a.hub_license_names]:
            if (words := phrase_tokens(phrase)) and phrase.lower() not in NOT_A_LICENSE:
                _add_form(names, words, entry.key, False)
        for spdx in a.spdx:
            if not spdx.startswith("LicenseRef-") and phrase_tokens(spdx):
                _add_form(names, phrase_tokens(spdx), entry.key, True)
        if entry.url and entry.kind != "family":
            urls.setdefault(url_form(entry.url), entry.key)
    for entry in db:
        a = entry.aliases
        scancode = [k.removeprefix("LicenseRef-scancode-") for k in a.scancode]
        for phrase in [entry.name, *a.names, *a.hub, entry.key, *a.hub_license_names, *scancode]:
            if phrase.startswith("LicenseRef-"):
                continue
            _add_name(names, phrase, entry.key)
        for spdx in a.spdx:
            if not spdx.startswith("LicenseRef-"):
                _add_name(names, spdx, entry.key, spdx=True)
    return Index(
        references=references,
        vocabulary=vocabulary,
        names=names,
        kinds=kinds,
        urls=urls,
        runs_data=Runs.build(postings, ref_tokens, ref_sets),
    )


def _title_words(entry: Any, title: list[str]) -> tuple[str, ...]:
    words = {*title, *phrase_tokens(entry.name), *phrase_tokens(entry.key)}
    for name in entry.aliases.names:
        words.update(phrase_tokens(name))
    return tuple(sorted(words))


def _name_words(entry: Any) -> set[str]:
    return {*phrase_tokens(entry.name), *phrase_tokens(entry.key)}


def _own_names(entry: Any, text_words: set[str]) -> tuple[str, ...]:
    """The words of the license's name and key that its text says and that no family shares: the words that tell
    it from its look-alikes ("creativeml", not "rail")."""
    words = _name_words(entry)
    own = (w for w in words if w in text_words and w not in TITLE_WORDS and not w.isdigit() and len(w) > 2)
    return tuple(sorted(own))


def _set_anchors(references: list[Reference]) -> None:
    """Give each reference the three words of its text that the fewest references share, and its least length."""
    seen: dict[str, int] = {}
    vocab = [set(" ".join(r.segments).split()) for r in references]
    for words in vocab:
        for w in words:
            seen[w] = seen.get(w, 0) + 1
    for i, (ref, words) in enumerate(zip(references, vocab, strict=True)):
        anchors = tuple(sorted(words, key=lambda w: (seen[w], -len(w), w))[:3])
        min_chars = sum(len(s) - 1 for s in ref.segments) + 1
        references[i] = dataclasses.replace(ref, anchors=anchors, min_chars=min_chars)


def _reference_fields(r: Reference) -> tuple[Any, ...]:
    return (
        r.key, r.version, r.file, r.kind, r.segments, r.n_tokens, r.n_shingles, r.anchors, r.min_chars, r.optional,
        r.title, r.names, r.sections,
    )  # fmt: skip


# A numbered top-level heading at the start of a line: "1. Definitions", "### 3. Restrictions", "Section 2 – Scope".
_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:(?:Section|SECTION|Article|ARTICLE)[ \t]+)?(\d{1,2})(?:[.):]|[ \t]+[–—-])"
    r"[ \t]*(?:\*\*)?([^\n.*]{0,80})",
    re.MULTILINE,
)


def sections_of(raw: str) -> tuple[tuple[int, str], ...]:
    """Where each numbered top-level section of a reference text begins, in tokens, with its label.

    Only the chain 1, 2, 3, ... counts, so a numbered list inside a section is not taken for sections."""
    found: list[tuple[int, str]] = []
    expected = 1
    for m in _HEADING.finditer(raw):
        number = int(m.group(1))
        if number != expected:
            continue
        title = " ".join(m.group(2).split()[:8]).strip(" :–—-")
        found.append((len(tokens(raw[: m.start()])), f"§{number}" + (f" {title}" if title else "")))
        expected += 1
    return tuple(found) if len(found) >= 2 else ()


def _fingerprint(root: Path) -> str:
    # The run file holds ints in the machine's byte order, and the hash of a run is Python's.
    digest = hashlib.sha256(f"{INDEX_FORMAT}:{sys.version}:{sys.byteorder}".encode())
    for module in ("normalise.py", "index.py", "prose.py", "runs.py"):
        digest.update(Path(__file__).with_name(module).read_bytes())
    for path in sorted(root.glob("*.yaml")) + sorted((root / "texts").glob("*")):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _to_plain(index: Index) -> bytes:
    refs = [_reference_fields(r) for r in index.references]
    return json.dumps([refs, index.vocabulary, index.names, index.kinds, index.urls]).encode("utf-8")


def _from_plain(data: bytes) -> Index:
    refs, vocabulary, names, kinds, urls = json.loads(data)
    references = [
        Reference(
            key,
            version,
            file,
            kind,
            tuple(segments),
            n_tokens,
            n_shingles,
            tuple(anchors),
            min_chars,
            tuple(optional),
            tuple(title),
            tuple(own_names),
            tuple((position, heading) for position, heading in sections),
        )
        for (
            key,
            version,
            file,
            kind,
            segments,
            n_tokens,
            n_shingles,
            anchors,
            min_chars,
            optional,
            title,
            own_names,
            sections,
        ) in refs
    ]
    return Index(references=references, vocabulary=vocabulary, names=_names_from_json(names), kinds=kinds, urls=urls)


def _names_from_json(node: dict[str, Any]) -> dict[str, Any]:
    """The name trie as built: JSON turned each phrase end's (key, standalone, id-like) into a list."""
    return {word: tuple(value) if word == "" else _names_from_json(value) for word, value in node.items()}


# What a cache file that is not the shape written gives when read: then the index is built again.
_BAD_CACHE = (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


def load_index(root: Path | None = None) -> Index:
    """The index for the database at root: from the on-disk cache when it is current, else built and cached."""
    from licscan.paths import data_dir, private_cache_dir, write_cache

    root = root or data_dir("licenses")
    folder = private_cache_dir()

    def build() -> Index:
        from licscan.database import load_database

        return build_index(load_database(root))

    if folder is None:
        return build()  # no folder only this user can write: no cache
    base = folder / f"index-{_fingerprint(root)}"
    core, runs = base.with_suffix(".json"), base.with_suffix(".runs")

    def rebuild() -> Index:
        index = build()
        write_cache(runs, index.runs.to_bytes())
        write_cache(core, _to_plain(index))
        return index

    try:
        if runs.exists():
            index = _from_plain(core.read_bytes())
            count = len(index.references)

            def read_runs() -> Runs:
                try:
                    return Runs.from_bytes(runs.read_bytes(), count)
                except _BAD_CACHE:
                    # The second file went missing or bad since the first was read: build both again.
                    return rebuild().runs

            index.read_runs = read_runs
            return index
    except _BAD_CACHE:
        pass
    return rebuild()
