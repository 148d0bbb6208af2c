"""Helpers every format shares: Hub links, finding order, the lineage tree (text hygiene is licscan.safetext)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from licscan.hubnames import DEFAULT_ENDPOINT
from licscan.results import SEVERITY_RANK, Finding, LineageEntry, ModelResult, TermSummary, Waiver
from licscan.safetext import clean

if TYPE_CHECKING:
    from licscan.database import Database


def hub_url(model_id: str, revision: str | None = None, *, dataset: bool = False) -> str:
    """The Hub page of a model or dataset, pinned to a revision when there is one."""
    path = quote(model_id, safe="/")
    base = f"{DEFAULT_ENDPOINT}/datasets/{path}" if dataset else f"{DEFAULT_ENDPOINT}/{path}"
    return f"{base}/tree/{quote(revision, safe='')}" if revision else base


def model_link(model: ModelResult) -> str | None:
    """Where a reader can look at the model: its recorded URL, or its Hub page at the scanned commit."""
    if model.url:
        return safe_url(model.url)
    if model.source == "hub":
        return hub_url(model.id, model.revision)
    return None


def safe_url(url: str | None) -> str | None:
    """An http(s) URL worth making a link of; anything else (javascript:, data:, relative) is shown as text only."""
    if not url:
        return None
    url = clean(url, oneline=True)
    return url if re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE) else None


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, waived last, so a reader meets what blocks first."""
    return sorted(findings, key=lambda f: (f.waived is not None, -SEVERITY_RANK[f.severity], f.id))


def active_findings(model: ModelResult, at_least: str = "warning") -> list[Finding]:
    """The unwaived findings at or above a severity."""
    floor = SEVERITY_RANK[at_least]
    return [f for f in sorted_findings(model.findings) if f.waived is None and SEVERITY_RANK[f.severity] >= floor]


def finding_counts(model: ModelResult) -> dict[str, int]:
    """How many findings of each severity are in force, and how many are waived."""
    counts = {"error": 0, "warning": 0, "info": 0, "waived": 0}
    for f in model.findings:
        counts["waived" if f.waived else f.severity] += 1
    return counts


def waivers(model: ModelResult) -> list[tuple[Finding, Waiver]]:
    """The findings an exception of the policy waived, with that exception."""
    return [(f, f.waived) for f in sorted_findings(model.findings) if f.waived is not None]


def terms_by_license(model: ModelResult) -> list[tuple[str | None, list[TermSummary]]]:
    """The key terms grouped under the license they come from, in the order the licenses bind the model (a term
    that names no license is the concluded license's)."""
    groups: dict[str | None, list[TermSummary]] = {}
    for term in model.terms:
        groups.setdefault(term.license or model.license, []).append(term)
    return list(groups.items())


def license_label(key: str | None, database: Database) -> str:
    """`Name [key]` for a database key (the key alone when the database has no such entry), `unknown` for None."""
    if not key:
        return "unknown"
    entry = database.get(key)
    return f"{clean(entry.name, oneline=True)} [{clean(key, oneline=True)}]" if entry else clean(key, oneline=True)


LineageNode = tuple[LineageEntry, list["LineageNode"]]


def lineage_tree(model: ModelResult) -> list[LineageNode]:
    """The lineage as a tree under the model: each entry below the model that names it as its base."""
    depth: dict[str, int] = {}
    for e in model.lineage:
        if e.kind == "model":
            depth[e.id] = min(depth.get(e.id, e.depth), e.depth)
    children: dict[str, list[LineageEntry]] = {}
    for e in model.lineage:
        # A parent must sit higher up than its child: a cycle in broken card metadata cannot hide an entry.
        parent = e.parent if e.parent in depth and depth[e.parent] < e.depth else model.id
        children.setdefault(parent, []).append(e)

    def grow(parent: str) -> list[LineageNode]:
        return [(e, grow(e.id) if e.kind == "model" and e.id != parent else []) for e in children.pop(parent, [])]

    return grow(model.id)


def plain_value(value: object) -> str:
    """A policy fact as a reader would write it: yes/no, 5,000,000, a comma list."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(plain_value(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain_value(v)}" for k, v in value.items())
    return clean(value, oneline=True)


def words(name: str) -> str:
    """`train_on_outputs` -> `Train on outputs`, for labels of policy keys."""
    text = clean(name, oneline=True).replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]
