"""Lineage: follow base_model chains and datasets, so that a derivative is judged by its bases' terms; and the
binding step that binds their licenses beside the model's own (a base's replacing a card id it cannot grant)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from threading import Lock
from typing import TypeVar

from licscan.classify.index import Index
from licscan.conclude.bound import Binding, Bound, replaces
from licscan.conclude.declared import dataset_key
from licscan.conclude.files import readme_wanted_for
from licscan.conclude.own import Conclusion, conclude
from licscan.database import Database
from licscan.results import LineageEntry, derivative_noun, warning
from licscan.sources.interface import DatasetDocuments, ModelDocuments, ModelSource, SourceError

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
            key = dataset_key(found, self.db, ref)
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


def with_bases(
    model: str, binding: Binding, conclusion: Conclusion, lineage: list[LineageEntry], db: Database
) -> Binding:
    """The binding with every base's and dataset's license bound beside, a base's replacing a card id the derivative
    cannot grant (bound.replaces); and the findings that raises (unreadable bases, inherited terms)."""
    key, how = binding.license, binding.concluded_by
    # What the card and files concluded, for messages: `key` may be replaced below by a base's license.
    declared = conclusion.license
    bound, findings = list(binding.bound), list(binding.findings)
    for item in lineage:
        if item.license is None:
            if item.error:
                # Its terms bind this model and could not be read: fail closed, the verdict is `error`.
                findings.append(
                    warning(
                        model,
                        "fetch-error",
                        None,
                        f"{'Dataset' if item.kind == 'dataset' else 'Base model'} {item.id} could not be read, "
                        f"so its terms were not checked: {item.error}",
                        "Check the id on the Hub; if it is gated, accept its terms and set HF_TOKEN.",
                    ).model_copy(update={"severity": "error"})
                )
            elif item.kind == "model":
                # A base read whole whose license licscan does not know: its terms bind this model unchecked.
                findings.append(
                    warning(
                        model,
                        "unknown-license",
                        None,
                        f"{model} is {derivative_noun(item.relation)} of {item.id}, whose license licscan does not "
                        "know: the base's terms bind it, and licscan cannot check them.",
                        f"Have legal read {item.id}'s license; record the approval as a policy exception.",
                    )
                )
            continue
        if item.kind == "dataset":
            bound.append(Bound(item.license, f"dataset {item.id}", dataset=True))
            continue
        bound.append(Bound(item.license, f"base model {item.id}"))
        base = db.get(item.license)
        if base and base.is_license and base.category != "permissive" and item.license != key:
            findings.append(
                warning(
                    model,
                    "inherited-license",
                    item.license,
                    f"{model} declares {declared or 'no license'}, but it is {derivative_noun(item.relation)} of "
                    f"{item.id}, which is under {base.name}: the base's terms apply to it.",
                    "Treat the model as bound by the base's license; ask the publisher to correct the card.",
                )
            )
            if replaces(db, base, key, conclusion.from_files):
                # The card's own id is one the derivative cannot grant: the base's license replaces it.
                how = f"inherited from base {item.id} ({item.license}); {how}"
                bound = [b for b in bound if b.key != key]
                key = item.license
    return Binding(key, how, tuple(bound), tuple(findings))
