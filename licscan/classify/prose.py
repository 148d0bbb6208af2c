"""Read license statements in prose: which license a sentence states, for what, and whether it is changed."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

from licscan.classify.normalise import drop_elements, phrase_tokens
from licscan.sources.frontmatter import card_body
from licscan.urls import split_url

# A name alone is no statement ("We compare against Llama 3.1", "the BSD-licenced compiler"). A statement needs
# words that grant or bind ("licensed under", "subject to", "License: X"), a license section of a card, or a line
# that is nothing but a license's name or URL.

# "page": the web page or site the sentence stands on ("Content is licensed under CC BY 4.0 per the Site Policies").
Scope = Literal["weights", "code", "data", "outputs", "model", "page"]


@dataclass(frozen=True)
class Statement:
    """One license that one sentence states."""

    # The database key; None when the sentence names a license that licscan does not know.
    license: str | None
    # The words that name it, as written.
    name: str
    # What the sentence licenses: "model" when it does not say (a card's license is the model's).
    scope: Scope
    # "a modified X", "a variant of X", "based on X": a changed license, not X itself.
    modified: bool
    # The sentence, for the finding to quote.
    sentence: str

    @property
    def binds_weights(self) -> bool:
        return self.scope in ("weights", "model")


# --- Preparing the text ------------------------------------------------------------------------------------

_FENCE = re.compile(r"[ \t]*(```|~~~)")
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|tr|td|th|table|section|blockquote|pre)\b[^<>]{0,400}>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,400}>")
_HREF = re.compile(r"""<a\s[^<>]*?href=["']([^"']{1,500})["'][^<>]*>""", re.I)
# A Markdown link keeps its text and its target: "[Llama 2 License](https://...)" names the license twice.
_MD_LINK = re.compile(r"!?\[([^\]]{0,300})\]\(\s*<?([^)\s>]{0,500})>?(?:\s+\"[^\"]*\")?\s*\)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"“”]*[^\s<>()\[\]\"“”.,;:!?'’*]", re.I)
_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|\*\*|__)?(.*?)(?:\*\*|__)?[ \t]*:?[ \t]*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]?\s+(?=[A-Z\"“(\[*])")
# Where one sentence licenses two things: "The code is Apache-2.0, while the weights are under X".
_CLAUSE_BREAK = re.compile(
    r";|,?\s+(?:while|whereas|but|however|although)\s+|,\s+and\s+(?=(?:the\s+|all\s+|our\s+)?(?:model|weights|code|"
    r"data|dataset|outputs?|checkpoints?)\b)|\s+and\s+(?=(?:the\s+|all\s+)?(?:model\s+weights|weights|code|data|"
    r"dataset|outputs?)\s+(?:are|is)\b)",
    re.I,
)
# "version 2 of the GNU General Public License" says "GNU General Public License version 2".
_VERSION_OF = re.compile(
    r"\bversion\s+(\d+(?:\.\d+)*)\s+of\s+(?:the\s+)?((?:[A-Z][\w-]*\s+){0,6}(?:License|Licence))", re.I
)
# A capitalised name that ends like a license: "Community License for Baichuan2 Model", "Mitsua Open RAIL-M
# License", "License of LLaMA". Whether licscan knows it is decided by the known names inside it.
_LICENSE_PHRASE = re.compile(
    r"(?:(?:(?:[A-Z0-9][\w.+\-]*|&)\s+){0,7}(?:License|Licence|LICENSE|LICENCE|Agreement|AGREEMENT|Licensing)\b"
    r"|(?:[A-Z][\w.+\-]*\s+){1,7}licen[cs]e\b)"
    r"(?:\s+(?:Agreement|AGREEMENT))?"
    r"(?:\s+(?:for|of)\s+(?:the\s+)?(?:[A-Z0-9][\w.+\-]*)(?:\s+[A-Z0-9][\w.+\-]*){0,3})?"
)

# The words a license-like name ends in (as tokens): a clause without one names no license of its own.
_NAME_ENDS = frozenset({"license", "agreement", "licensing"})

# --- Words that make a name a statement --------------------------------------------------------------------

# Each cue ends where the stated license's name may begin.
_CUES = re.compile(
    r"\b(?:licensed(?: \w+){0,5}? (?:under|as|with)|(?:released|available|distributed|provided|published|shared|"
    r"offered|made available|open sourced|opensourced|dual licensed|licensed) under|governed by|covered by|"
    r"bound by|subject to|under the terms(?: and conditions)? of|terms(?: and conditions)? of|adherence to|"
    r"adhere to|comply with|complies with|compliance with|in accordance with|(?:used|use) according to|"
    r"licen[sc]e(?: agreement)? (?:for|of)|"
    r"licensing agreement (?:for|of)|agreement for)\b"
)
# Words that state a license only before a name that says it is one ("uses the Apache 2.0 license", not "uses the
# Llama 3.1 tokenizer"; "is under CC BY 4.0", not "under the Llama 3.1 architecture").
_WEAK_CUES = re.compile(
    r"\b(?:follows?|uses?(?: the)?|is under|are under|falls? under|under|licen[sc]e(?: \w+){0,4}? (?:is|are)|"
    r"licen[sc]ed)\b"
)
# The name must start this close after the cue (in words).
_CUE_REACH = 8
_NEGATION = frozenset({"not", "no", "never", "nor", "previously", "formerly", "originally", "unlike", "except"})
# Words a line that only names a license may also hold: "Unlicense (see http://unlicense.org/)".
_ALONE_OK = frozenset({"see", "at", "here", "details", "file", "spdx", "identifier", "id", "type", "full", "text"})
_LICENSE_WORDS = frozenset({"license", "licenses", "licensing", "licence", "terms"})
_SECTION_WORDS = frozenset({"license", "licence", "licensing", "licenses", "terms", "use", "of", "and", "the", "model"})
_MODIFIERS = frozenset(
    {
        "modified", "modification", "variant", "based", "derived", "adapted", "customized", "customised", "inspired",
        "similar", "fork", "forked", "amended", "altered", "adaptation", "derivative", "changed", "version",
    }
)  # fmt: skip
# What may stand between a modifier and the name it qualifies: "a modified version of the X", "based on X".
_CONNECTORS = frozenset({"of", "on", "from", "the", "a", "an", "version", "form", "to", "by", "upon", "s"})
# Words a license's name may carry beside the words of a known name: "the Meta Llama 3 Community License".
_FILLER = frozenset(
    {
        "the", "a", "an", "this", "our", "its", "license", "licence", "licenses", "licensing", "agreement", "terms",
        "of", "use", "for", "and", "community", "model", "models", "weights", "version", "v", "open", "source",
        "public", "software", "international", "meta", "google", "stability", "stabilityai", "ai", "alibaba",
        "cloud", "microsoft", "nvidia", "apple", "tencent", "mistral", "deepseek", "bigscience", "bigcode", "black",
        "forest", "labs", "xai", "lg", "naver", "ibm", "inc", "ltd", "llc", "gnu", "fsf", "free", "official",
    }
)  # fmt: skip
_SCOPES: dict[str, Scope] = {
    **dict.fromkeys(["weights", "weight", "checkpoint", "checkpoints", "parameters", "model", "models", "lora",
                     "adapter", "adapters", "gguf", "quantization", "quantizations"], "weights"),
    **dict.fromkeys(["code", "source", "scripts", "script", "software", "codebase", "implementation", "library",
                     "toolkit"], "code"),
    **dict.fromkeys(["data", "dataset", "datasets", "corpus", "annotations", "benchmark"], "data"),
    **dict.fromkeys(["outputs", "output", "generations", "generated", "images", "content", "samples"], "outputs"),
}  # fmt: skip
# "repository" says nothing about what in it: the whole model.
_SCOPES["repository"] = "model"
# A site's footer licenses the site's pages, not a model.
_SCOPES.update(dict.fromkeys(["page", "pages", "site", "website", "webpage"], "page"))


@dataclass(frozen=True)
class FoundName:
    start: int
    end: int
    key: str | None
    standalone: bool
    spdx: bool
    text: str


def _lines(text: str) -> list[tuple[str, bool | None]]:
    """The text's lines, each with whether it stands in a license section (None: before any heading)."""
    text = card_body(text)  # also makes every line end LF
    text = _without_code(text)
    if "<" in text:
        text = drop_elements(text)
        text = _HREF.sub(lambda m: f" {m.group(1)} ", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub(" ", text)
    text = _MD_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    out: list[tuple[str, bool | None]] = []
    in_section: bool | None = None
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        heading = line.startswith("#") or (line.startswith(("**", "__")) and line.rstrip(":").endswith(("**", "__")))
        if heading:
            title = _HEADING.match(line)
            words = phrase_tokens(_URL.sub(" ", title.group(1) if title else line))
            named = bool(words) and len(words) <= 5 and bool(_LICENSE_WORDS.intersection(words))
            in_section = named and set(words) <= _SECTION_WORDS | _LICENSE_WORDS
        out.append((line.replace("**", "").replace("__", "").replace("`", ""), in_section))
    return out


def license_lines(text: str, sentences: Iterable[str]) -> str:
    """The lines of a card that speak to its license: those in a license section, and those that hold one of the
    sentences (a statement outside such a section)."""
    said = [" ".join(s.split()) for s in sentences]
    return "\n".join(
        line for line, in_section in _lines(text) if in_section or any(x and x in " ".join(line.split()) for x in said)
    )


def _without_code(text: str) -> str:
    """The text without its fenced code blocks; a fence never closed hides nothing."""
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] | None = None
    fence = ""
    for line in lines:
        m = _FENCE.match(line)
        if block is None:
            if m:
                block, fence = [line], m.group(1)
            else:
                out.append(line)
        else:
            block.append(line)
            if m and m.group(1) == fence:
                block = None
    if block is not None:
        out += block
    return "\n".join(out)


