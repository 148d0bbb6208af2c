"""Text normalisation after the SPDX License Matching Guidelines: what may differ between two copies of a license."""

from __future__ import annotations

import re
import unicodedata

# SPDX equivalent words (spdx/license-list-XML equivalentwords.txt), the ones that occur in model licenses.
VARIETAL = {
    "acknowledgment": "acknowledgement",
    "analogue": "analog",
    "analyse": "analyze",
    "artefact": "artifact",
    "authorisation": "authorization",
    "authorised": "authorized",
    "calibre": "caliber",
    "cancelled": "canceled",
    "capitalisations": "capitalizations",
    "catalogue": "catalog",
    "categorise": "categorize",
    "centre": "center",
    "emphasised": "emphasized",
    "favour": "favor",
    "favourite": "favorite",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "initialise": "initialize",
    "judgment": "judgement",
    "labelling": "labeling",
    "labour": "labor",
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "maximise": "maximize",
    "modelled": "modeled",
    "modelling": "modeling",
    "offence": "offense",
    "optimise": "optimize",
    "organisation": "organization",
    "organisations": "organizations",
    "organise": "organize",
    "practise": "practice",
    "programme": "program",
    "realise": "realize",
    "recognise": "recognize",
    "signalling": "signaling",
    "utilisation": "utilization",
    "whilst": "while",
    "wilful": "willful",
    "non-commercial": "noncommercial",
    "per cent": "percent",
    "copyright holder": "copyright owner",
    "sub-license": "sublicense",
}
_SINGLE_VARIETAL = {k: v for k, v in VARIETAL.items() if re.fullmatch(r"[a-z]+", k) and re.fullmatch(r"[a-z]+", v)}
# The entries of several words ("sub-license", "copyright holder"), as word runs: each run is folded to its
# equivalent wherever it stands, on both sides of a comparison.
_PHRASE_VARIETAL = {
    tuple(re.findall(r"[a-z]+", k)): re.findall(r"[a-z]+", v) for k, v in VARIETAL.items() if k not in _SINGLE_VARIETAL
}
_PHRASE_FIRST = frozenset(k[0] for k in _PHRASE_VARIETAL)
_SINGLE_KEYS = frozenset(_SINGLE_VARIETAL)

