"""A report as data: sections of blocks of inline text, which thin backends render as HTML or Markdown.

Builders (formats/audit.py, formats/census.py) decide what a report says; backends (formats/html.py,
formats/markdown.py) decide only how each kind of node looks. Every string in a node is untrusted text: a backend
escapes it (HTML through Jinja2's autoescape, Markdown through formats/markdown.py's `md`), so a builder has no way to
write markup by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from licscan.formats.figures import BarChart, LineageGraph

# ---- inline nodes -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """Literal text: an id, a key, a command (HTML <code>, a Markdown code span)."""

    text: str


@dataclass(frozen=True)
class Hash:
    """A commit or a checksum: literal, and allowed to break anywhere."""

    text: str


@dataclass(frozen=True)
class Strong:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Muted:
    """Secondary text (unknown values, notes)."""

    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link to an http(s) URL the builder checked (common.safe_url); without one, the text alone."""

    parts: tuple[Inline, ...]
    url: str | None


@dataclass(frozen=True)
class Ref:
    """A link to a section of the same document; where anchors are not portable (Markdown), the text alone."""

    parts: tuple[Inline, ...]
    anchor: str


@dataclass(frozen=True)
class Badge:
    """A verdict or a severity: a coloured label in HTML, `plain` in text formats."""

    kind: str
    label: str
    plain: str


@dataclass(frozen=True)
class Quote:
    """Words quoted from a license, inline."""

    text: str


@dataclass(frozen=True)
class Break:
    """A line break inside a table cell (Markdown cells have none: a separator instead)."""


Inline = str | Code | Hash | Strong | Muted | Link | Ref | Badge | Quote | Break


def span(*parts: Inline | None) -> tuple[Inline, ...]:
    """Inline parts in order, leaving out the absent ones."""
    return tuple(p for p in parts if p is not None and p != "")


def joined(items: Iterable[tuple[Inline, ...]], sep: Inline) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for n, item in enumerate(items):
        if n:
            out.append(sep)
        out.extend(item)
    return tuple(out)


# ---- block nodes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    parts: tuple[Inline, ...]
    cls: str | None = None
    # A status shown beside the heading in HTML; in Markdown (whose outline stays plain text) a bold line below it.
    status: Badge | None = None


@dataclass(frozen=True)
class Para:
    parts: tuple[Inline, ...]
    cls: str | None = None
    alert: bool = False


@dataclass(frozen=True)
class Facts:
    """Label and value rows."""

    rows: tuple[tuple[str, tuple[Inline, ...]], ...]


Cell = tuple[Inline, ...]


@dataclass(frozen=True)
class Row:
    """A table row with data attributes (HTML `data-*`, which the census page filters on)."""

    cells: tuple[Cell, ...]
    data: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Grid:
    """A table with a header row. `numeric` columns are right-aligned. `rows` may be a stream (a census of 20,000
    models is never one list in memory), so such a Grid is rendered once."""

    header: tuple[str, ...]
    rows: Iterable[tuple[Cell, ...] | Row]
    cls: str | None = None
    numeric: frozenset[int] = frozenset()
    id: str | None = None


@dataclass(frozen=True)
class Item:
    parts: tuple[Inline, ...]
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]
    cls: str | None = None


@dataclass(frozen=True)
class Blockquote:
    """A verbatim quote of a license and where it comes from."""

    text: str
    source: tuple[Inline, ...]


@dataclass(frozen=True)
class Article:
    """A boxed group of blocks (a finding)."""

    blocks: tuple[Block, ...]
    cls: str | None = None


@dataclass(frozen=True)
class Figure:
    """A picture drawn as inline SVG (formats/figures.py); text formats leave it out, the tables say the same."""

    figure: LineageGraph | BarChart
    caption: str


@dataclass(frozen=True)
class TrustedHtml:
    """HTML that its own, separately tested module built and escaped (the "What to ship" section); HTML only."""

    markup: Markup


@dataclass(frozen=True)
class Section:
    blocks: tuple[Block, ...]
    id: str | None = None
    cls: str | None = None


Block = Heading | Para | Facts | Grid | Bullets | Blockquote | Article | Figure | TrustedHtml | Section


@dataclass(frozen=True)
class Document:
    title: str
    # The subtitle under the title (when it was generated).
    meta: str
    blocks: tuple[Block, ...]
    footer: tuple[Para, ...] = field(default=())
