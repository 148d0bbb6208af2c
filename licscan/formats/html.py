"""The HTML backend: documents (formats/document.py) through Jinja2 templates with autoescape, one stylesheet.

The audit report is one self-contained, printable page that legal can sign off: nothing in it loads or runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from licscan.formats.audit import audit_document
from licscan.formats.document import Badge, Block, Break, Code, Hash, Link, Muted, Quote, Ref, Row, Strong, TrustedHtml
from licscan.formats.interface import RenderContext, Reporter
from licscan.results import Report
from licscan.safetext import clean

if TYPE_CHECKING:
    from jinja2 import Environment

# Nothing may load or run: the report is opened from mail and file shares, and card text is hostile.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _finalize(value: object) -> object:
    """Every value a template prints: markup built by a macro passes; any other text loses control characters and
    escape sequences here, then autoescape makes it inert."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return clean(value)


def _text(value: object) -> Markup:
    return escape(clean(value))


# Inline nodes as HTML. Markup.format escapes every argument (markupsafe, the escaper Jinja's autoescape uses), so a
# node's text cannot become markup here either; this runs in Python only because it is called for every cell.
_INLINE: dict[type, Callable[[Any], Markup]] = {
    str: _text,
    Code: lambda n: Markup("<code>{}</code>").format(_text(n.text)),
    Hash: lambda n: Markup('<span class="hash">{}</span>').format(_text(n.text)),
    Strong: lambda n: Markup("<strong>{}</strong>").format(inline_html(n.parts)),
    Muted: lambda n: Markup('<span class="muted">{}</span>').format(inline_html(n.parts)),
    Link: lambda n: (
        Markup('<a href="{}" rel="noreferrer">{}</a>').format(_text(n.url), inline_html(n.parts))
        if n.url
        else inline_html(n.parts)
    ),
    Ref: lambda n: Markup('<a href="#{}">{}</a>').format(_text(n.anchor), inline_html(n.parts)),
    Badge: lambda n: Markup('<span class="badge {}">{}</span>').format(_text(n.kind), _text(n.label)),
    Quote: lambda n: Markup("<q>{}</q>").format(_text(n.text)),
    Break: lambda n: Markup("<br>"),
}


def inline_html(parts: Iterable[object]) -> Markup:
    """Inline nodes (formats/document.py) as HTML; an unknown node is an error, never a silent gap."""
    out = []
    for part in parts:
        render = _INLINE.get(str if isinstance(part, str) else type(part))
        if render is None:
            _unknown_node(part)
        else:
            out.append(render(part))
    return Markup("").join(out)


def _unknown_node(node: object) -> str:
    raise TypeError(f"no HTML for a {type(node).__name__} node")


def _row_cells(row: object) -> tuple[Any, ...]:
    return row.cells if isinstance(row, Row) else tuple(row)  # type: ignore[arg-type]


_DATA_NAME = re.compile(r"[a-z][a-z0-9-]*")


def _row_data(row: object) -> tuple[tuple[str, str], ...]:
    """A row's `data-*` attributes. Escaping cannot make a text safe as an attribute *name*: only plain names pass."""
    data = row.data if isinstance(row, Row) else ()
    for name, _ in data:
        if not _DATA_NAME.fullmatch(name):
            raise ValueError(f"not a data attribute name: {name!r}")
    return data


@cache
def environment() -> Environment:
    """The one Jinja2 environment: templates shipped in licscan/formats/templates, autoescape on for everything."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("licscan.formats", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["kind"] = lambda node: type(node).__name__
    env.filters["inline"] = inline_html
    env.filters["row_cells"] = _row_cells
    env.filters["row_data"] = _row_data
    env.globals["unknown_node"] = _unknown_node
    return env


def render_chunks(template: str, **values: object) -> Iterator[str]:
    """A template's output in pieces as it is produced: a streamed table is never one string in memory."""
    return environment().get_template(template).generate(**values)


class HtmlReporter(Reporter):
    name = "html"

    def render(self, report: Report, ctx: RenderContext) -> str:
        doc = audit_document(report, ctx.database, _what_to_ship(ctx))
        return "".join(render_chunks("report.html.j2", doc=doc, csp=Markup(CSP)))


def _what_to_ship(ctx: RenderContext) -> tuple[Block, ...]:
    """The "What to ship" section (licscan/formats/html_ship.py, which escapes what it writes), for a manifest."""
    if ctx.ship is None:
        return ()
    from licscan.formats.html_ship import ship_section
    from licscan.notice.model import ShipPlan

    return (TrustedHtml(Markup(ship_section(ctx.ship))),) if isinstance(ctx.ship, ShipPlan) else ()
