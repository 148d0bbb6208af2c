"""Pictures as data, laid out here and drawn as inline SVG by templates/figures.html.j2: a model's lineage as a
graph, and the census's license distribution as a bar chart. No script, no font or image to load."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from licscan.formats.common import LineageNode, lineage_tree
from licscan.results import SEVERITY_RANK, LineageEntry, ModelResult

# Monospace at 12px: every glyph is 0.6em wide, so a label's width is known without measuring text.
CHAR = 7.3
PAD = 10.0
LINE = 16.0
NODE_H = 2 * LINE + 10
ROW = NODE_H + 18
GAP = 120.0  # between columns: room for the relation on the edge
MARGIN = 12.0
LEGEND_H = 34.0

# Status of a node -> what the legend calls it. The model's own status is its verdict.
STATUS_LABEL = {
    "pass": "no finding",
    "warning": "warning",
    "fail": "fails",
    "error": "could not be read",
    "unknown": "license unknown",
}


@dataclass(frozen=True)
class GraphNode:
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    status: str
    kind: str  # "model" (the subject), "base" or "dataset"
    title: str


@dataclass(frozen=True)
class GraphEdge:
    path: str
    arrow: str
    label: str
    lx: float
    ly: float


@dataclass(frozen=True)
class LegendKey:
    x: float
    status: str
    label: str


@dataclass(frozen=True)
class LineageGraph:
    width: float
    height: float
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    legend: tuple[LegendKey, ...]
    legend_y: float
    description: str


def node_status(model: ModelResult, entry: LineageEntry) -> str:
    """How a base or dataset weighs on the model: the worst unwaived finding raised under its license."""
    if entry.error:
        return "error"
    if entry.license is None:
        return "unknown"
    worst = max(
        (SEVERITY_RANK[f.severity] for f in model.findings if f.waived is None and f.license == entry.license),
        default=0,
    )
    if worst >= SEVERITY_RANK["error"]:
        return "fail"
    return "warning" if worst >= SEVERITY_RANK["warning"] else "pass"


def _box(lines: tuple[str, ...]) -> float:
    return max(len(line) for line in lines) * CHAR + 2 * PAD


def lineage_graph(model: ModelResult) -> LineageGraph:
    """The model on the left, what it was made from to its right: bases (with the relation on each edge), their
    bases further right, and datasets; each node says its license and is coloured by its status."""
    root_lines = (model.id, f"{model.license or 'license unknown'} \u00b7 {model.verdict}")
    placed: list[tuple[int, float, tuple[str, ...], str, str, str]] = []  # column, row, lines, status, kind, title
    edges: list[tuple[int, int, str]] = []  # parent index, child index, relation
    rows = [0.0]

    def place(nodes: list[LineageNode], column: int, parent: int) -> list[float]:
        ys = []
        for entry, children in nodes:
            index = len(placed)
            status = node_status(model, entry)
            kind = "dataset" if entry.kind == "dataset" else "base"
            license_ = entry.license or "license unknown"
            lines = (entry.id, f"{license_} \u00b7 {STATUS_LABEL[status]}")
            relation = "dataset" if entry.kind == "dataset" else entry.relation
            title = f"{entry.id}: {relation} of {model.id if parent == 0 else placed[parent][2][0]}, {license_}"
            if entry.error:
                title += f" ({entry.error})"
            placed.append((column, 0.0, lines, status, kind, title))
            edges.append((parent, index, relation))
            if children:
                below = place(children, column + 1, index)
                y = (below[0] + below[-1]) / 2
            else:
                y = rows[0]
                rows[0] += 1
            placed[index] = (column, y, lines, status, kind, title)
            ys.append(y)
        return ys

    placed.append((0, 0.0, root_lines, model.verdict, "model", f"{model.id}: this model, {model.license}"))
    below = place(lineage_tree(model), 1, 0)
    root_y = (below[0] + below[-1]) / 2 if below else 0.0
    placed[0] = (0, root_y, root_lines, model.verdict, "model", placed[0][5])

    columns = max(c for c, *_ in placed) + 1
    widths = [max(_box(lines) for c, _, lines, *_ in placed if c == col) for col in range(columns)]
    xs = [MARGIN + sum(widths[:col]) + GAP * col for col in range(columns)]
    nodes = tuple(
        GraphNode(xs[c], MARGIN + y * ROW, _box(lines), NODE_H, lines, status, kind, title)
        for c, y, lines, status, kind, title in placed
    )
    drawn = []
    for parent, child, relation in edges:
        a, b = nodes[parent], nodes[child]
        x1, y1, x2, y2 = a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2
        mid = (x1 + x2) / 2
        path = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2 - 6:.1f},{y2:.1f}"
        arrow = f"M{x2:.1f},{y2:.1f} L{x2 - 7:.1f},{y2 - 4:.1f} L{x2 - 7:.1f},{y2 + 4:.1f} Z"
        drawn.append(GraphEdge(path, arrow, relation, x2 - 10, y2 - 5))
    body_h = MARGIN + max(rows[0], 1) * ROW
    width = xs[-1] + widths[-1] + MARGIN
    legend, x = [], MARGIN
    for status in ("pass", "warning", "fail", "error", "unknown"):
        legend.append(LegendKey(x, status, STATUS_LABEL[status]))
        x += 24 + len(STATUS_LABEL[status]) * CHAR + 18
    described = "; ".join(f"{e.label}: {n.title}" for e, n in zip(drawn, nodes[1:], strict=True))
    return LineageGraph(
        max(width, x),
        body_h + LEGEND_H,
        nodes,
        tuple(drawn),
        tuple(legend),
        body_h + 8,
        f"{model.id} ({model.license or 'license unknown'}, {model.verdict}). {described or 'No bases or datasets.'}",
    )


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: float
    w: float
    none: bool


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    label_w: float
    bars: tuple[Bar, ...]
    total: int
    description: str


BAR_H = 18.0
BAR_GAP = 6.0
BAR_MAX = 420.0
TOP = 20


def license_chart(counts: Mapping[str, int], none_key: str) -> BarChart:
    """The most common licenses as horizontal bars, longest first; the rest summed as one bar."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ranked[:TOP]
    rest = ranked[TOP:]
    if rest:
        shown.append((f"{len(rest)} other licenses", sum(n for _, n in rest)))
    top = max((n for _, n in shown), default=1) or 1
    label_w = max((len(k) for k, _ in shown), default=8) * CHAR + PAD
    bars = tuple(
        Bar(k, n, MARGIN + i * (BAR_H + BAR_GAP), max(1.0, BAR_MAX * n / top), k == none_key)
        for i, (k, n) in enumerate(shown)
    )
    total = sum(counts.values())
    height = 2 * MARGIN + len(bars) * (BAR_H + BAR_GAP)
    described = ", ".join(f"{b.label}: {b.count}" for b in bars)
    return BarChart(
        label_w + BAR_MAX + 90 + 2 * MARGIN,
        height,
        label_w,
        bars,
        total,
        f"Models per license ({total} models): {described}",
    )
