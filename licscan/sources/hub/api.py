"""The Hub API as licscan calls it (model_info, dataset_info, list_models, file downloads), on huggingface_hub's
public API only, with every huggingface_hub and httpx error mapped to licscan's own here, at the edge."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx2
from huggingface_hub import HfApi, hf_hub_download, hf_hub_url
from huggingface_hub.errors import (
    DisabledRepoError,
    GatedRepoError,
    HfHubHTTPError,
    HFValidationError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]  # public, lazily exported
from huggingface_hub.utils.tqdm import silent_tqdm

from licscan import __version__
from licscan.errors import first_line
from licscan.sources.hub.client import HubUnavailable, RetryPolicy, install_retrying_client, retrying
from licscan.sources.hub.settings import scrub
from licscan.sources.interface import FetchError, NotFoundError, Problem

T = TypeVar("T")
# What a reply that is not the Hub's JSON raises inside huggingface_hub (json.JSONDecodeError is a ValueError).
BAD_REPLY = (ValueError, TypeError, KeyError, AttributeError)


class HubApi:
    """One endpoint and token: the calls licscan makes, each retried under `policy` and its errors mapped."""

    def __init__(self, endpoint: str, token: str | None, policy: RetryPolicy, offline: bool) -> None:
        self.endpoint = endpoint
        self.token = token
        self.policy = policy
        # False, not None: the token was looked up already; huggingface_hub must not look again and find another one.
        self.token_arg: str | bool = token or False
        self._api = HfApi(endpoint=endpoint, token=self.token_arg, library_name="licscan", library_version=__version__)
        if not offline:
            install_retrying_client()

    def repo_info(self, repo_id: str, repo_type: str, revision: str | None) -> Any:
        """model_info or dataset_info at a revision (NotFoundError, FetchError)."""
        timeout = self.policy.timeout
        info_call: Callable[[], Any] = (
            (lambda: self._api.model_info(repo_id, revision=revision, timeout=timeout))
            if repo_type == "model"
            else (lambda: self._api.dataset_info(repo_id, revision=revision, timeout=timeout))
        )
        return self.call(info_call, repo_id, revision, repo_type)

    def list_models(self, author: str | None, search: str | None, limit: int | None) -> Iterator[Any]:
        """HfApi.list_models with card data, gating, pipeline tag, tags and sha expanded; each page's errors mapped."""
        what = ", ".join(f"{k}={v!r}" for k, v in (("author", author), ("search", search)) if v) or "all models"
        expand: list[Any] = ["cardData", "gated", "pipeline_tag", "tags", "sha"]
        listing = iter(
            self._api.list_models(author=author, search=search, limit=limit, expand=expand, token=self.token_arg)
        )
        done = object()
        while True:
            # Each page is fetched when the iterator reaches it: the call and its errors are mapped one item at a time.
            info = self.call(lambda: next(listing, done), f"listing of {what}", None, "model listing")
            if info is done:
                return
            yield info

    def download(
        self, repo_id: str, repo_type: str, sha: str, name: str, cache_dir: Path
    ) -> tuple[Path | None, tuple[Problem, ...], bool]:
        """(path in the HF cache, problems, access denied) for one file at the pinned commit; a failure is a Problem."""
        try:
            with retrying(self.policy):
                path = hf_hub_download(
                    repo_id,
                    name,
                    repo_type=repo_type,
                    revision=sha,
                    endpoint=self.endpoint,
                    token=self.token_arg,
                    cache_dir=cache_dir,
                    etag_timeout=self.policy.timeout,
                    library_name="licscan",
                    library_version=__version__,
                    tqdm_class=silent_tqdm,  # no progress bars on a scanner's stderr
                )
        except GatedRepoError:
            return None, (self.gated_problem(repo_id),), True
        except RemoteEntryNotFoundError:
            message = f"{name} is listed in the repository but the Hub did not find it at {sha}"
            return None, (Problem("fetch-error", message, name),), False
        except (RepositoryNotFoundError, RevisionNotFoundError, DisabledRepoError) as exc:
            return None, (Problem("fetch-error", self.scrub(f"{name}: {first_line(exc)}"), name),), False
        except HubUnavailable as exc:
            return None, (Problem("fetch-error", self.scrub(f"{name}: the Hub kept failing: {exc}"), name),), False
        except (HfHubHTTPError, httpx2.HTTPError, OSError, ValueError) as exc:
            # huggingface_hub wraps a failed lookup in a generic "cannot find it in the cache": the cause says why.
            reason = first_line(exc.__cause__ or exc)
            message = self.scrub(f"{name} could not be downloaded: {reason}")
            return None, (Problem("fetch-error", message, name),), False
        if not isinstance(path, str):  # a dry run result; never asked for
            return None, (), False
        return Path(path), (), False

    def file_url(self, repo_id: str, repo_type: str, sha: str, name: str) -> str:
        return hf_hub_url(repo_id, name, repo_type=repo_type, revision=sha, endpoint=self.endpoint)

    def headers(self, extra: dict[str, str]) -> dict[str, str]:
        """The headers huggingface_hub sends (authorization, user agent), with `extra` added."""
        return build_hf_headers(
            token=self.token_arg, library_name="licscan", library_version=__version__, headers=extra
        )

    def gated_problem(self, repo_id: str) -> Problem:
        page = f"{self.endpoint}/{repo_id}"
        if self.token:
            advice = f"the token in use has no access: accept the terms at {page} with its account"
        else:
            advice = f"accept the terms at {page}, then set HF_TOKEN (or pass --token)"
        return Problem("gated", f"{repo_id} is gated and its license files could not be read: {advice}")

    def call(self, call: Callable[[], T], repo_id: str, rev: str | None, kind: str) -> T:
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
            hint = "or private: check that HF_TOKEN has access" if self.token else "or private: set HF_TOKEN"
            raise NotFoundError(f"{what} not found: {repo_id} ({hint})") from None
        except DisabledRepoError:
            raise NotFoundError(f"{what} has been disabled: {repo_id}") from None
        except HFValidationError as exc:
            raise NotFoundError(self.scrub(f"not a Hub repository id: {repo_id} ({first_line(exc)})")) from None
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status == 401:
                raise FetchError(f"{self.endpoint} refused the token (HTTP 401): check HF_TOKEN or --token") from None
            raise FetchError(self.scrub(f"{self.endpoint} answered HTTP {status} for {at}")) from None
        except HubUnavailable as exc:
            raise FetchError(self.scrub(f"the Hub at {self.endpoint} kept failing: {exc}")) from exc
        except (httpx2.HTTPError, OSError) as exc:
            reason = f"{type(exc).__name__}: {first_line(exc)}"
            raise FetchError(self.scrub(f"cannot reach the Hub at {self.endpoint}: {reason}")) from exc
        except BAD_REPLY as exc:
            # A 200 whose body is not the Hub's JSON (a proxy's HTML page, a cut reply, a list where a dict belongs).
            reason = f"{type(exc).__name__}: {first_line(exc)}"
            message = f"{self.endpoint} gave a reply for {at} that is not the Hub's JSON ({reason})"
            raise FetchError(self.scrub(message)) from exc

    def scrub(self, text: str) -> str:
        return scrub(text, self.token)
