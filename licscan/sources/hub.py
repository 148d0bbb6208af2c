"""The Hugging Face Hub source: card metadata and license files pinned to a commit; the only user of huggingface_hub."""

from __future__ import annotations

import dataclasses
import email.utils
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

# licscan reads license documents only: huggingface_hub's usage telemetry is off unless the user turns it on.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import httpx2
from huggingface_hub import (
    HfApi,
    get_session,
    get_token,
    hf_hub_download,
    hf_hub_url,
    set_client_factory,
    try_to_load_from_cache,
)
from huggingface_hub import constants as hf_constants
from huggingface_hub.errors import (
    DisabledRepoError,
    GatedRepoError,
    HfHubHTTPError,
    HFValidationError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._http import hf_request_event_hook
from huggingface_hub.utils.tqdm import silent_tqdm

from licscan import __version__
from licscan.sources.card import card_metadata, split_front_matter
from licscan.sources.files import DEFAULT_MAX_FILE_BYTES, default_readme_wanted, license_files, read_document
from licscan.sources.gguf import RangeReadError, file_reader, gguf_files, load_headers, parse_header, save_headers
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

logger = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://huggingface.co"
_COMMIT = re.compile(r"[0-9a-f]{40}")
_SHORT_COMMIT = re.compile(r"[0-9a-f]{7,39}")
_REPO_ID = re.compile(r"[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?")
_TOKEN_LIKE = re.compile(r"\bhf_[A-Za-z0-9]{8,}")
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_RETRY_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)
# huggingface_hub's own once-a-day agent-registry lookup is best effort: it must stay one quick attempt.
_NOT_RETRIED_PATHS = frozenset({"/api/agent-harnesses"})
_RATELIMIT = re.compile(r'"\w+"\s*;\s*r\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+)')
# Where licscan keeps, inside the HF cache folder of a repo, the model_info it read at a commit (for --offline).
_SIDECAR = ".licscan"

T = TypeVar("T")


def parse_ref(ref: str) -> tuple[str, str | None]:
    """`org/name@revision` -> (`org/name`, `revision`); a repo id never contains `@`, a revision may."""
    repo_id, _, revision = ref.strip().partition("@")
    repo_id = repo_id.strip().strip("/")
    if not _REPO_ID.fullmatch(repo_id) or ".." in repo_id or "--" in repo_id:
        raise NotFoundError(f"not a Hub repository id: {ref!r} (expected org/name or org/name@revision)")
    return repo_id, revision.strip() or None


def resolve_endpoint(endpoint: str | None = None) -> str:
    return (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def resolve_token(token: str | None = None) -> str | None:
    """--token, else HF_TOKEN, else the token `hf auth login` stored; read when the source is made, like hf does."""
    if token:
        return token
    if from_env := (os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN") or "").strip():
        return from_env
    try:
        return get_token()
    except Exception:  # a broken OIDC/credential setup means "no token", not a crash before any request
        logger.debug("no stored Hugging Face token could be read", exc_info=False)
        return None


def resolve_cache_dir(cache_dir: str | Path | None = None) -> Path:
    """The HF hub cache, from the environment at call time (huggingface_hub reads it once, at import)."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if found := os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE"):
        return Path(found).expanduser()
    if home := os.environ.get("HF_HOME"):
        return Path(home).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "huggingface" / "hub"


def env_offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in {"1", "ON", "YES", "TRUE"}


# --- retries


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with exponential backoff; a server's Retry-After is honoured up to max_wait."""

    retries: int = 3
    backoff: float = 0.5
    max_wait: float = 30.0
    timeout: float = 20.0

    def wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_wait)
        return float(min(self.backoff * 2**attempt, self.max_wait))


class HubUnavailable(Exception):
    """Retries were exhausted; raised past huggingface_hub so that its own, unbounded, retry loops do not run."""


_POLICY: ContextVar[RetryPolicy | None] = ContextVar("licscan_hub_retry_policy", default=None)


def retry_after_seconds(headers: httpx2.Headers) -> float | None:
    """Seconds a 429/503 asks to wait: Retry-After (seconds or HTTP date), or the IETF RateLimit header."""
    value = headers.get("retry-after", "").strip()
    if value:
        if value.replace(".", "", 1).isdigit():
            return float(value)
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError, IndexError):
            return None
    limit = _RATELIMIT.search(headers.get("ratelimit", ""))
    if limit and int(limit.group(1)) == 0:
        return float(limit.group(2))
    return None