def _url_keys(clause: str, urls: dict[str, str], trie: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, url) for each URL in the clause that is a license's page."""
    found = []
    for m in _URL.finditer(clause):
        key = url_key(m.group(0), urls, trie)
        if key:
            found.append((key, m.group(0)))
    return found


def url_form(url: str) -> str:
    """A URL as compared: host without www, path without case, trailing slash, `legalcode` or file suffix."""
    parts = split_url(url if "://" in url else "https://" + url)
    if parts is None:
        return url.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = unquote(parts.path).lower().rstrip("/")
    path = re.sub(r"/(?:legalcode(?:\.\w+)?|deed\.\w+|index\.html?)$", "", path)
    path = re.sub(r"\.(?:html?|txt|md|php)$", "", path)
    # gnu.org's translations: gpl-2.0.en, gpl-3.0.de.
    path = re.sub(r"(?<=\d)\.[a-z]{2}(?:-[a-z]{2})?$", "", path)
    return f"{host}{path}"


# License pages whose address names no license: Meta's Llama 2 pages predate its per-version URLs.
_PAGES = {
    "ai.meta.com/llama/license": "llama2",
    "ai.meta.com/resources/models-and-libraries/llama-downloads": "llama2",
    "llama.meta.com/llama2/license": "llama2",
}