# Parts of an HTML page that are no text of the document: comments, the head, scripts, styles, the doctype.
_NON_TEXT_OPEN = re.compile(r"<!--|<(head|script|style)\b[^<>]{0,400}>", re.I)
_DOCTYPE = re.compile(r"<![a-zA-Z][^<>]{0,400}>")
_CLOSING = {close: re.compile(re.escape(close), re.I) for close in ("-->", "</head", "</script", "</style")}
# Block elements end a paragraph, as a blank line does in plain text.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|tr|td|th|table|section|article|blockquote|pre|body|html|dl|dt|dd)\b"
    r"[^<>]{0,400}>",
    re.I,
)
# Inline tags, and the placeholders of a template text ("<year>", "<name of author>"), which read the same.
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,400}>")
_MD_LINK = re.compile(r"!?\[([^\]]{0,300})\]\(\s*[^)\s]{0,500}(?:\s+\"[^\"]*\")?\s*\)")
# A URL, without the sentence's full stop or comma after it.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"“”]*[^\s<>()\[\]\"“”.,;:!?'’]")
# Markdown line markup: headings, block quotes, table rules. Bullets and emphasis are removed anywhere below.
_MD_LINE = re.compile(r"^[ \t]*(?:(?:#{1,6}(?=[ \t])|>)[ \t]*)+|^[ \t]*(?:=+|-{3,})[ \t]*$", re.M)
# A list bullet standing alone, wherever wrapping put it.
_BULLET = re.compile(r"([ \t\n])[-+•●◦▪‣·○■□➢►✓](?=[ \t\n])")
# A copyright notice: the mark, then the holder: years, names (capitalised words, "xAI"), placeholders, "and",
# "by", up to a name that ends in a full stop ("Inc."), never past the paragraph. Every copy has its own notice,
# so the notice is no part of the license (SPDX guideline 11). Only name-like words go: a clause after the
# notice ("Copyright 2024 Acme" + "you may not ...") is kept, so that a change to it is seen.
_HOLDER_WORDS = r"and|&|by|the|of|its|contributors|authors|affiliates|or"
# A capitalised word followed by a lowercase word that is no holder word starts a sentence ("Permission is hereby
# granted" run straight after the notice), and so is no part of the holder's name.
_HOLDER = (
    rf"(?:(?:\d{{4}}(?:\s*[-–,]\s*\d{{4}})*|(?:[A-Z][\w&'’-]*|[a-z]+[A-Z][\w&'’-]*)(?![\w&'’-])"
    rf"(?![ \t]+(?!(?:{_HOLDER_WORDS})(?![\w&'’-]))[a-z])|{_HOLDER_WORDS})(?![\w&'’-])"
    r"|<[^<>\n]{0,60}>|\[[^\]\n]{0,60}\]|\([^()\n]{0,60}\))"
)
# Run on text with one paragraph per line: a notice never reaches into the next paragraph. Holder words stand
# apart (at least one space or comma between them), so that no word can be read as several and matching stays
# linear.
_SEP = r"[ \t,]*"
_GAP = r"[ \t,]+"
_COPYRIGHT = re.compile(
    rf"(?:(?i:copyright){_SEP}(?:\([cC]\)|©|(?=\d{{4}}))|\([cC]\){_SEP}(?=\d{{4}})|©)"
    rf"(?:{_SEP}{_HOLDER}(?:{_GAP}{_HOLDER}){{0,23}})?(?:{_SEP}{_HOLDER}\.)?"
)
_ALL_RIGHTS = re.compile(r"all\s+rights\s+reserved\b\.?")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n\s*")
# "Copyright Stability AI Ltd.", "Copyright [yyyy] [name of copyright owner]": a notice without a mark, a paragraph
# of its own and of name-like words only ("Copyright in the outputs belongs to you" is a clause, and stays).
_COPYRIGHT_LINE = re.compile(rf"^[ \t]*(?i:copyright)(?:{_GAP}{_HOLDER}){{1,24}}(?:{_SEP}\.)?[ \t]*$", re.M)
# List markers and enumerators where a list item starts: at a paragraph's start or after a sentence's end, so
# that the result is the same however the lines were wrapped. "1.", "a)", "(iv)", "iv.", "3.2", repeated.
_ENUM = (
    r"(?:\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxlc]{1,6})[.)]|\d{1,3}(?:\.\d{1,3})+(?= [a-z“\"])"
    r"|\((?:[a-z]|[ivxlc]{1,6}|\d{1,3})\))"
)
_START_ENUM = re.compile(r"(\n|[.:;!?][\"”’)\]]? )(?:" + _ENUM + r" )+")
# Enumerators that stand anywhere: a lone "a." or "(iv)". Dropped on both sides, so renumbering is harmless. A
# number is an enumerator only where an item starts (above): "at least 18. You" keeps its 18.
_MID_ENUM = re.compile(r"[ \n]\(?(?:[a-z]|[ivx]{1,5})[.)](?=[ \n])")
_INLINE_ENUM = re.compile(r"\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)")
_WORD = re.compile(r"[a-z]+|\d+")
_DASHES = "‐‑‒–—―−﹘﹣－"


def drop_elements(text: str) -> str:
    """The text without its HTML comments and head, script and style elements, in time linear in the text.

    An element that is never closed is left as it is (its tags go with the other tags), and once one closing
    tag is missing no later one is looked for again.
    """
    out: list[str] = []
    pos = 0
    missing: set[str] = set()
    while (m := _NON_TEXT_OPEN.search(text, pos)) is not None:
        close = "-->" if m.group(0) == "<!--" else f"</{m.group(1).lower()}"
        found = None if close in missing else _CLOSING[close].search(text, m.end())
        end = found.start() if found else -1
        if end < 0:
            missing.add(close)
            out.append(text[pos : m.end()])
            pos = m.end()
            continue
        out.append(text[pos : m.start()] + " ")
        stop = text.find(">", end)
        pos = len(text) if stop < 0 else stop + 1
    out.append(text[pos:])
    return "".join(out)


def _paragraph_lines(text: str) -> str:
    """One paragraph per line, its words joined by single spaces."""
    text = " ".join(_PARAGRAPH_BREAK.sub("\x00", text).split())
    return text.replace(" \x00 ", "\n").replace("\x00 ", "\n").replace(" \x00", "\n").replace("\x00", "\n")


def _keep_stop(m: re.Match[str]) -> str:
    # A notice that ended a sentence leaves the sentence's end: an item numbered after it still starts an item.
    return " ." if m.group(0).endswith(".") else " "


