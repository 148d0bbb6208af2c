"""Run a census: page through the Hub's listing, judge each model from its card data or its files, stream results."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from licscan.census.summary import PROSE, CensusSummary, Tally
from licscan.conclude import declared_keys
from licscan.database import Database
from licscan.results import ConcludedFrom, ModelResult
from licscan.scan import Scanner
from licscan.sources.interface import CardMetadata, ModelDocuments, SourceError
from licscan.targets import Target


class ModelLister(Protocol):
    def list_models(
        self, author: str | None = None, search: str | None = None, limit: int | None = None
    ) -> Iterator[ModelDocuments]: ...


@dataclass(frozen=True)
class CensusQuery:
    author: str | None = None
    search: str | None = None
    limit: int | None = None
    verify_files: bool = False


def decides(card: CardMetadata, db: Database) -> bool:
    """The listing's card data decides when it names a license licscan knows (`other` needs a known license_name).

    A family id (`openrail`: which member?) or `other`/`unknown` alone does not: those models' files are read.
    """
    keys, _ = declared_keys(card, db)
    return any(db.is_license(key) for key in keys)


# Progress callback: (listed, judged, files fetched).
Progress = Callable[[int, int, int], None]


class Census:
    """Judges every listed model once; bases are read through the scanner's one lineage cache, shared by all."""

    def __init__(self, scanner: Scanner, lister: ModelLister, query: CensusQuery) -> None:
        self.scanner = scanner
        self.lister = lister
        self.query = query
        self.tally = Tally(scanner.db)
        self.stopped: str | None = None

    def run(self, emit: Callable[[ModelResult], None], progress: Progress | None = None) -> CensusSummary:
        """Stream each result to `emit` in listing order; on Ctrl-C or a failed listing, stop with what was judged.

        At most a window of results is held at once, so memory stays flat however many models are listed.
        """
        q, tally = self.query, self.tally
        window: deque[Future[ModelResult] | ModelResult] = deque()
        most = max(4, self.scanner.options.jobs * 4)
        pool = ThreadPoolExecutor(max_workers=self.scanner.options.jobs, thread_name_prefix="census")

        def flush(all_of_it: bool) -> None:
            while window and (all_of_it or len(window) > most or _ready(window[0])):
                head = window.popleft()
                result = head.result() if isinstance(head, Future) else head
                tally.add(result)
                emit(result)
                if progress:
                    progress(tally.listed, tally.judged, tally.files_fetched)

        try:
            for docs in self.lister.list_models(author=q.author, search=q.search, limit=q.limit):
                tally.listed += 1
                if q.verify_files or not decides(docs.card, self.scanner.db):
                    tally.files_fetched += 1
                    window.append(pool.submit(self._from_files, docs))
                else:
                    window.append(self._from_metadata(docs))
                flush(False)
            flush(True)
        except KeyboardInterrupt:
            self.stopped = "interrupted (Ctrl-C)"
            # What is already judged is kept; models still being fetched are dropped, not waited for.
            for item in window:
                if isinstance(item, Future):
                    item.cancel()
            self._keep_finished(window, emit)
        except SourceError as exc:
            self.stopped = f"the listing failed: {exc}"
            try:
                flush(True)
            except KeyboardInterrupt:
                self._keep_finished(window, emit)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        policy = self.scanner.options.policy
        return tally.summary(q.author, q.search, q.limit, q.verify_files, self.stopped, policy.name if policy else None)

    def _keep_finished(
        self, window: deque[Future[ModelResult] | ModelResult], emit: Callable[[ModelResult], None]
    ) -> None:
        for item in window:
            if isinstance(item, Future) and not (item.done() and not item.cancelled()):
                continue
            result = item.result() if isinstance(item, Future) else item
            self.tally.add(result)
            emit(result)
        window.clear()

    def _from_metadata(self, docs: ModelDocuments) -> ModelResult:
        result = self.scanner.judge(Target(ref=docs.id, revision=docs.revision, local=False), docs)
        return _concluded_from(result, "metadata")

    def _from_files(self, docs: ModelDocuments) -> ModelResult:
        result = self.scanner.scan(Target(ref=docs.id, revision=docs.revision, local=False))
        if result.verdict == "error" and result.license is None and not result.files:
            return _concluded_from(result, "not-read")
        refused = any(f.access_denied for f in result.findings)
        if refused and not any(f.error is None for f in result.files):
            # Gated without access: the card's metadata (from the Hub's API) is all there was.
            return _concluded_from(result, "card-only")
        return _concluded_from(result, "files")


def _concluded_from(result: ModelResult, source: ConcludedFrom) -> ModelResult:
    return result.model_copy(update={"concluded_from": source, "concluded_by": PROSE[source] + result.concluded_by})


def _ready(item: Future[ModelResult] | ModelResult) -> bool:
    return not isinstance(item, Future) or item.done()