def url_key(url: str, urls: dict[str, str], trie: dict[str, Any]) -> str | None:
    """The license a URL names: a license's own page, a Creative Commons deed, or an id in its path."""
    form = url_form(url)
    if form in urls:
        return urls[form]
    if form in _PAGES and lookup(phrase_tokens(_PAGES[form]), trie) == _PAGES[form]:
        return _PAGES[form]
    host, _, path = form.partition("/")
    segments = [s for s in path.split("/") if s]
    if host == "creativecommons.org" and len(segments) >= 3 and segments[0] == "licenses":
        return lookup(["cc", *phrase_tokens(segments[1]), *phrase_tokens(segments[2])], trie)
    if host == "creativecommons.org" and segments[:2] == ["publicdomain", "zero"]:
        return lookup(["cc0", *phrase_tokens(segments[2] if len(segments) > 2 else "1.0")], trie)
    # llama.com/llama3_1/license, opensource.org/licenses/MIT, gnu.org/licenses/gpl-3.0, apache.org/licenses/LICENSE-2.0
    for at, segment in reversed(list(enumerate(segments))):
        words = phrase_tokens(segment.replace("_", "."))
        if words and all(w.isdigit() for w in words) and at > 0:
            # mozilla.org/MPL/2.0/: a version names the license with the segment before it.
            words = [*phrase_tokens(segments[at - 1]), *words]
        if not words or words[0] in ("license", "licenses", "legal", "terms", "use", "policy"):
            if words[:1] == ["license"] and len(words) > 1 and words[1].isdigit():
                label = host.split(".")[-2] if "." in host else host
                return lookup([label, *words[1:]], trie)
            continue
        return lookup(words, trie)
    label = host.split(".")[-2] if host.count(".") >= 1 else host
    return lookup(phrase_tokens(label), trie)


def lookup(words: list[str], trie: dict[str, Any]) -> str | None:
    """The key of exactly this name, if the trie holds it."""
    node = trie
    for w in words:
        if w not in node:
            return None
        node = node[w]
    entry = node.get("")
    return entry[0] if entry else None


def names_in(words: list[str], trie: dict[str, Any]) -> list[FoundName]:
    """Every known license name in the words, longest first at each position; a cut-short version is none."""
    found = []
    i = 0
    while i < len(words):
        node = trie
        best = None
        j = i
        while j < len(words) and words[j] in node:
            node = node[words[j]]
            j += 1
            if "" in node:
                best = (j, node[""])
        if best is None:
            i += 1
            continue
        end, value = best
        # "llama 3" at "llama 3 1 ..." is a version cut short, not a name.
        if end < len(words) and words[end - 1].isdigit() and words[end].isdigit():
            i += 1
            continue
        found.append(FoundName(i, end, value[0], value[1], len(value) > 2 and value[2], " ".join(words[i:end])))
        i = end
    return found


