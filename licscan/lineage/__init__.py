"""Lineage: follow base_model chains and datasets, so that a derivative is judged by its bases' terms."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from threading import Lock
from typing import TypeVar

from licscan.classify.index import Index
from licscan.conclude import Conclusion, card_declared, conclude, readme_wanted_for
from licscan.database import Database
from licscan.results import LineageEntry
from licscan.sources.interface import CardMetadata, DatasetDocuments, ModelDocuments, ModelSource, SourceError

DEFAULT_MAX_DEPTH = 5
T = TypeVar("T")


@dataclass(frozen=True)
class Node:
    docs: ModelDocuments | None
    conclusion: Conclusion | None
    error: str | None = None


@dataclass
class LineageWalker:
    """Fetches each base model and dataset once per run, whichever model names it."""

    source_for: Callable[[str], ModelSource]
    db: Database
    index: Index
    max_depth: int = DEFAULT_MAX_DEPTH
    # One Future per id, made under the lock by the first thread that asks: the others wait for its result, so a base
    # that N models share is fetched once, not N times.
    _models: dict[str, Future[Node]] = field(default_factory=dict)
    _datasets: dict[str, Future[DatasetDocuments | str]] = field(default_factory=dict)
    _lock: Lock = field(default_factory=Lock)

    def _once(self, table: dict[str, Future[T]], ref: str, fetch: Callable[[], T]) -> T:
        with self._lock:
            pending = table.get(ref)
            mine = pending is None
            if pending is None:
                pending = table[ref] = Future()
        if mine:
            try:
                pending.set_result(fetch())
            except BaseException as exc:
                pending.set_exception(exc)
                raise
        return pending.result()

    def node(self, ref: str) -> Node:
        def fetch() -> Node:
            try:
                docs = self.source_for(ref).model(ref, readme_wanted=readme_wanted_for(self.db, self.index))
                return Node(docs, conclude(docs, self.db, self.index))
            except SourceError as exc:
                return Node(None, None, str(exc))

        return self._once(self._models, ref, fetch)

    def dataset(self, ref: str) -> DatasetDocuments | str:
        def fetch() -> DatasetDocuments | str:
            try:
                return self.source_for(ref).dataset(ref)
            except SourceError as exc:
                return str(exc)

        return self._once(self._datasets, ref, fetch)

    def walk(self, docs: ModelDocuments) -> list[LineageEntry]:
        """Every base (depth first, cycles and repeats skipped, up to max_depth) and every dataset."""
        entries: list[LineageEntry] = []
        seen = {docs.id}
        self._walk(docs, 1, seen, entries)
        datasets = list(docs.card.datasets)
        for entry in list(entries):
            node = self.node(entry.id) if entry.kind == "model" else None
            if node and node.docs:
                datasets.extend(d for d in node.docs.card.datasets if d not in datasets)
        for ref in dict.fromkeys(datasets):
            found = self.dataset(ref)
            if isinstance(found, str):
                entries.append(LineageEntry(id=ref, relation="dataset", license=None, kind="dataset", error=found))
                continue
            card = CardMetadata(
                licenses=found.licenses, license_name=found.license_name, license_link=found.license_link
            )
            # `license: other` alone stays `other`: the dataset says its license is none of the Hub's ids.
            key = next(iter(card_declared(card, self.db, ref).keys), None) or next(
                (k for k in map(self.db.resolve, found.licenses) if k), None
            )
            entries.append(
                LineageEntry(id=ref, relation="dataset", license=key, kind="dataset", revision=found.revision)
            )
        return entries

    def _walk(self, docs: ModelDocuments, depth: int, seen: set[str], out: list[LineageEntry]) -> None:
        if depth > self.max_depth:
            return
        relation = docs.card.base_model_relation or "unknown"
        if len(docs.card.base_models) > 1 and relation == "unknown":
            relation = "merge"
        bases = [(base, relation) for base in docs.card.base_models]
        # A GGUF header's general.base_model.N.repo_url names the model it was converted from: a quantized base.
        bases += [(base, "quantized") for header in docs.gguf for base in header.base_ids]
        for base, relation in bases:
            if base in seen:
                continue
            seen.add(base)
            node = self.node(base)
            out.append(
                LineageEntry(
                    id=base,
                    relation=relation,
                    license=node.conclusion.license if node.conclusion else None,
                    parent=docs.id,
                    depth=depth,
                    revision=node.docs.revision if node.docs else None,
                    error=node.error,
                )
            )
            if node.docs is not None:
                self._walk(node.docs, depth + 1, seen, out)
