"""What a document holds beyond the license texts found whole in it: added terms, or only what any copy may add.

A license file is the license (a web page holding it too): a sentence in it beyond the reference text is an added
term, whether before or after it. What every copy may add is no term: a title or heading, copyright and attribution
lines (already gone in normalisation), a blank template field, a line that only says where the text comes from, a
line that states a license for something else (a site's footer, the code), a passage SPDX marks optional, the text
again. In a model card the license sits inside other prose: there only a sentence that restricts the use ("for
non-commercial use only") is a term the card adds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from licscan.classify.index import TITLE_WORDS, Index, Reference
from licscan.classify.normalise import clean, lines_of

Context = Literal["file", "card"]

# Words that make a line say what may or may not be done: such a line is a term, never a heading.
DUTY_WORDS = frozenset(
    {
        "not", "no", "only", "must", "shall", "may", "prohibited", "prohibit", "prohibits", "forbidden", "except",
        "never", "nor", "cannot", "restricted", "restrict", "restriction", "restrictions", "solely", "exclusively",
        "noncommercial", "commercial", "research", "academic", "train", "training", "permitted", "allowed",
        "require", "requires", "required", "revoke", "revocable", "terminate", "limited", "evaluation", "personal",
        "without", "additional", "additionally", "however", "notwithstanding", "unless", "provided", "fee", "fees",
        "royalty", "pay", "payment", "attribution", "military", "prohibition", "subject", "condition", "exclusive",
    }
)  # fmt: skip
# A line this short without a duty word is a heading, a name, a date or a blank template field.
HEADING_WORDS = 12
# "Source: <url>", "This license is from <url>", "Retrieved from <url>": where the text comes from.
_PROVENANCE = re.compile(
    r"^(?:(?:this|the) (?:license|licence|text|file|copy|agreement) (?:is |was )?(?:taken |copied |retrieved |"
    r"downloaded |obtained |reproduced )?from|(?:source|origin|url|link)|(?:taken|copied|retrieved|downloaded|"
    r"obtained|reproduced) from|(?:see|original(?:ly)?(?: at| from)?|from))\b"
)
# In a card's prose: a sentence that restricts the use of the model, whatever the license text beside it grants.
_RESTRICTION = re.compile(
    r"\b(?:noncommercial (?:use|usage|purposes?)|not for (?:any )?commercial|no commercial (?:use|usage)|"
    r"(?:may|must|shall|can) ?not be used (?:for|in) (?:any )?commercial|commercial (?:use|usage|purposes?) "
    r"(?:is|are) (?:not permitted|prohibited|forbidden|not allowed)|(?:may|must|shall|can) ?not be used to "
    r"(?:train|improve|develop|create)|not (?:to )?(?:use|be used) \w+(?: \w+){0,8} to train|"
    r"(?:research|academic|evaluation) (?:purposes |use |usage )?only|(?:only|solely|exclusively) for "
    r"(?:noncommercial |academic |scientific )?research)\b"
)
_MAX_QUOTE_WORDS = 40
# Words quoted on each side of a restriction.
_CONTEXT_WORDS = 10


def covered_spans(refs: Sequence[Reference], padded: str, spans: dict[int, list[tuple[int, int]]]) -> list[bool]:
    """Which words of the document the whole texts (with their optional passages, wherever repeated) account for."""
    n = padded.count(" ") - 1
    covered = [False] * n
    for i, ref in enumerate(refs):
        for a, b in spans[i]:
            covered[a:b] = [True] * (b - a)
        for passage in ref.optional:
            for a, b in find_all(padded, passage):
                covered[a:b] = [True] * (b - a)
    return covered


def find_all(padded: str, needle: str) -> list[tuple[int, int]]:
    """Word spans [start, end) of every occurrence of a padded word run in the padded document."""
    out = []
    at = padded.find(needle)
    while at >= 0:
        start = padded.count(" ", 0, at)
        out.append((start, start + needle.count(" ") - 1))
        at = padded.find(needle, at + len(needle) - 1)
    return out


def added_terms(
    text: str, lines: list[list[str]], covered: list[bool], refs: Sequence[Reference], context: Context, index: Index
) -> tuple[str, ...]:
    """The document's words beyond the whole texts that are terms, each quoted as `added: “...”`."""
    title = set(TITLE_WORDS).union(*(r.title for r in refs))
    found: list[list[str]] = []
    at = 0
    for line in lines:
        if False not in covered[at : at + len(line)]:
            at += len(line)
            continue
        run: list[str] = []
        for k, word in enumerate(line):
            if not covered[at + k]:
                run.append(word)
            elif run:
                found += _judge(run, title, context, index)
                run = []
        if run:
            found += _judge(run, title, context, index)
        at += len(line)
    return tuple(f"added: “{_quoted(text, words, n)}”" for n, words in enumerate(found))


