"""Text normalisation after the SPDX License Matching Guidelines: what may differ between two copies of a license."""

from __future__ import annotations

import html
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
    "wilful": "wilfull",
    "non-commercial": "noncommercial",
    "per cent": "percent",
    "copyright holder": "copyright owner",
    "sublicense": "sub-license",
}
_SINGLE_VARIETAL = {k: v for k, v in VARIETAL.items() if re.fullmatch(r"[a-z]+", k) and re.fullmatch(r"[a-z]+", v)}

_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,400}>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\s]{0,500}(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"“”]+", re.I)
# A copyright line: "Copyright (c) 2024 X", "Copyright 2023 X", "© X", "Copyright Stability AI Ltd." - not a
# wrapped line that merely starts with the word ("copyright statement to your modifications ...").
_COPYRIGHT_LINE = re.compile(
    r"^[\s>#*_-]*(?:(?i:copyright)\s*(?:\([cC]\)|©|\d{4})|©|\([cC]\)\s*\d|(?:COPYRIGHT|Copyright)\s+[A-Z])[^\n]*$", re.M
)
_ALL_RIGHTS = re.compile(r"^\s*all rights reserved\.?\s*$", re.I | re.M)
# List markers and enumerators at the start of a line: bullets, "1.", "a)", "(iv)", "iv."; repeated.
_LINE_ENUM = re.compile(
    r"^[ \t>]*(?:(?:[-*+•●◦▪‣·]|\(?\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-z][.)]|\(?[ivxlc]{1,6}[.)]"
    r"|\([a-z0-9]{1,4}\))[ \t]+)+",
    re.I | re.M,
)
# "3.2 Use Restrictions": a dotted section number with no trailing dot, only where a new paragraph or sentence
# starts, so that a line that wrapping happens to start with "3.1 Community License" keeps its version.
_LINE_DOTTED = re.compile(r"(?:\A|(?<=[.:;!?]\n)|(?<=\n\n))[ \t>]*\d{1,3}(?:\.\d{1,3})+(?:[ \t]+|[ \t]*\n)(?=[A-Z])")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
# Enumerators that a re-wrapped copy moves from a line start into running text: after the end of a sentence,
# before a capitalised word ("... Redistribution. a. Grant of Rights", "... of this Agreement. 3.2 Use").
_MID_ENUM = re.compile(
    r"(?:(?<=[.:;!?\])\"”]) +(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+)"
    r"(?=\s+[A-Z“\"])|(?<=\s)\(?(?:[a-z]|[ivx]{1,5})[.)](?=\s)|(?<=\s)\d{1,2}[.)](?=\s+[A-Za-z“\"]))"
)
# "Copyright (c) Alibaba Cloud. All Rights Reserved." inside running text, where wrapping may have put it.
_COPYRIGHT_INLINE = re.compile(
    r"(?:copyright\s*(?:\(c\)|©|\d{4})|©)[^\n]{0,100}?(?:\n[^\n]{0,100}?)?all\s+rights\s+reserved\.?", re.I
)
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|tr|table|section|article|blockquote|pre)\b[^<>]{0,400}>", re.I)
# Parenthesised enumerators anywhere: "(a)", "(iv)", "(2)". Dropped on both sides, so renumbering is harmless.
_INLINE_ENUM = re.compile(r"\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)", re.I)
_WORD = re.compile(r"[a-z]+|\d+")
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹘﹣－"), "-")


def clean(text: str) -> str:
    """Strip markup and the parts of a text that copies legitimately change, keeping its words."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    text = _HTML_COMMENT.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _HTML_TAG.sub(" ", text)
    text = html.unescape(text)
    text = _URL.sub(" ", text)
    text = _COPYRIGHT_INLINE.sub(" ", text)
    text = _COPYRIGHT_LINE.sub(" ", text)
    text = _ALL_RIGHTS.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _LINE_DOTTED.sub(" ", text)
    text = _LINE_ENUM.sub(" ", text)
    text = _MID_ENUM.sub(" ", text)
    text = _INLINE_ENUM.sub(" ", text)
    return text.lower()


def tokens(text: str) -> list[str]:
    """The comparable words of a text: lowercase letters and digit runs, varietal spellings folded."""
    cleaned = clean(text)
    cleaned = cleaned.replace("non-commercial", "noncommercial").replace("per cent", "percent").replace("+", " plus ")
    words = _WORD.findall(cleaned)
    return [_SINGLE_VARIETAL.get(w, w) for w in words]


def phrase_tokens(phrase: str) -> list[str]:
    """Tokens of a short phrase (a license name or a replaceable field), without line-level cleaning."""
    folded = unicodedata.normalize("NFKC", phrase).lower().replace("non-commercial", "noncommercial")
    words = _WORD.findall(folded.replace("+", " plus "))
    return [_SINGLE_VARIETAL.get(w, w) for w in words]
