"""The Markdown backend: documents (formats/document.py) as GFM for pull requests and wikis, and its escaper."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from licscan.formats.audit import audit_document
from licscan.formats.document import (
    Article,
    Badge,
    Block,
    Blockquote,
    Break,
    Bullets,
    Code,
    Document,
    Facts,
    Figure,
    Grid,
    Hash,
    Heading,
    Inline,
    Item,
    Link,
    Muted,
    Para,
    Quote,
    Ref,
    Row,
    Section,
    Strong,
    TrustedHtml,
)
from licscan.formats.interface import RenderContext, Reporter
from licscan.results import Report
from licscan.safetext import clean


def md(text: object) -> str:
    """Untrusted text as inert inline Markdown: no emphasis, code, links, HTML or table breaks, on one line."""
    out = clean(text, oneline=True)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # `(` after `]` and `!` before `[` only matter once `[`/`]` work; escaping the brackets disarms them.
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", out)


def _inert_start(out: str) -> str:
    """At the start of a line `#`, `-`, `+`, `=` and `1.` are block markup: escape them."""
    out = re.sub(r"^([#+=-])", r"\\\1", out)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", out)


def md_line(text: object) -> str:
    """Like md(), and also inert at the start of a line."""
    return _inert_start(md(text))


def md_lines(text: object) -> list[str]:
    """Untrusted multi-line text as inert Markdown lines, e.g. for a blockquote."""
    return [md_line(line) for line in clean(text).splitlines() or [""]]


def code(text: object) -> str:
    """A code span: its content is literal, so only backticks (which would end it) and table pipes matter."""
    return "`" + clean(text, oneline=True).replace("`", "'").replace("|", "\\|") + "`"


def link(text: str, url: str | None) -> str:
    if not url:
        return text
    return f"[{text}]({url.replace('(', '%28').replace(')', '%29')})"


def table(header: Iterable[str], rows: Iterable[Iterable[str]], numeric: frozenset[int] = frozenset()) -> Iterator[str]:
    """A GFM table, line by line; cells must already be escaped."""
    header = list(header)
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|"
    for row in rows:
        yield "| " + " | ".join(cell or " " for cell in row) + " |"
    yield ""


def inline(parts: Iterable[Inline]) -> str:
    out = []
    for p in parts:
        if isinstance(p, str):
            # md() makes one line of the text; the spaces that join it to its neighbours stay.
            out.append((" " if p[:1].isspace() else "") + md(p) + (" " if p[-1:].isspace() and p.strip() else ""))
        elif isinstance(p, (Code, Hash)):
            out.append(code(p.text))
        elif isinstance(p, Strong):
            out.append(f"**{inline(p.parts)}**")
        elif isinstance(p, (Muted, Ref)):
            out.append(inline(p.parts))
        elif isinstance(p, Link):
            out.append(link(inline(p.parts), p.url))
        elif isinstance(p, Badge):
            out.append(md(p.plain))
        elif isinstance(p, Quote):
            out.append(f"\u201c{md(p.text)}\u201d")
        elif isinstance(p, Break):
            out.append(", ")
        else:
            raise TypeError(f"no Markdown for a {type(p).__name__} node")
    return "".join(out)


def _para(parts: tuple[Inline, ...]) -> str:
    text = inline(parts)
    return _inert_start(text) if parts and isinstance(parts[0], str) else text


def _items(items: tuple[Item, ...], level: int) -> Iterator[str]:
    for item in items:
        yield f"{'  ' * level}- {inline(item.parts)}"
        yield from _items(item.children, level + 1)


def blocks(nodes: Iterable[Block]) -> Iterator[str]:
    """Markdown lines for blocks; a streamed table is written row by row as its rows come."""
    for b in nodes:
        if isinstance(b, Heading):
            yield f"{'#' * b.level} {inline(b.parts)}"
            yield ""
            if b.status:
                yield f"**{md(b.status.plain)}**"
                yield ""
        elif isinstance(b, Para):
            yield _para(b.parts)
            yield ""
        elif isinstance(b, Facts):
            yield from table(("Field", "Value"), ((md(label), inline(value)) for label, value in b.rows))
        elif isinstance(b, Grid):
            rows = ((inline(c) for c in (r.cells if isinstance(r, Row) else r)) for r in b.rows)
            yield from table((md(h) for h in b.header), rows, b.numeric)
        elif isinstance(b, Bullets):
            yield from _items(b.items, 0)
            yield ""
        elif isinstance(b, Blockquote):
            yield from (f"> {line}" for line in md_lines(b.text))
            yield ">"
            yield f"> \u2014 {inline(b.source)}"
            yield ""
        elif isinstance(b, (Article, Section)):
            yield from blocks(b.blocks)
        elif isinstance(b, (Figure, TrustedHtml)):
            continue  # a picture, or HTML-only: the tables beside it say the same in words
        else:
            raise TypeError(f"no Markdown for a {type(b).__name__} node")


def document(doc: Document) -> Iterator[str]:
    yield f"# {md(doc.title)}"
    yield ""
    if doc.meta:
        yield md_line(doc.meta)
        yield ""
    yield from blocks(doc.blocks)
    if doc.footer:
        yield "---"
        yield ""
        yield from blocks(doc.footer)


class MarkdownReporter(Reporter):
    name = "markdown"

    def render(self, report: Report, ctx: RenderContext) -> str:
        return "\n".join(document(audit_document(report, ctx.database))).rstrip() + "\n"