class _RetryingClient(httpx2.Client):
    """The httpx client huggingface_hub uses, retrying each request under the calling HubSource's policy.

    huggingface_hub retries file lookups itself with fixed, uncapped waits (about 23 s, and Retry-After + 1 s): doing
    it here, and raising HubUnavailable when done, keeps the total bounded and configurable.
    """

    def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        policy = _POLICY.get()
        if policy is None or request.url.path in _NOT_RETRIED_PATHS:
            return super().send(request, **kwargs)
        request.extensions = {**request.extensions, "timeout": httpx2.Timeout(policy.timeout).as_dict()}
        where = f"{request.method} {request.url.copy_with(query=None)}"
        attempt = 0
        while True:
            retry_after: float | None = None
            try:
                response = super().send(request, **kwargs)
            except _RETRY_ERRORS as exc:
                failure = type(exc).__name__
            else:
                if response.status_code not in _RETRY_STATUSES:
                    return response
                failure = f"HTTP {response.status_code}"
                retry_after = retry_after_seconds(response.headers)
                response.close()
            if attempt >= policy.retries:
                raise HubUnavailable(f"{where}: {failure} (gave up after {attempt + 1} attempts)")
            pause = policy.wait(attempt, retry_after)
            logger.info("%s: %s; retrying in %.2fs (%d/%d)", where, failure, pause, attempt + 1, policy.retries)
            time.sleep(pause)
            attempt += 1


def _client_factory() -> httpx2.Client:
    # The same settings as huggingface_hub's default client (its request hook enforces offline mode, adds request ids).
    return _RetryingClient(event_hooks={"request": [hf_request_event_hook]}, follow_redirects=True, timeout=None)


_install_lock = threading.Lock()
_installed = False


def _install_retrying_client() -> None:
    global _installed
    with _install_lock:
        if not _installed:
            set_client_factory(_client_factory)
            _installed = True


# --- the HF cache


def _safe_ref(name: str) -> bool:
    """A revision is used as a path under refs/, as huggingface_hub does: it must stay there."""
    return not name.startswith("/") and ".." not in name.split("/") and "\\" not in name


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


