"""Where a model card's front matter ends and its prose begins: the one rule, light enough for the classifier."""

from __future__ import annotations

import re

# Only these open a front matter, like the Hub's own parser: the very first line, nothing before it but a BOM.
_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"^---[ \t]*$", re.MULTILINE)


def normalise_newlines(text: str) -> str:
    """CRLF, CR CR LF (a raw copy of a CRLF file saved on Windows again) and bare CR all become LF."""
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


def front_matter(text: str) -> tuple[str | None, str, bool]:
    """(the metadata block or None, the body after it, whether the block is closed); the one place that decides
    where a card's front matter ends. With no closing line, where the metadata ends cannot be known, so no part of
    the file can be read as prose either: the body is empty."""
    text = normalise_newlines(text.removeprefix("\ufeff"))
    opening = _OPENING.match(text)
    if opening is None:
        return None, text, True
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        return text[opening.end() :], "", False
    return text[opening.end() : closing.start()], text[closing.end() :].removeprefix("\n"), True


def card_body(text: str) -> str:
    """A card's prose: the text after its front matter (all of it when there is none)."""
    return front_matter(text)[1]