def _judge(run: list[str], title: set[str], context: Context, index: Index) -> list[list[str]]:
    """The run, when it is a term; nothing when it is what any copy may add."""
    if context == "card":
        return [run] if _RESTRICTION.search(" ".join(run)) else []
    if all(w in title or w.isdigit() for w in run):
        return []
    if DUTY_WORDS.isdisjoint(run) and (
        len(run) <= HEADING_WORDS or _PROVENANCE.match(" ".join(run)) or _licenses_something_else(run, index)
    ):
        return []
    return [run]


def _licenses_something_else(run: list[str], index: Index) -> bool:
    """Whether the words only state a license for something other than the model: a web site's footer ("Content
    is licensed under CC BY 4.0 per the Site Policies"), the code of a repository."""
    # Imported here: only a web page's or a repository's own lines need the prose reader.
    from licscan.classify.prose import statements

    found = statements(" ".join(run), index.names, index.urls)
    return bool(found) and not any(s.binds_weights for s in found)


# What a restriction limits, by the words of its match: commercial use, use beyond research, training on outputs.
RestrictionKind = Literal["commercial", "research", "training"]


def restricted(text: str) -> tuple[tuple[RestrictionKind, str], ...]:
    """The passages of a document that restrict the use of a model ("for non-commercial research use only", "may
    not be used to train other models"), each with what it limits, quoted as written."""
    spans: dict[tuple[RestrictionKind, tuple[str, ...]], None] = {}
    for words in lines_of(clean(text)):
        joined = " ".join(words)
        at = until = 0  # the word at which the last match started, counted as the line is read (never again)
        for m in _RESTRICTION.finditer(joined):
            at += joined.count(" ", until, m.start())
            until = m.start()
            span = words[max(0, at - _CONTEXT_WORDS) : at + _CONTEXT_WORDS + m.group(0).count(" ")]
            spans[(_kind(m.group(0)), tuple(span))] = None
    return tuple(dict.fromkeys((kind, _quoted(text, list(span), n)) for n, (kind, span) in enumerate(spans)))


def _kind(matched: str) -> RestrictionKind:
    if re.search(r"\b(?:train|improve|develop|create)\b", matched):
        return "training"
    if "commercial" in matched:
        return "commercial"
    return "research"


# Passages quoted as the document writes them; past this many, as their words (each quote searches the document).
_MAX_QUOTED = 20


def _quoted(text: str, words: list[str], n: int) -> str:
    """The n-th passage of a document, quoted as written while few have been; then as its words."""
    if n < _MAX_QUOTED:
        return quote(text, words)
    shown = words[:_MAX_QUOTE_WORDS]
    return " ".join(shown) + ("…" if len(words) > len(shown) else "")


def quote(text: str, words: list[str]) -> str:
    """The words as the document writes them (case, punctuation), when they can be found; else as tokens."""
    shown = words[:_MAX_QUOTE_WORDS]
    pattern = r"[\W_]+".join(re.escape(w) for w in shown)
    m = re.search(pattern, text, re.I)
    if m is None:
        # A word normalisation joined ("non-commercial" read as "noncommercial"): a hyphen may stand inside it.
        m = re.search(r"[\W_]+".join("-?".join(map(re.escape, w)) for w in shown), text, re.I)
    if m is None and len(shown) > 4:
        # A folded spelling ("non-commercial" read as "noncommercial") inside: from its first words to its last.
        head, tail = (r"[\W_]+".join(re.escape(w) for w in part) for part in (shown[:2], shown[-2:]))
        m = re.search(rf"{head}[\s\S]{{0,{8 * sum(map(len, shown))}}}?{tail}", text, re.I)
    said = " ".join(m.group(0).split()) if m else " ".join(shown)
    return said + ("…" if len(words) > len(shown) else "")
