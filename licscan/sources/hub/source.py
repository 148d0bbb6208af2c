"""HubSource: a model's card metadata and license files at a pinned commit, through huggingface_hub; its errors mapped
to licscan's here."""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

# licscan reads license documents only: huggingface_hub's usage telemetry is off unless the user turns it on.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import httpx2
from huggingface_hub import HfApi, get_session, hf_hub_download, hf_hub_url, try_to_load_from_cache
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
from huggingface_hub.utils import logging as hf_logging
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils.tqdm import silent_tqdm

from licscan import __version__
from licscan.errors import first_line
from licscan.hubnames import COMMIT, is_hub_id
from licscan.sources.card import card_metadata, clean, split_front_matter
from licscan.sources.files import DEFAULT_MAX_FILE_BYTES, default_readme_wanted, license_files, read_document
from licscan.sources.gguf import RangeReadError, file_reader, gguf_files, load_headers, parse_header, save_headers
from licscan.sources.hub.cache import RECORD_FORMAT, RepoCache
from licscan.sources.hub.client import HubUnavailable, RetryPolicy, install_retrying_client, retrying
from licscan.sources.hub.settings import (
    env_offline,
    request_timeout,
    resolve_cache_dir,
    resolve_endpoint,
    resolve_token,
    scrub,
)
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
from licscan.sources.refs import parse_ref

logger = logging.getLogger(__name__)

