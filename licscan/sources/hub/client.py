"""The HTTP client huggingface_hub runs on, with licscan's bounded retry policy (Retry-After and RateLimit honoured)."""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx2
from huggingface_hub import get_session, set_client_factory
from huggingface_hub.utils import parse_ratelimit_headers  # type: ignore[attr-defined]  # public, lazily exported

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)
# huggingface_hub's own once-a-day agent-registry lookup is best effort: it must stay one quick attempt.
_NOT_RETRIED_PATHS = frozenset({"/api/agent-harnesses"})


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
    limit = parse_ratelimit_headers(headers)
    if limit is not None and limit.remaining == 0:
        return float(limit.reset_in_seconds)
    return None


@contextmanager
def retrying(policy: RetryPolicy) -> Iterator[None]:
    """Requests made in this block (by huggingface_hub, in this thread) retry under `policy`."""
    marker = _POLICY.set(policy)
    try:
        yield
    finally:
        _POLICY.reset(marker)


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
            except RETRY_ERRORS as exc:
                failure = type(exc).__name__
            else:
                if response.status_code not in RETRY_STATUSES:
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


def _client_factory(like: httpx2.Client) -> Callable[[], httpx2.Client]:
    """Clients set up as huggingface_hub's own client `like` is (its event hooks enforce offline mode and add request
    ids), read through httpx's public `event_hooks`: no private huggingface_hub module is imported."""
    hooks = {name: list(functions) for name, functions in like.event_hooks.items()}
    return lambda: _RetryingClient(event_hooks=hooks, follow_redirects=True, timeout=None)


_install_lock = threading.Lock()
_installed = False


def install_retrying_client() -> None:
    """Make huggingface_hub build its clients with retries; once per process (the factory is process-wide)."""
    global _installed
    with _install_lock:
        if not _installed:
            set_client_factory(_client_factory(get_session()))
            _installed = True