def _unknown_names(clause: str, words: list[str], known: list[FoundName]) -> list[FoundName]:
    """License-like names in the clause that no known name accounts for."""
    out: list[FoundName] = []
    if not any(w in _NAME_ENDS for w in words):
        return out
    onward = 0
    for m in _LICENSE_PHRASE.finditer(clause):
        phrase = phrase_tokens(m.group(0))
        if not phrase:
            continue
        start = _find(words, phrase, onward)
        if start < 0:
            continue
        onward = start + 1
        end = start + len(phrase)
        inside = [n for n in known if n.start < end and n.end > start]
        if any(n.start <= start for n in inside):
            continue  # the phrase is (the tail of) a known name: "the FLUX.1 [dev] Non-Commercial License"
        covered = {i for n in inside for i in range(n.start, n.end)}
        extra = [w for i, w in enumerate(words[start:end], start) if i not in covered and w not in _FILLER]
        extra = [w for w in extra if not w.isdigit()]
        if extra:
            out.append(FoundName(start, end, None, True, False, m.group(0).strip()))
    return out


def _counts(word: str) -> bool:
    """Whether a word says something beside a license's name (not a filler, a number or a pointer like "see")."""
    return word not in _FILLER and word not in _ALONE_OK and not word.isdigit()


def _qualified(words: list[str], start: int, end: int) -> bool:
    """Whether a modifier qualifies the name at start..end: "a modified X", "a variant of X", "X (modified)", or
    words after it narrow it: "X with additional restrictions", "X with the Commons Clause", "X, except for
    commercial use"."""
    for k in range(start - 1, max(-1, start - 6), -1):
        if words[k] in _MODIFIERS and words[k] != "version":
            return True
        if words[k] not in _CONNECTORS:
            break
    if any(w in _MODIFIERS and w != "version" for w in words[end : end + 1]):
        return True
    return not _NARROWING.isdisjoint(words[end : end + _NARROWING_REACH])


# Words after a license's name that make the license stated another one: X with more terms, or X less some of it.
_NARROWING = frozenset(
    {
        "except", "excluding", "exception", "exceptions", "additional", "supplemental", "supplementary", "rider",
        "addendum", "commons", "restriction", "restrictions", "restricted", "amendments", "notwithstanding",
    }
)  # fmt: skip
_NARROWING_REACH = 8


def _find(words: list[str], phrase: list[str], start: int = 0) -> int:
    n = len(phrase)
    for i in range(start, len(words) - n + 1):
        if words[i : i + n] == phrase:
            return i
    return -1


def _scope(words: list[str], start: int, at: int, end: int) -> list[Scope]:
    """What a name at `at` licenses: the things the clause's subject (from `start` to the name) names, else the
    things named after it ("under MIT for the code"), else the model. "Model" alone is the weights; beside a
    stronger word it only qualifies it ("the model code", "images generated with this model"), as "repository"
    does ("the source code in this repository"). A sentence about a web site ("Content is licensed under CC BY 4.0
    per the Site Policies") licenses the site's pages, wherever it says so."""
    if any(_SCOPES.get(w) == "page" for w in words[start:end]):
        return ["page"]
    for span in (range(start, at), range(at, end)):
        found: list[Scope] = []
        for i in span:
            scope = _SCOPES.get(words[i])
            if scope is None or scope in found:
                continue
            if words[i] in ("model", "models") and any(
                _SCOPES.get(w) not in (None, "weights") for w in words[span.start : span.stop]
            ):
                continue
            if scope == "model" and any(_SCOPES.get(w) not in (None, "model") for w in words[span.start : span.stop]):
                continue
            found.append(scope)
        if found:
            return found
    return ["model"]


def _cue_ends(joined: str, offsets: list[int], pattern: re.Pattern[str]) -> list[int]:
    """Word positions where a statement cue ends."""
    ends = []
    for m in pattern.finditer(joined):
        # The word index just past the cue.
        at = bisect_left(offsets, m.end())
        before = joined[: m.start()].split()[-4:]
        if _NEGATION.intersection(before):
            continue
        ends.append(at)
    return ends