T = TypeVar("T")
# What a reply that is not the Hub's JSON raises inside huggingface_hub (json.JSONDecodeError is a ValueError).
_BAD_REPLY = (ValueError, TypeError, KeyError, AttributeError)


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
        # False, not None: the token was looked up above; huggingface_hub must not look again and find another one.
        self._token_arg: str | bool = self._token or False
        self._api = HfApi(
            endpoint=self.endpoint, token=self._token_arg, library_name="licscan", library_version=__version__
        )
        if not self.offline:
            install_retrying_client()
        quiet_huggingface_hub()

    def __repr__(self) -> str:
        # Never the token itself.
        return f"HubSource(endpoint={self.endpoint!r}, offline={self.offline}, token={'set' if self._token else None})"

    # -- public

    def model(self, ref: str, revision: str | None = None, readme_wanted: ReadmeWanted | None = None) -> ModelDocuments:
        repo_id, rev = self._split(ref, revision)
        cache = RepoCache.of(self.cache_dir, repo_id, "model")
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

    # -- census listing (issue 13): the one huggingface_hub listing call; the census module pages through it.

    def list_models(
        self, author: str | None = None, search: str | None = None, limit: int | None = None
    ) -> Iterator[ModelDocuments]:
        """The models HfApi.list_models lists, as documents read from the listing alone (no files, no model_info).

        The listing expands card data, gating, pipeline tag, tags and sha, so that a model whose card decides its
        license needs no other request; huggingface_hub follows the `Link: rel="next"` pages. Errors are mapped
        like every other call here (FetchError, NotFoundError); offline there is no listing to read.
        """
        what = ", ".join(f"{k}={v!r}" for k, v in (("author", author), ("search", search)) if v) or "all models"
        if self.offline:
            raise FetchError(f"offline: the Hub's model listing ({what}) cannot be read from the cache")
        expand: list[Any] = ["cardData", "gated", "pipeline_tag", "tags", "sha"]
        listing = iter(
            self._api.list_models(author=author, search=search, limit=limit, expand=expand, token=self._token_arg)
        )
        done = object()
        while True:
            # Each page is fetched when the iterator reaches it: the call and its errors are mapped one item at a time.
            info = self._call(lambda: next(listing, done), f"listing of {what}", None, "model listing")
            if info is done:
                return
            yield listed_model_documents(info, self.endpoint)

    def dataset(self, ref: str) -> DatasetDocuments:
        repo_id, rev = split_ref(ref)
        cache = RepoCache.of(self.cache_dir, repo_id, "dataset")
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
        repo_id, rev = split_ref(ref)
        if revision and rev and revision != rev:
            raise NotFoundError(f"two revisions given for {repo_id}: {rev!r} in the id and {revision!r}")
        return repo_id, revision or rev

    def _online_state(self, cache: RepoCache, rev: str | None) -> _RepoState:
        repo_id, kind = cache.repo_id, cache.repo_type
        info_call: Callable[[], Any] = (
            (lambda: self._api.model_info(repo_id, revision=rev, timeout=self.policy.timeout))
            if kind == "model"
            else (lambda: self._api.dataset_info(repo_id, revision=rev, timeout=self.policy.timeout))
        )
        info = self._call(info_call, repo_id, rev, kind)
        sha = getattr(info, "sha", None)
        if not isinstance(sha, str) or not COMMIT.fullmatch(sha):
            raise FetchError(f"{self.endpoint} gave no commit for {repo_id}; is it a Hugging Face Hub endpoint?")
        state = self._state_of(info, sha)
        cache.record(rev, sha, _state_record(repo_id, state))
        return state

    def _state_of(self, info: Any, sha: str) -> _RepoState:
        """What model_info said, odd shapes refused here. Card data, tags and pipeline tag are cleaned where every
        source reads them, in card_metadata; file names, which travel on as they are, are cleaned here."""
        try:
            card = getattr(info, "card_data", None)
            card_data = card.to_dict() if card is not None else {}
            siblings = getattr(info, "siblings", None) or []
            gated = getattr(info, "gated", None)
            pipeline_tag = getattr(info, "pipeline_tag", None)
            return _RepoState(
                sha=sha,
                card_data=dict(card_data) if isinstance(card_data, dict) else {},
                tags=tuple(str(tag) for tag in getattr(info, "tags", None) or ()),
                pipeline_tag=pipeline_tag if isinstance(pipeline_tag, str) else None,
                repo_files=tuple(clean(str(s.rfilename)) for s in siblings),
                gated=gated not in (None, False, "false"),
            )
        except _BAD_REPLY as exc:
            raise FetchError(
                f"{self.endpoint} described the repository at {sha} in an unexpected shape: {exc}"
            ) from exc

    def _offline_state(self, cache: RepoCache, rev: str | None) -> _RepoState:
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
        self, cache: RepoCache, state: _RepoState, card: CardMetadata
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
        cache: RepoCache,
        state: _RepoState,
        card: CardMetadata,
        files: tuple[DocumentFile, ...],
        wanted: ReadmeWanted,
    ) -> tuple[DocumentFile | None, _RepoState, tuple[Problem, ...], bool]:
        """The README when its prose is wanted, or when the Hub gave no card data (as for a card it cannot parse).

        The document's text is the prose after the front matter: words inside the metadata block, parsed or broken,
        are never read as license evidence (its hash is still that of the whole file)."""
        card_missing = not state.card_data
        if not card_missing and not wanted(card, files):
            return None, state, (), False
        document, problems, denied = self._read(cache, state.sha, "README.md")
        if document is None or document.text is None:
            return document, state, problems, denied
        data, body, card_problems = split_front_matter(document.text, "README.md")
        document = dataclasses.replace(document, text=body)
        if not card_missing:
            return document, state, problems, denied
        if data:
            state = dataclasses.replace(state, card_data=data)
            card = self._card(state, cache.repo_id)
        return (document if wanted(card, files) else None), state, problems + card_problems, denied

    def _read(self, cache: RepoCache, sha: str, name: str) -> tuple[DocumentFile | None, tuple[Problem, ...], bool]:
        """(document, problems, access denied) for one file at the pinned commit; a failure is a Problem."""
        if self.offline:
            try:
                found = try_to_load_from_cache(
                    cache.repo_id, name, cache_dir=self.cache_dir, revision=sha, repo_type=cache.repo_type
                )
            except ValueError as exc:  # a file name huggingface_hub refuses (e.g. one that leaves the snapshot)
                return None, (Problem("fetch-error", f"{name}: {first_line(exc)}", name),), False
            if not isinstance(found, str):
                message = f"{name} is not in the Hugging Face cache (offline); run once online to fetch it"
                return None, (Problem("fetch-error", message, name),), False
            document, problems = read_document(Path(found), name, self.max_file_bytes)
            return document, problems, False
        try:
            with retrying(self.policy):
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
            return None, (Problem("fetch-error", self._scrub(f"{name}: {first_line(exc)}"), name),), False
        except HubUnavailable as exc:
            return None, (Problem("fetch-error", self._scrub(f"{name}: the Hub kept failing: {exc}"), name),), False
        except (HfHubHTTPError, httpx2.HTTPError, OSError, ValueError) as exc:
            # huggingface_hub wraps a failed lookup in a generic "cannot find it in the cache": the cause says why.
            reason = first_line(exc.__cause__ or exc)
            message = self._scrub(f"{name} could not be downloaded: {reason}")
            return None, (Problem("fetch-error", message, name),), False
        if not isinstance(path, str):  # a dry run result; never asked for
            return None, (), False
        document, problems = read_document(Path(path), name, self.max_file_bytes)
        return document, problems, False

    # -- GGUF headers (issue 12): the one place that makes ranged reads; moves into sources/hub/ as one unit.

    def _gguf_headers(
        self, cache: RepoCache, sha: str, repo_files: tuple[str, ...]
    ) -> tuple[tuple[GGUFHeader, ...], tuple[Problem, ...]]:
        """Each GGUF file's header at the pinned commit, read with HTTP Range requests: kilobytes, never the tensors.

        What was read is recorded beside licscan's model_info record, so that --offline gives the same evidence;
        offline, a GGUF file with no record is read from the HF cache if it is there, and is a problem if not.
        """
        headers: list[GGUFHeader] = []
        problems: list[Problem] = []
        record = cache.records / f"{sha}.gguf.json"
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
                        with retrying(self.policy), get_session().stream("GET", url, headers=headers) as response:
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
                        raise RangeReadError(self._scrub(f"{type(exc).__name__}: {first_line(exc)}")) from None

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

    def _call(self, call: Callable[[], T], repo_id: str, rev: str | None, kind: str) -> T:
        """Run a Hub API call, mapping huggingface_hub's and httpx's errors to licscan's at this edge."""
        what = f"{kind} repository" if kind != "model" else "repository"
        at = f"{repo_id}@{rev}" if rev else repo_id
        try:
            with retrying(self.policy):
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
            raise NotFoundError(self._scrub(f"not a Hub repository id: {repo_id} ({first_line(exc)})")) from None
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status == 401:
                raise FetchError(f"{self.endpoint} refused the token (HTTP 401): check HF_TOKEN or --token") from None
            raise FetchError(self._scrub(f"{self.endpoint} answered HTTP {status} for {at}")) from None
        except HubUnavailable as exc:
            raise FetchError(self._scrub(f"the Hub at {self.endpoint} kept failing: {exc}")) from exc
        except (httpx2.HTTPError, OSError) as exc:
            reason = f"{type(exc).__name__}: {first_line(exc)}"
            raise FetchError(self._scrub(f"cannot reach the Hub at {self.endpoint}: {reason}")) from exc
        except _BAD_REPLY as exc:
            # A 200 whose body is not the Hub's JSON (a proxy's HTML page, a cut reply, a list where a dict belongs).
            reason = f"{type(exc).__name__}: {first_line(exc)}"
            message = f"{self.endpoint} gave a reply for {at} that is not the Hub's JSON ({reason})"
            raise FetchError(self._scrub(message)) from exc

    def _scrub(self, text: str) -> str:
        return scrub(text, self._token)


def _state_record(repo_id: str, state: _RepoState, access_denied: bool = False) -> dict[str, object]:
    return {
        "format": RECORD_FORMAT,
        "id": repo_id,
        "sha": state.sha,
        "card_data": state.card_data,
        "tags": list(state.tags),
        "pipeline_tag": state.pipeline_tag,
        "repo_files": list(state.repo_files),
        "gated": state.gated,
        "access_denied": access_denied,
    }


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
        requested_revision=None,
        url=f"{endpoint}/{info.id}",
        card=metadata,
        files=(),
        readme=None,
        repo_files=(),
    )