@dataclass(frozen=True)
class _RepoCache:
    """One repo's folder in the HF cache (`models--org--name`), laid out as huggingface_hub lays it out."""

    root: Path
    repo_id: str
    repo_type: str

    @classmethod
    def of(cls, cache_dir: Path, repo_id: str, repo_type: str) -> _RepoCache:
        return cls(cache_dir / f"{repo_type}s--{repo_id.replace('/', '--')}", repo_id, repo_type)

    def commit(self, revision: str | None) -> str | None:
        """The commit a revision names, from refs/ (a branch or tag) or snapshots/ (a full or short sha)."""
        name = revision or "main"
        if not _safe_ref(name):
            return None
        if _COMMIT.fullmatch(name) and ((self.root / "snapshots" / name).is_dir() or self._sidecar(name).is_file()):
            return name
        ref = self.root / "refs" / name
        if ref.is_file():
            sha = ref.read_text(encoding="utf-8").strip()
            return sha if _COMMIT.fullmatch(sha) else None
        if _SHORT_COMMIT.fullmatch(name) and (self.root / "snapshots").is_dir():
            matches = [p.name for p in (self.root / "snapshots").iterdir() if p.name.startswith(name)]
            return matches[0] if len(matches) == 1 else None
        return None

    def record(self, revision: str | None, sha: str, info: dict[str, object]) -> None:
        """Remember what the Hub said at sha, and which commit the revision named, so that --offline can answer."""
        try:
            (self.root / "snapshots" / sha).mkdir(parents=True, exist_ok=True)
            name = revision or "main"
            if name != sha and _safe_ref(name):
                _write_atomic(self.root / "refs" / name, sha)
            _write_atomic(self._sidecar(sha), json.dumps(info, default=str, sort_keys=True))
        except OSError as exc:  # a read-only cache only costs --offline its shortcut
            logger.debug("could not record %s@%s in the HF cache: %s", self.repo_id, sha, exc)

    def recorded(self, sha: str) -> dict[str, Any] | None:
        try:
            loaded = json.loads(self._sidecar(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return loaded if isinstance(loaded, dict) else None

    def snapshot_files(self, sha: str) -> tuple[str, ...]:
        snapshot = self.root / "snapshots" / sha
        if not snapshot.is_dir():
            return ()
        return tuple(sorted(p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()))

    def _sidecar(self, sha: str) -> Path:
        return self.root / _SIDECAR / f"{sha}.json"


# --- the source


@dataclass(frozen=True)
class _RepoState:
    """What model_info (or its record in the cache) says about a repo at one commit."""

    sha: str
    card_data: dict[str, object]
    tags: tuple[str, ...]
    pipeline_tag: str | None
    repo_files: tuple[str, ...]
    gated: bool | None  # None: not known (a snapshot from `hf download` read offline)
    access_denied: bool = False


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
        timeout: float = 20.0,
    ) -> None:
        self.endpoint = resolve_endpoint(endpoint)
        self._token = resolve_token(token)
        self.offline = offline or env_offline() or hf_constants.is_offline_mode()
        self.cache_dir = resolve_cache_dir(cache_dir)
        self.max_file_bytes = max_file_bytes
        self.policy = RetryPolicy(retries=retries, backoff=backoff, max_wait=max_wait, timeout=timeout)
        # False, not None: the token was looked up above; huggingface_hub must not look again and find another one.
        self._token_arg: str | bool = self._token or False
        self._api = HfApi(
            endpoint=self.endpoint, token=self._token_arg, library_name="licscan", library_version=__version__
        )
        if not self.offline:
            _install_retrying_client()

    def __repr__(self) -> str:
        # Never the token itself.
        return f"HubSource(endpoint={self.endpoint!r}, offline={self.offline}, token={'set' if self._token else None})"

    # -- public

    def model(self, ref: str, revision: str | None = None, readme_wanted: ReadmeWanted | None = None) -> ModelDocuments:
        repo_id, rev = self._split(ref, revision)
        cache = _RepoCache.of(self.cache_dir, repo_id, "model")
        state = self._offline_state(cache, rev) if self.offline else self._online_state(cache, rev)
        card = self._card(state, repo_id)
        files: tuple[DocumentFile, ...] = ()
        denied = state.access_denied  # recorded by an earlier run, read offline
        problems: tuple[Problem, ...] = (self._gated_problem(repo_id),) if denied else ()
        if not denied:
            files, problems, denied = self._license_documents(cache, state, card)
        readme: DocumentFile | None = None
        if not denied and "README.md" in state.repo_files:
            readme, state, more, denied = self._readme(
                cache, state, card, files, readme_wanted or default_readme_wanted
            )
            card = self._card(state, repo_id)
            problems += more
        gguf: tuple[GGUFHeader, ...] = ()
        if not denied:
            gguf, more = self._gguf_headers(cache, state.sha, state.repo_files)
            problems += more
        if denied and not state.access_denied and not self.offline:
            cache.record(rev, state.sha, _state_record(repo_id, state, access_denied=True))
        return ModelDocuments(
            id=repo_id,
            source="hub",
            revision=state.sha,
            requested_revision=rev,
            url=f"{self.endpoint}/{repo_id}",
            card=card,
            files=files,
            readme=readme,
            repo_files=state.repo_files,
            access_denied=denied,
            problems=problems,
            gguf=gguf,
        )

    def dataset(self, ref: str) -> DatasetDocuments:
        repo_id, rev = parse_ref(ref)
        cache = _RepoCache.of(self.cache_dir, repo_id, "dataset")
        state = self._offline_state(cache, rev) if self.offline else self._online_state(cache, rev)
        problems: list[Problem] = []
        data = state.card_data
        if not data and self.offline and "README.md" in state.repo_files:
            readme, problems_read, _ = self._read(cache, state.sha, "README.md")
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

    # -- repo state

    def _split(self, ref: str, revision: str | None) -> tuple[str, str | None]:
        repo_id, rev = parse_ref(ref)
        if revision and rev and revision != rev:
            raise NotFoundError(f"two revisions given for {repo_id}: {rev!r} in the id and {revision!r}")
        return repo_id, revision or rev

    def _online_state(self, cache: _RepoCache, rev: str | None) -> _RepoState:
        repo_id, kind = cache.repo_id, cache.repo_type
        info_call: Callable[[], Any] = (
            (lambda: self._api.model_info(repo_id, revision=rev, timeout=self.policy.timeout))
            if kind == "model"
            else (lambda: self._api.dataset_info(repo_id, revision=rev, timeout=self.policy.timeout))
        )
        info = self._call(info_call, repo_id, rev, kind)
        sha = getattr(info, "sha", None)
        if not isinstance(sha, str) or not _COMMIT.fullmatch(sha):
            raise FetchError(f"{self.endpoint} gave no commit for {repo_id}; is it a Hugging Face Hub endpoint?")
        card = getattr(info, "card_data", None)
        siblings = getattr(info, "siblings", None) or []
        gated = getattr(info, "gated", None)
        state = _RepoState(
            sha=sha,
            card_data=dict(card.to_dict()) if card is not None else {},
            tags=tuple(str(tag) for tag in getattr(info, "tags", None) or ()),
            pipeline_tag=getattr(info, "pipeline_tag", None),
            repo_files=tuple(s.rfilename for s in siblings),
            gated=gated not in (None, False, "false"),
        )
        cache.record(rev, sha, _state_record(repo_id, state))
        return state

    def _offline_state(self, cache: _RepoCache, rev: str | None) -> _RepoState:
        sha = cache.commit(rev)
        if sha is None:
            raise FetchError(
                f"offline: {cache.repo_id}@{rev or 'main'} is not in the Hugging Face cache at {self.cache_dir}; "
                "run once online (or `hf download`) to fill it"
            )
        recorded = cache.recorded(sha)
        if recorded is not None:
            return _RepoState(
                sha=sha,
                card_data=dict(recorded.get("card_data") or {}),
                tags=tuple(recorded.get("tags") or ()),
                pipeline_tag=recorded.get("pipeline_tag"),
                repo_files=tuple(recorded.get("repo_files") or ()),
                gated=bool(recorded.get("gated")),
                access_denied=bool(recorded.get("access_denied")),
            )
        # A snapshot from `hf download`: its files are the repo as far as we can know, its README the card.
        return _RepoState(
            sha=sha, card_data={}, tags=(), pipeline_tag=None, repo_files=cache.snapshot_files(sha), gated=None
        )

    def _card(self, state: _RepoState, repo_id: str) -> CardMetadata:
        return card_metadata(
            state.card_data,
            state.tags,
            state.repo_files,
            repo_id,
            pipeline_tag=state.pipeline_tag,
            gated=state.gated,
        )

    # -- files

    def _license_documents(
        self, cache: _RepoCache, state: _RepoState, card: CardMetadata
    ) -> tuple[tuple[DocumentFile, ...], tuple[Problem, ...], bool]:
        """The license-bearing files at the pinned commit; a gated refusal stops there (the rest would be refused)."""
        files: list[DocumentFile] = []
        problems: list[Problem] = []
        for name in license_files(state.repo_files, card.license_link, cache.repo_id, self.endpoint):
            document, file_problems, denied = self._read(cache, state.sha, name)
            problems.extend(file_problems)
            if denied:
                return tuple(files), tuple(problems), True
            if document is not None:
                files.append(document)
        return tuple(files), tuple(problems), False

    def _readme(
        self,
        cache: _RepoCache,
        state: _RepoState,
        card: CardMetadata,
        files: tuple[DocumentFile, ...],
        wanted: ReadmeWanted,
    ) -> tuple[DocumentFile | None, _RepoState, tuple[Problem, ...], bool]:
        """The README when its prose is wanted, or when the Hub gave no card data (as for a card it cannot parse)."""
        card_missing = not state.card_data
        if not card_missing and not wanted(card, files):
            return None, state, (), False
        document, problems, denied = self._read(cache, state.sha, "README.md")
        if document is None or document.text is None or not card_missing:
            return document, state, problems, denied
        data, _, card_problems = split_front_matter(document.text, "README.md")
        if data:
            state = dataclasses.replace(state, card_data=data)
            card = self._card(state, cache.repo_id)
        return (document if wanted(card, files) else None), state, problems + card_problems, denied

    def _read(self, cache: _RepoCache, sha: str, name: str) -> tuple[DocumentFile | None, tuple[Problem, ...], bool]:
        """(document, problems, access denied) for one file at the pinned commit; a failure is a Problem."""
        if self.offline:
            try:
                found = try_to_load_from_cache(
                    cache.repo_id, name, cache_dir=self.cache_dir, revision=sha, repo_type=cache.repo_type
                )
            except ValueError as exc:  # a file name huggingface_hub refuses (e.g. one that leaves the snapshot)
                return None, (Problem("fetch-error", f"{name}: {_first_line(exc)}", name),), False
            if not isinstance(found, str):
                message = f"{name} is not in the Hugging Face cache (offline); run once online to fetch it"
                return None, (Problem("fetch-error", message, name),), False
            document, problems = read_document(Path(found), name, self.max_file_bytes)
            return document, problems, False
        try:
            with self._retrying():
                path = hf_hub_download(
                    cache.repo_id,
                    name,
                    repo_type=cache.repo_type,
                    revision=sha,
                    endpoint=self.endpoint,
                    token=self._token_arg,
                    cache_dir=self.cache_dir,
                    etag_timeout=self.policy.timeout,
                    library_name="licscan",
                    library_version=__version__,
                    tqdm_class=silent_tqdm,  # no progress bars on a scanner's stderr
                )
        except GatedRepoError:
            return None, (self._gated_problem(cache.repo_id),), True
        except RemoteEntryNotFoundError:
            message = f"{name} is listed in the repository but the Hub did not find it at {sha}"
            return None, (Problem("fetch-error", message, name),), False
        except (RepositoryNotFoundError, RevisionNotFoundError, DisabledRepoError) as exc:
            return None, (Problem("fetch-error", self._scrub(f"{name}: {_first_line(exc)}"), name),), False
        except HubUnavailable as exc:
            return None, (Problem("fetch-error", self._scrub(f"{name}: the Hub kept failing: {exc}"), name),), False
        except (HfHubHTTPError, httpx2.HTTPError, OSError, ValueError) as exc:
            # huggingface_hub wraps a failed lookup in a generic "cannot find it in the cache": the cause says why.
            reason = _first_line(exc.__cause__ or exc)
            message = self._scrub(f"{name} could not be downloaded: {reason}")
            return None, (Problem("fetch-error", message, name),), False
        if not isinstance(path, str):  # a dry run result; never asked for
            return None, (), False
        document, problems = read_document(Path(path), name, self.max_file_bytes)
        return document, problems, False

    # -- GGUF headers (issue 12): the one place that makes ranged reads; moves into sources/hub/ as one unit.

    def _gguf_headers(
        self, cache: _RepoCache, sha: str, repo_files: tuple[str, ...]
    ) -> tuple[tuple[GGUFHeader, ...], tuple[Problem, ...]]:
        """Each GGUF file's header at the pinned commit, read with HTTP Range requests: kilobytes, never the tensors.

        What was read is recorded beside licscan's model_info record, so that --offline gives the same evidence;
        offline, a GGUF file with no record is read from the HF cache if it is there, and is a problem if not.
        """
        headers: list[GGUFHeader] = []
        problems: list[Problem] = []
        record = cache.root / _SIDECAR / f"{sha}.gguf.json"
        recorded = load_headers(record) if self.offline else {}
        for name in gguf_files(repo_files):
            if name in recorded:  # read online at this commit before: the same evidence, offline
                header, problem = recorded[name]
            elif self.offline:
                try:
                    found = try_to_load_from_cache(
                        cache.repo_id, name, cache_dir=self.cache_dir, revision=sha, repo_type=cache.repo_type
                    )
                except ValueError:
                    found = None
                if not isinstance(found, str):
                    message = f"{name}: GGUF header not read: offline, and the file is not in the Hugging Face cache"
                    problems.append(Problem("fetch-error", message, name))
                    continue
                header, problem = parse_header(file_reader(Path(found)), name)
            else:
                url = hf_hub_url(cache.repo_id, name, repo_type=cache.repo_type, revision=sha, endpoint=self.endpoint)

                def read(offset: int, size: int, url: str = url) -> bytes:
                    # A server that ignores Range answers 200 with the whole file: the stream is cut at what was asked.
                    wanted = {"Range": f"bytes={offset}-{offset + size - 1}"}
                    headers = build_hf_headers(
                        token=self._token_arg, library_name="licscan", library_version=__version__, headers=wanted
                    )
                    try:
                        with self._retrying(), get_session().stream("GET", url, headers=headers) as response:
                            if response.status_code == 416:
                                return b""  # the range starts at the end of the file: nothing more to read
                            if response.status_code not in (200, 206):
                                code = response.headers.get("X-Error-Code")
                                raise RangeReadError(f"HTTP {response.status_code}{f' ({code})' if code else ''}")
                            skip = offset if response.status_code == 200 else 0
                            data = bytearray()
                            for chunk in response.iter_bytes():
                                data += chunk
                                if len(data) >= skip + size:
                                    break
                            return bytes(data[skip : skip + size])
                    except HubUnavailable as exc:
                        raise RangeReadError(self._scrub(f"the Hub kept failing: {exc}")) from None
                    except httpx2.HTTPError as exc:
                        raise RangeReadError(self._scrub(f"{type(exc).__name__}: {_first_line(exc)}")) from None

                header, problem = parse_header(read, name)
            headers.append(header)
            if problem is not None:
                problems.append(problem)
        if not self.offline and headers:
            save_headers(record, headers, problems)
        return tuple(headers), tuple(problems)

    def _gated_problem(self, repo_id: str) -> Problem:
        page = f"{self.endpoint}/{repo_id}"
        if self._token:
            advice = f"the token in use has no access: accept the terms at {page} with its account"
        else:
            advice = f"accept the terms at {page}, then set HF_TOKEN (or pass --token)"
        return Problem("gated", f"{repo_id} is gated and its license files could not be read: {advice}")

    # -- errors

    @contextmanager
    def _retrying(self) -> Iterator[None]:
        marker = _POLICY.set(self.policy)
        try:
            yield
        finally:
            _POLICY.reset(marker)

    def _call(self, call: Callable[[], T], repo_id: str, rev: str | None, kind: str) -> T:
        """Run a Hub API call, mapping huggingface_hub's and httpx's errors to licscan's at this edge."""
        what = f"{kind} repository" if kind != "model" else "repository"
        at = f"{repo_id}@{rev}" if rev else repo_id
        try:
            with self._retrying():
                return call()
        except RevisionNotFoundError:
            raise NotFoundError(f"revision not found: {at}") from None
        except GatedRepoError:
            message = f"{what} is gated and cannot be read: {repo_id} (accept its terms; set HF_TOKEN)"
            raise NotFoundError(message) from None
        except RepositoryNotFoundError:
            hint = "or private: check that HF_TOKEN has access" if self._token else "or private: set HF_TOKEN"
            raise NotFoundError(f"{what} not found: {repo_id} ({hint})") from None
        except DisabledRepoError:
            raise NotFoundError(f"{what} has been disabled: {repo_id}") from None
        except HFValidationError as exc:
            raise NotFoundError(self._scrub(f"not a Hub repository id: {repo_id} ({_first_line(exc)})")) from None
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status == 401:
                raise FetchError(f"{self.endpoint} refused the token (HTTP 401): check HF_TOKEN or --token") from None
            raise FetchError(self._scrub(f"{self.endpoint} answered HTTP {status} for {at}")) from None
        except HubUnavailable as exc:
            raise FetchError(self._scrub(f"the Hub at {self.endpoint} kept failing: {exc}")) from exc
        except (httpx2.HTTPError, OSError) as exc:
            reason = f"{type(exc).__name__}: {_first_line(exc)}"
            raise FetchError(self._scrub(f"cannot reach the Hub at {self.endpoint}: {reason}")) from exc

    def _scrub(self, text: str) -> str:
        if self._token:
            text = text.replace(self._token, "***")
        return _TOKEN_LIKE.sub("hf_***", text)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _state_record(repo_id: str, state: _RepoState, access_denied: bool = False) -> dict[str, object]:
    return {
        "format": 1,
        "id": repo_id,
        "sha": state.sha,
        "card_data": state.card_data,
        "tags": list(state.tags),
        "pipeline_tag": state.pipeline_tag,
        "repo_files": list(state.repo_files),
        "gated": state.gated,
        "access_denied": access_denied,
    }
