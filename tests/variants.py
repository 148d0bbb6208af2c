"""Reformatted and edited copies of the reference texts, written here: what real LICENSE files and cards look like."""

from __future__ import annotations

import html
import re
import textwrap

# A paragraph that opens with a list marker or enumerator: "a.", "(iv)", "2.", "1.3", "Section 4.".
_ENUMERATED = re.compile(r"^\s*(?:\(?[a-z0-9]{1,4}[.)]|\d+(?:\.\d+)+|[-*•])\s+", re.I)


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if p.strip()]


def _is_heading(paragraph: str) -> bool:
    line = paragraph.strip()
    return "\n" not in line and len(line) <= 80 and not line.endswith((".", ",", ";", ":"))


def markdown(text: str) -> str:
    """The title as a `#` heading, short numbered headings in **bold**, enumerated paragraphs as list items."""
    out = []
    for n, p in enumerate(paragraphs(text)):
        flat = " ".join(p.split())
        if n == 0 and _is_heading(p):
            out.append(f"# {flat}")
        elif _is_heading(p) and _ENUMERATED.match(flat):
            out.append(f"**{flat}**")
        elif _is_heading(p) and flat.isupper():
            out.append(f"## {flat}")
        elif _ENUMERATED.match(flat):
            out.append(f"- {flat}")
        else:
            out.append(p.strip("\n"))
    return "\n\n".join(out) + "\n"


def rewrap(text: str, width: int) -> str:
    """Each paragraph joined and wrapped at another width: list markers now stand inside lines."""
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width, break_on_hyphens=False, break_long_words=False)
        for p in paragraphs(text)
    )


def as_html(text: str) -> str:
    """One <p> per paragraph, entities escaped, in a page with a title."""
    body = "\n".join(f"<p>{html.escape(' '.join(p.split()), quote=False)}</p>" for p in paragraphs(text))
    return f"<!DOCTYPE html>\n<html><head><title>License</title></head><body>\n{body}\n</body></html>\n"


def crlf_curly(text: str) -> str:
    """Windows line ends and typographic quotes."""
    curly = re.sub(r'"([^"\n]{0,200})"', "\u201c\\1\u201d", text.replace("\r\n", "\n"))
    curly = re.sub(r"(?<=\w)'(?=\w)", "\u2019", curly)
    return curly.replace("\n", "\r\n")


def in_card(text: str) -> str:
    """The license pasted into a model card's README, between the card's own sections."""
    return (
        "---\nlicense: other\nlibrary_name: transformers\n---\n\n# Acme-7B\n\n"
        "Acme-7B is a fine-tuned chat model.\n\n## Usage\n\n```python\nfrom transformers import pipeline\n```\n\n"
        f"## License\n\n{text.strip()}\n\n## Citation\n\n```bibtex\n@misc{{acme}}\n```\n"
    )


def first_third(text: str) -> str:
    """The first third of the text, cut at a word boundary."""
    cut = len(text) // 3
    while cut < len(text) and not text[cut].isspace():
        cut += 1
    return text[:cut]


FORMATS = {
    "markdown": markdown,
    "rewrap-40": lambda t: rewrap(t, 40),
    "rewrap-66": lambda t: rewrap(t, 66),
    "rewrap-100": lambda t: rewrap(t, 100),
    "one-line-paragraphs": lambda t: rewrap(t, 100_000),
    "html": as_html,
    "crlf-curly": crlf_curly,
    "in-card": in_card,
}

# --- Substantive edits: each changes what the license says -----------------------------------------------

_NUMBER = re.compile(r"(?<![\w.,])(\d{2,})(?![\w.,]\d)")
_MODAL = re.compile(r"\b(shall|may|must|will|can|is|are)\b (?!not\b)", re.I)
_SENTENCE = re.compile(r"(?:(?<=[.;:] )|(?<=\n))[A-Z][^.;\n]{30,400}[.;](?=\s)")


def change_number(text: str) -> str | None:
    """A number in running text changed (a threshold, a period, a count); None when the text has none.

    Copyright years, section numbers and URLs are not candidates: changing them changes no term.
    """
    for m in _NUMBER.finditer(text):
        n = m.group(1)
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : text.find("\n", m.end()) if "\n" in text[m.end() :] else len(text)]
        before = text[line_start : m.start()]
        if not before.strip() or re.search(r"copyright|\(c\)|©|http|www|/|version", line, re.I):
            continue
        if len(n) == 4 and n[:2] in ("19", "20"):
            continue
        if not re.match(r"[ ,]", text[m.end() : m.end() + 1]) or not text[m.start() - 1 : m.start()].isspace():
            continue
        return text[: m.start(1)] + str(int(n) * 10 + 7) + text[m.end(1) :]
    return None


def add_not(text: str) -> str | None:
    """A "not" put into an obligation or a permission: the clause now says the opposite."""
    m = _MODAL.search(text, len(text) // 4)
    if m is None:
        m = _MODAL.search(text)
    if m is None:
        return None
    return text[: m.end(1)] + " not" + text[m.end(1) :]


def remove_sentence(text: str) -> str | None:
    """A sentence of the body removed (not a copyright notice, which no copy must keep as it is)."""
    for start in (len(text) // 3, 0):
        for m in _SENTENCE.finditer(text, start):
            if "opyright" not in m.group(0) and "reserved" not in m.group(0).lower():
                return text[: m.start()] + text[m.end() :]
    return None


EDITS = {"number": change_number, "not": add_not, "removed-sentence": remove_sentence}
