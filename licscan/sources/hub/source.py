"""HubSource: a model's card metadata and license files at a pinned commit, from the Hub (or, offline, the HF cache).

The Hub calls and their error mapping are in api.py, the repository's state in state.py, the HF cache and licscan's
records in cache.py, and the GGUF ranged reads in ranged.py; this module puts a model's documents together.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from huggingface_hub import constants as hf_constants
from huggingface_hub.utils import logging as hf_logging

from licscan.errors import first_line
from licscan.hubnames import COMMIT, is_hub_id
from licscan.sources.card import card_metadata, split_front_matter
from licscan.sources.files import DEFAULT_MAX_FILE_BYTES, default_readme_wanted, license_files, read_document
from licscan.sources.gguf import gguf_files
from licscan.sources.hub.api import HubApi
from licscan.sources.hub.cache import HFCache, within
from licscan.sources.hub.client import RetryPolicy
from licscan.sources.hub.ranged import gguf_headers
from licscan.sources.hub.settings import (
    env_offline,
    request_timeout,
    resolve_cache_dir,
    resolve_endpoint,
    resolve_token,
)
from licscan.sources.hub.state import RepoState, RepoStateReader
from licscan.sources.interface import (
    CardMetadata,
    DatasetDocuments,
    DocumentFile,
    FetchError,
    GGUFHeader,
    ModelDocuments,
    ModelSource,
    NotFoundError,
    Problem,
    ReadmeWanted,
)
from licscan.targets import parse_ref

logger = logging.getLogger(__name__)

T = TypeVar("T")
# The reads of one model that do not depend on each other (its license files, its GGUF headers) overlap on these
# threads; the scanner's own workers wait on them, and they never wait on anything themselves.
_FILE_READERS = 8
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _overlap(call: Callable[[], T]) -> Future[T]:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=_FILE_READERS, thread_name_prefix="licscan-hub-read")
    return _pool.submit(call)


def quiet_huggingface_hub() -> None:
    """licscan speaks for itself: huggingface_hub's own warnings ("Trying to resume download...") stay off stderr,
    each problem reaching the user once, as a finding that names the model and the file."""
    if not logging.getLogger("licscan").isEnabledFor(logging.DEBUG):
        hf_logging.set_verbosity(logging.CRITICAL)


def split_ref(ref: str) -> tuple[str, str | None]:
    """A Hub target as (repo id, revision); NotFoundError when it cannot be a Hub repository id."""
    repo_id, revision = parse_ref(ref)
    if not is_hub_id(repo_id):
        shown = ref if len(ref) <= 200 else ref[:200] + "..."
        raise NotFoundError(f"not a Hub repository id: {shown!r} (expected org/name or org/name@revision)")
    return repo_id, revision


class HubSource(ModelSource):
    """Reads models and datasets from a Hub endpoint (or, offline, from the HF cache only)."""

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        offline: bool = False,
        cache_dir: str | Path | None = None,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        timeout: float | None = None,
    ) -> None:
        self.endpoint = resolve_endpoint(endpoint)
        self._token = resolve_token(token)
        self.offline = offline or env_offline() or hf_constants.is_offline_mode()
        self.cache_dir = resolve_cache_dir(cache_dir)
        self.max_file_bytes = max_file_bytes
        self.policy = RetryPolicy(
            retries=retries, backoff=backoff, max_wait=max_wait, timeout=timeout or request_timeout()
        )
        self._api = HubApi(self.endpoint, self._token, self.policy, self.offline)
        self._cache = HFCache(self.cache_dir)
        self._states = RepoStateReader(self._api, self._cache, self.offline)
        quiet_huggingface_hub()

    def __repr__(self) -> str:
        # Never the token itself.
        return f"HubSource(endpoint={self.endpoint!r}, offline={self.offline}, token={'set' if self._token else None})"

    # -- public

    def model(self, ref: str, revision: str | None = None, readme_wanted: ReadmeWanted | None = None) -> ModelDocuments:
        repo_id, rev = self._split(ref, revision)
        state = self._states.read(repo_id, "model", rev)
        card = self._card(state, repo_id)
        files: tuple[DocumentFile, ...] = ()
        denied = state.access_denied  # recorded by an earlier run, read offline
        problems: tuple[Problem, ...] = (self._api.gated_problem(repo_id),) if denied else ()
        # Online, in a repository the Hub says is not gated, no read can be refused: the GGUF headers are read while
        # the license files are. Elsewhere a refusal stops every later read, so they wait for the license files.
        overlap = not self.offline and state.gated is False
        gguf_read: Future[tuple[tuple[GGUFHeader, ...], tuple[Problem, ...]]] | None = None
        if overlap and not denied and gguf_files(state.repo_files):
            gguf_read = _overlap(functools.partial(self._gguf, repo_id, state))
        if not denied:
            files, problems, denied = self._license_documents(repo_id, state, card, overlap)
        readme: DocumentFile | None = None
        if not denied and "README.md" in state.repo_files:
            readme, state, more, denied = self._readme(
                repo_id, state, card, files, readme_wanted or default_readme_wanted
            )
            card = self._card(state, repo_id)
            problems += more
        gguf: tuple[GGUFHeader, ...] = ()
        if gguf_read is not None:
            gguf, more = gguf_read.result()
            if not denied:
                problems += more
            else:
                gguf = ()
        elif not denied:
            gguf, more = self._gguf(repo_id, state)
            problems += more
        if denied:
            self._states.remember_denied(repo_id, "model", rev, state)
        return ModelDocuments(
            id=repo_id,
            source="hub",
            revision=state.sha,
            url=f"{self.endpoint}/{repo_id}",
            card=card,
            files=files,
            readme=readme,
            repo_files=state.repo_files,
            problems=problems,
            gguf=gguf,
        )

    # -- census listing (issue 13): the one huggingface_hub listing call; the census module pages through it.

    def list_models(
        self, author: str | None = None, search: str | None = None, limit: int | None = None
    ) -> Iterator[ModelDocuments]:
        """The models HfApi.list_models lists, as documents read from the listing alone (no files, no model_info).

        The listing expands card data, gating, pipeline tag, tags and sha, so that a model whose card decides its
        license needs no other request; huggingface_hub follows the `Link: rel="next"` pages. Errors are mapped
        like every other call here (FetchError, NotFoundError); offline there is no listing to read.
        """
        if self.offline:
            what = ", ".join(f"{k}={v!r}" for k, v in (("author", author), ("search", search)) if v) or "all models"
            raise FetchError(f"offline: the Hub's model listing ({what}) cannot be read from the cache")
        for info in self._api.list_models(author, search, limit):
            yield listed_model_documents(info, self.endpoint)

    def dataset(self, ref: str) -> DatasetDocuments:
        repo_id, rev = split_ref(ref)
        state = self._states.read(repo_id, "dataset", rev)
        problems: list[Problem] = []
        data = state.card_data
        if not data and self.offline and "README.md" in state.repo_files:
            readme, problems_read, _ = self._read(repo_id, "dataset", state.sha, "README.md")
            problems.extend(problems_read)
            if readme is not None and readme.text is not None:
                data, _, card_problems = split_front_matter(readme.text, "README.md")
                problems.extend(card_problems)
        meta = card_metadata(data, state.tags, (), repo_id)
        return DatasetDocuments(
            id=repo_id,
            revision=state.sha,
            licenses=meta.licenses,
            license_name=meta.license_name,
            license_link=meta.license_link,
            url=f"{self.endpoint}/datasets/{repo_id}",
            problems=tuple(problems),
        )

    # -- the model's documents

    def _split(self, ref: str, revision: str | None) -> tuple[str, str | None]:
        repo_id, rev = split_ref(ref)
        if revision and rev and revision != rev:
            raise NotFoundError(f"two revisions given for {repo_id}: {rev!r} in the id and {revision!r}")
        return repo_id, revision or rev

    def _card(self, state: RepoState, repo_id: str) -> CardMetadata:
        return card_metadata(
            state.card_data,
            state.tags,
            state.repo_files,
            repo_id,
            pipeline_tag=state.pipeline_tag,
            gated=state.gated,
        )

    def _gguf(self, repo_id: str, state: RepoState) -> tuple[tuple[GGUFHeader, ...], tuple[Problem, ...]]:
        records = self._states.records(repo_id, "model")
        return gguf_headers(self._api, self._cache, records, state.sha, state.repo_files, self.offline)

    def _license_documents(
        self, repo_id: str, state: RepoState, card: CardMetadata, overlap: bool
    ) -> tuple[tuple[DocumentFile, ...], tuple[Problem, ...], bool]:
        """The license-bearing files at the pinned commit; a gated refusal stops there (the rest would be refused).

        With `overlap`, the files are downloaded at once and taken in the same order as one by one."""
        names = license_files(state.repo_files, card.license_link, repo_id, self.endpoint)
        results: Iterable[tuple[DocumentFile | None, tuple[Problem, ...], bool]]
        if overlap and len(names) > 1:
            reads = [_overlap(functools.partial(self._read, repo_id, "model", state.sha, name)) for name in names]
            results = [read.result() for read in reads]
        else:  # one by one, lazily: after a refusal nothing more is asked
            results = (self._read(repo_id, "model", state.sha, name) for name in names)
        files: list[DocumentFile] = []
        problems: list[Problem] = []
        for document, file_problems, denied in results:
            problems.extend(file_problems)
            if denied:
                return tuple(files), tuple(problems), True
            if document is not None:
                files.append(document)
        return tuple(files), tuple(problems), False

    def _readme(
        self,
        repo_id: str,
        state: RepoState,
        card: CardMetadata,
        files: tuple[DocumentFile, ...],
        wanted: ReadmeWanted,
    ) -> tuple[DocumentFile | None, RepoState, tuple[Problem, ...], bool]:
        """The README when its prose is wanted, or when the Hub gave no card data (as for a card it cannot parse).

        The document's text is the prose after the front matter: words inside the metadata block, parsed or broken,
        are never read as license evidence (its hash is still that of the whole file)."""
        card_missing = not state.card_data
        if not card_missing and not wanted(card, files):
            return None, state, (), False
        document, problems, denied = self._read(repo_id, "model", state.sha, "README.md")
        if document is None or document.text is None:
            return document, state, problems, denied
        data, body, card_problems = split_front_matter(document.text, "README.md")
        document = dataclasses.replace(document, text=body)
        if not card_missing:
            return document, state, problems, denied
        if data:
            state = dataclasses.replace(state, card_data=data)
            card = self._card(state, repo_id)
        return (document if wanted(card, files) else None), state, problems + card_problems, denied

    def _read(
        self, repo_id: str, repo_type: str, sha: str, name: str
    ) -> tuple[DocumentFile | None, tuple[Problem, ...], bool]:
        """(document, problems, access denied) for one file at the pinned commit; a failure is a Problem."""
        if self.offline:
            try:
                found = self._cache.file(repo_id, repo_type, sha, name)
            except ValueError as exc:  # a file name huggingface_hub refuses (e.g. one that leaves the snapshot)
                return None, (Problem("fetch-error", f"{name}: {first_line(exc)}", name),), False
            if found is None:
                message = f"{name} is not in the Hugging Face cache (offline); run once online to fetch it"
                return None, (Problem("fetch-error", message, name),), False
            document, problems = read_document(found, name, self.max_file_bytes, within(found, name))
            return document, problems, False
        path, problems, denied = self._api.download(repo_id, repo_type, sha, name, self.cache_dir)
        if path is None:
            return None, problems, denied
        document, read_problems = read_document(path, name, self.max_file_bytes, within(path, name))
        return document, read_problems, False


def listed_model_documents(info: Any, endpoint: str) -> ModelDocuments:
    """A listing's ModelInfo as ModelDocuments: its card data through card.py, pinned to the listed sha, no files.

    `repo_files` is empty because the listing does not expand siblings: a relation inferred from file names (adapter,
    GGUF) is then not known, while one declared on the card or in its tags is.
    """
    card = getattr(info, "card_data", None)
    gated = getattr(info, "gated", None)
    sha = getattr(info, "sha", None)
    metadata = card_metadata(
        dict(card.to_dict()) if card is not None else {},
        tuple(str(tag) for tag in getattr(info, "tags", None) or ()),
        (),
        info.id,
        pipeline_tag=getattr(info, "pipeline_tag", None),
        gated=gated not in (None, False, "false"),
    )
    return ModelDocuments(
        id=info.id,
        source="hub",
        revision=sha if isinstance(sha, str) and COMMIT.fullmatch(sha) else None,
        url=f"{endpoint}/{info.id}",
        card=metadata,
        files=(),
        readme=None,
        repo_files=(),
    )