def clean(text: str) -> str:
    """Strip markup and the parts of a text that copies legitimately change, keeping its words.

    The result is one paragraph per line, each line's words joined by single spaces: how a copy was wrapped,
    marked up (Markdown, HTML) or numbered never changes it. Each step runs only where its marks occur.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        for dash in _DASHES:
            if dash in text:
                text = text.replace(dash, "-")
    if "<" in text:
        text = drop_elements(text)
        text = _DOCTYPE.sub(" ", text)
        text = _BLOCK_TAG.sub("\n\n", text)
        text = _HTML_TAG.sub(" ", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "&" in text:
        import html  # only a document with entities pays for html's tables

        text = html.unescape(text)
        if "<" in text:
            text = _HTML_TAG.sub(" ", text)
    if "#" in text or ">" in text or "==" in text or "---" in text:
        text = _MD_LINE.sub(" ", text)
    # Emphasis and code marks: "**1. Definitions**" is "1. Definitions".
    text = text.replace("*", "").replace("`", "").replace("__", "")
    text = _BULLET.sub(r"\1", text)
    # A leading and a trailing line end let the patterns below see the text's start and end as a paragraph's.
    text = "\n" + _paragraph_lines(text) + "\n"
    if "©" in text or "opyright" in text or "OPYRIGHT" in text or "(c)" in text or "(C)" in text:
        text = _COPYRIGHT.sub(_keep_stop, text)
        text = _COPYRIGHT_LINE.sub(" ", text)
    # From here on case does not matter: every pattern below reads lowercase text.
    text = text.lower()
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "reserved" in text:
        text = _ALL_RIGHTS.sub(_keep_stop, text)
    text = _START_ENUM.sub(r"\1", text)
    text = _MID_ENUM.sub(" ", text)
    if "(" in text:
        text = _INLINE_ENUM.sub(" ", text)
    return text


def _fold(words: list[str]) -> list[str]:
    """Varietal spellings folded: single words by the table, runs of words where their first word occurs."""
    if not _SINGLE_KEYS.isdisjoint(words):
        words = [_SINGLE_VARIETAL.get(w, w) for w in words]
    if _PHRASE_FIRST.isdisjoint(words):
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in _PHRASE_FIRST:
            pair = (words[i], words[i + 1]) if i + 1 < len(words) else None
            if pair in _PHRASE_VARIETAL:
                out += _PHRASE_VARIETAL[pair]
                i += 2
                continue
        out.append(words[i])
        i += 1
    return out


def lines_of(cleaned: str) -> list[list[str]]:
    """The comparable words of a cleaned text, paragraph by paragraph (one cleaned line each)."""
    return [_fold(_WORD.findall(line)) for line in cleaned.replace("+", " plus ").split("\n")]


# A section number that re-wrapping left in the middle of a line ("December 6, 2024 1. Definitions"): where an item
# starts, `clean` drops it, but not after a word, where it may be a number of the text ("at least 18. You").
_NUMBERED = ("section", "sections", "and", "or", "of", "to", "paragraph", "clause", "article", "than", "least", "at")
_MID_NUMBER = re.compile(
    # The cheap test first: a space and a digit; then the words it may not follow.
    r"(?<=[^\d.\n])(?= \d)"
    + "".join(f"(?<!\\b{w})" for w in _NUMBERED)
    + r"(?: \d{1,2}(?:\.\d{1,2})*\.(?= [a-z\"“(;])"
    + r"| \d{1,2}(?:\.\d{1,2})+(?= [a-z\"“(]))"
)


def without_mid_numbers(cleaned: str) -> str | None:
    """The cleaned text without the numbers that may be section numbers in mid-line; None when it has none.

    Only a copy is read this way, never a reference: a reference's "18." stays, so a copy that changes it to "21."
    still differs.
    """
    dropped = _MID_NUMBER.sub("", cleaned)
    return dropped if dropped != cleaned else None


def tokens(text: str) -> list[str]:
    """The comparable words of a text: lowercase letters and digit runs, varietal spellings folded."""
    return _fold(_WORD.findall(clean(text).replace("+", " plus ")))


def phrase_tokens(phrase: str) -> list[str]:
    """Tokens of a short phrase (a license name or a replaceable field), without line-level cleaning."""
    folded = unicodedata.normalize("NFKC", phrase).lower()
    return _fold(_WORD.findall(folded.replace("+", " plus ")))