def statements(
    text: str, trie: dict[str, Any], urls: dict[str, str], families: frozenset[str] = frozenset()
) -> tuple[Statement, ...]:
    """The license statements of a text, in order, each once per scope.

    A family's name ("the GPL", "a Creative Commons license") names no license: its statement is of an unknown one.
    """
    out: list[Statement] = []
    for line, in_section in _lines(text):
        for sentence in _SENTENCE_END.split(line):
            sentence = _VERSION_OF.sub(lambda m: f"{m.group(2)} version {m.group(1)}", sentence)
            for clause in _CLAUSE_BREAK.split(sentence):
                for piece in _pieces(clause):
                    found = _clause_statements(piece, sentence, in_section, trie, urls)
                    out.extend(dataclasses.replace(s, license=None) if s.license in families else s for s in found)
    seen: set[tuple[str | None, str, Scope, bool]] = set()
    unique = []
    for s in out:
        mark = (s.license, s.name if s.license is None else "", s.scope, s.modified)
        if mark not in seen:
            seen.add(mark)
            unique.append(s)
    return tuple(unique)


# No sentence a reader weighs runs longer than this; a longer run (a list without stops, a broken file) is read in
# pieces of this size, so that the reader's time stays linear in the text.
_MAX_CLAUSE = 1200


def _pieces(clause: str) -> list[str]:
    if len(clause) <= _MAX_CLAUSE:
        return [clause]
    parts = [p for p in re.split(r"(?<=,) ", clause) if p]
    out: list[str] = []
    for part in parts:
        if out and len(out[-1]) + len(part) < _MAX_CLAUSE:
            out[-1] += " " + part
        else:
            out += [part[i : i + _MAX_CLAUSE] for i in range(0, len(part), _MAX_CLAUSE)]
    return out


def _clause_statements(
    clause: str, sentence: str, in_section: bool | None, trie: dict[str, Any], urls: dict[str, str]
) -> list[Statement]:
    if not clause.strip():
        return []
    by_url = _url_keys(clause, urls, trie)
    plain = _URL.sub(" ", clause)
    words = phrase_tokens(plain)
    known = names_in(words, trie)
    unknown = _unknown_names(plain, words, known)
    # A known name that an unknown one starts before ("Mitsua Open RAIL-M License") is part of that other name.
    known = [n for n in known if not any(u.start < n.start < u.end for u in unknown)]
    names = sorted(known + unknown, key=lambda n: n.start)
    if not names and not by_url:
        return []
    offsets, pos = [], 0
    for w in words:
        pos += len(w) + 1
        offsets.append(pos - 1)
    joined = " ".join(words)
    cues = _cue_ends(joined, offsets, _CUES)
    weak_cues = _cue_ends(joined, offsets, _WEAK_CUES)
    heading_like = bool(words) and (
        words[0] in ("license", "licence", "licensing", "licenses")
        or (words[0] in _SCOPES and re.match(r"\W*\w+\W*:", plain) is not None)
    )
    rest = [w for w in words if _counts(w)]
    out: list[Statement] = []
    stated_end = -10
    subject = 0
    for n in names:
        after_cue = any(0 <= n.start - c <= _CUE_REACH for c in cues) or (
            (n.standalone or n.spdx or n.key is None) and any(0 <= n.start - c <= _CUE_REACH for c in weak_cues)
        )
        # "The Llama 3.2 Community License applies to ...": the name is the subject.
        applies = any(w in ("applies", "apply", "governs", "govern", "applicable") for w in words[n.end : n.end + 2])
        between = words[max(stated_end, 0) : n.start]
        chained = 0 <= n.start - stated_end <= 2 and all(w in ("and", "or", "the", "a") for w in between)
        # A line that is nothing but the name: a title, a NOTICE line, a table cell outside the card's sections.
        alone = (
            (n.standalone or n.spdx)
            and in_section is not False
            and len(rest) == sum(1 for w in words[n.start : n.end] if _counts(w))
        )
        section = bool(in_section) and (n.standalone or n.spdx or n.key is None)
        # "License: Qwen": after the word License, any license's name is the license.
        listed = heading_like and (n.standalone or n.spdx or n.key is None or words[0] in _LICENSE_WORDS)
        if not (after_cue or applies or chained or alone or section or listed):
            continue
        modified = _qualified(words, n.start, n.end)
        where = (n.end, n.end) if applies else (subject, n.start)
        for scope in _scope(words, *where, len(words)):
            out.append(Statement(n.key, n.text, scope, modified, sentence.strip()))
        stated_end = subject = n.end
    if by_url and (cues or weak_cues or heading_like or in_section or len(rest) <= 2 or out):
        for key, url in by_url:
            # Where the address stood is not known: any modifier in the clause makes it a changed license.
            modified = any(w in _MODIFIERS and w != "version" for w in words)
            for scope in _scope(words, 0, len(words), len(words)):
                out.append(Statement(key, url, scope, modified, sentence.strip()))
    return out
