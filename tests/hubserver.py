"""A real HTTP server on 127.0.0.1 that answers huggingface_hub like the Hub does, fed from fixture repos on disk."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import yaml

from licscan.sources.card import split_front_matter

FIXTURES = Path(__file__).parent / "fixtures" / "hub"
# The one token the server accepts for gated and private repos; any other token is a user without access.
ACCEPTED_TOKEN = "hf_FakeAcceptedTokenForLicscanTests0001"
LAST_MODIFIED = "2024-09-25T14:34:19.000Z"

RepoKind = Literal["model", "dataset"]


@functools.lru_cache(maxsize=1024)  # a big GGUF is hashed once, not on every ranged GET (bytes cache their hash)
def git_blob_sha(data: bytes) -> str:
    """The ETag the Hub gives a file stored in git: its git blob id."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _derived_sha(*parts: str) -> str:
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


@dataclass
class Commit:
    sha: str
    files: dict[str, bytes]


@dataclass
class Repo:
    """One repository: its commits, the refs (branches and tags) that name them, and its access settings."""

    kind: RepoKind
    repo_id: str
    commits: dict[str, Commit]
    refs: dict[str, str]
    gated: str | bool = False
    private: bool = False
    pipeline_tag: str | None = None
    hub_tags: list[str] = field(default_factory=list)

    def resolve(self, revision: str | None) -> Commit | None:
        name = revision or "main"
        if name in self.refs:
            return self.commits[self.refs[name]]
        if name in self.commits:
            return self.commits[name]
        if re.fullmatch(r"[0-9a-f]{7,39}", name):
            found = [c for sha, c in self.commits.items() if sha.startswith(name)]
            return found[0] if len(found) == 1 else None
        return None


@dataclass
class Fault:
    """What to do instead of answering, for the next `remaining` requests whose path matches."""

    pattern: re.Pattern[str]
    method: str | None
    remaining: int
    status: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    drop: bool = False
    error_code: str | None = None
    body: bytes | None = None
    content_type: str = "application/json"
    truncate: int | None = None


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    token: str | None


@dataclass(frozen=True)
class SentBody:
    """One GET answered with a body: the Range asked for (None for a whole-file GET), the status and bytes sent."""

    path: str
    range: str | None
    status: int
    size: int


def _load_files(folder: Path) -> dict[str, bytes]:
    """A fixture folder's repo files; names starting with `_` (the `_repo.yaml` settings, old revisions) are not."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not relative.parts[0].startswith("_"):
            files[relative.as_posix()] = path.read_bytes()
    return files


def load_repo(folder: Path, kind: RepoKind, repo_id: str) -> Repo:
    settings_path = folder / "_repo.yaml"
    settings: dict[str, Any] = {}
    if settings_path.is_file():
        settings = yaml.safe_load(settings_path.read_text(encoding="utf-8")) or {}
    files = _load_files(folder)
    sha = settings.get("sha") or _derived_sha(repo_id, *(f"{k}:{git_blob_sha(v)}" for k, v in files.items()))
    commits = {sha: Commit(sha, files)}
    for old_sha, change in (settings.get("revisions") or {}).items():
        old_files = dict(files)
        for name, content in (change.get("files") or {}).items():
            if isinstance(content, dict):
                old_files[name] = (folder / content["from"]).read_bytes()
            else:
                old_files[name] = str(content).encode()
        for name in change.get("delete") or ():
            old_files.pop(name, None)
        commits[old_sha] = Commit(old_sha, old_files)
    return Repo(
        kind=kind,
        repo_id=repo_id,
        commits=commits,
        refs={"main": sha, **(settings.get("refs") or {})},
        gated=settings.get("gated", False),
        private=bool(settings.get("private", False)),
        pipeline_tag=settings.get("pipeline_tag"),
        hub_tags=list(settings.get("hub_tags") or ()),
    )


def load_fixtures(root: Path = FIXTURES) -> dict[tuple[RepoKind, str], Repo]:
    repos: dict[tuple[RepoKind, str], Repo] = {}
    kinds: tuple[tuple[str, RepoKind], ...] = (("models", "model"), ("datasets", "dataset"))
    for folder_name, kind in kinds:
        base = root / folder_name
        for readme_or_settings in sorted([*base.glob("*/*/README.md"), *base.glob("*/*/_repo.yaml")]):
            folder = readme_or_settings.parent
            repo_id = folder.relative_to(base).as_posix()
            if (kind, repo_id) not in repos:
                repos[(kind, repo_id)] = load_repo(folder, kind, repo_id)
    return repos


def card_data(files: Mapping[str, bytes]) -> dict[str, object]:
    """The README front matter, parsed as the Hub parses it; none for a card it cannot read."""
    raw = files.get("README.md")
    if raw is None:
        return {}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {}
    data, _, problems = split_front_matter(text, "README.md")
    return {} if problems else data


def hub_tags(repo: Repo, data: Mapping[str, object]) -> list[str]:
    """The tags the Hub lists: the card's, `license:<id>` and `base_model:<id>` ones it derives, and its own."""
    tags: list[str] = []
    card_tags = data.get("tags")
    if isinstance(card_tags, list):
        tags += [str(t) for t in card_tags if t is not None]
    licenses = data.get("license")
    for item in licenses if isinstance(licenses, list) else [licenses]:
        if item:
            tags.append(f"license:{str(item).lower()}")
    bases = data.get("base_model")
    for item in bases if isinstance(bases, list) else [bases]:
        if isinstance(item, str) and item:
            tags.append(f"base_model:{item}")
    tags += repo.hub_tags
    return list(dict.fromkeys(tags))


class FakeHub:
    """The server and the state behind it. Start with `with FakeHub() as hub:`; `hub.endpoint` is its URL.

    Drive it with `add_fault()` (delays, 5xx, 429 with Retry-After, dropped connections), `latency` (seconds added to
    every answer), `commit()`, `add_repo()` and `set_gated()` (change repos at run time), and read what the client did
    with `requests`, `count()` and `paths()`.
    """

    def __init__(self, root: Path = FIXTURES, accepted_tokens: Iterable[str] = (ACCEPTED_TOKEN,)) -> None:
        self.repos = load_fixtures(root)
        self.accepted_tokens = set(accepted_tokens)
        self.latency = 0.0
        self.requests: list[RecordedRequest] = []
        self.faults: list[Fault] = []
        self.sent: list[SentBody] = []
        # True: answer a ranged GET with the whole file (200), as a server without Range support does.
        self.ignore_ranges = False
        self._lock = threading.Lock()
        self._cards: dict[str, dict[str, object]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> FakeHub:
        handler = type("BoundHubHandler", (_HubHandler,), {"hub": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fake-hub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        assert self._server is not None, "the fake Hub is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- driving it

    def add_fault(
        self,
        pattern: str,
        *,
        status: int | None = None,
        retry_after: float | str | None = None,
        delay: float = 0.0,
        drop: bool = False,
        times: int = 1,
        method: str | None = None,
        error_code: str | None = None,
        body: bytes | str | None = None,
        content_type: str = "application/json",
        truncate: int | None = None,
    ) -> None:
        """For the next `times` requests whose path matches `pattern` (a regex searched in the path): wait `delay`
        seconds, then either drop the connection (a reset), answer `status` (with Retry-After, an X-Error-Code such
        as EntryNotFound, and `body` as `content_type` when given), answer with the real headers but only the first
        `truncate` bytes of the body, or answer normally."""
        fault = Fault(
            re.compile(pattern),
            method.upper() if method else None,
            times,
            status,
            None if retry_after is None else str(retry_after),
            delay,
            drop,
            error_code,
            body.encode() if isinstance(body, str) else body,
            content_type,
            truncate,
        )
        with self._lock:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def count(self, pattern: str | None = None, method: str | None = None) -> int:
        return len(self.paths(pattern, method))

    def paths(self, pattern: str | None = None, method: str | None = None) -> list[str]:
        with self._lock:
            seen = list(self.requests)
        return [
            r.path
            for r in seen
            if (pattern is None or re.search(pattern, r.path)) and (method is None or r.method == method.upper())
        ]

    def counts(self) -> Counter[str]:
        """Requests per path (HEAD and GET together), for benchmarks."""
        with self._lock:
            return Counter(r.path for r in self.requests)

    def reset_requests(self) -> None:
        with self._lock:
            self.requests.clear()
            self.sent.clear()

    def bodies(self, pattern: str | None = None) -> list[SentBody]:
        """The GET bodies sent for paths matching `pattern`: which were ranged, and how many bytes each cost."""
        with self._lock:
            seen = list(self.sent)
        return [b for b in seen if pattern is None or re.search(pattern, b.path)]

    def bytes_sent(self, pattern: str | None = None) -> int:
        return sum(b.size for b in self.bodies(pattern))

    def repo(self, repo_id: str, kind: RepoKind = "model") -> Repo:
        return self.repos[(kind, repo_id)]

    def add_repo(
        self,
        repo_id: str,
        files: Mapping[str, str | bytes],
        *,
        kind: RepoKind = "model",
        gated: str | bool = False,
        private: bool = False,
        tags: Iterable[str] = (),
        sha: str | None = None,
    ) -> str:
        encoded = {name: c.encode() if isinstance(c, str) else c for name, c in files.items()}
        sha = sha or _derived_sha(repo_id, *(f"{k}:{git_blob_sha(v)}" for k, v in sorted(encoded.items())))
        with self._lock:
            self.repos[(kind, repo_id)] = Repo(
                kind, repo_id, {sha: Commit(sha, encoded)}, {"main": sha}, gated, private, None, list(tags)
            )
        return sha

    def commit(
        self,
        repo_id: str,
        files: Mapping[str, str | bytes] | None = None,
        *,
        delete: Iterable[str] = (),
        branch: str = "main",
        sha: str | None = None,
        kind: RepoKind = "model",
    ) -> str:
        """A new commit on `branch`: its head's files with these changed or deleted. Returns the new sha."""
        with self._lock:
            repo = self.repos[(kind, repo_id)]
            parent = repo.resolve(branch)
            assert parent is not None, f"no branch {branch} in {repo_id}"
            changed = dict(parent.files)
            for name, content in (files or {}).items():
                changed[name] = content.encode() if isinstance(content, str) else content
            for name in delete:
                changed.pop(name, None)
            new_sha = sha or _derived_sha(parent.sha, *(f"{k}:{git_blob_sha(v)}" for k, v in sorted(changed.items())))
            repo.commits[new_sha] = Commit(new_sha, changed)
            repo.refs[branch] = new_sha
        return new_sha

    def set_ref(self, repo_id: str, name: str, sha: str, kind: RepoKind = "model") -> None:
        with self._lock:
            self.repos[(kind, repo_id)].refs[name] = sha

    def set_gated(self, repo_id: str, gated: str | bool, kind: RepoKind = "model") -> None:
        with self._lock:
            self.repos[(kind, repo_id)].gated = gated

    def add_org(self, author: str, count: int) -> list[GeneratedModel]:
        """Add a generated organisation (see generate_org) and return what a census must conclude for each model."""
        models = []
        for repo_id, files, data, model in generate_org(author, count):
            sha = self.add_repo(repo_id, files)
            with self._lock:
                self._cards[sha] = dict(data)
            models.append(model)
        return models

    # -- used by the handler

    def _listed(self, author: str, search: str, token: str | None) -> list[Repo]:
        with self._lock:
            repos = [r for (kind, _), r in self.repos.items() if kind == "model"]
        return sorted(
            (
                r
                for r in repos
                if (not r.private or token in self.accepted_tokens)
                and (not author or r.repo_id.split("/")[0].lower() == author)
                and (not search or search in r.repo_id.lower())
            ),
            key=lambda r: r.repo_id.lower(),
        )

    def _card(self, commit: Commit) -> dict[str, object]:
        """The card data of a commit, parsed once (a listing of 20,000 models must not parse 20,000 cards per page)."""
        with self._lock:
            cards: dict[str, dict[str, object]] = self._cards
            cached = cards.get(commit.sha)
        if cached is None:
            cached = card_data(commit.files)
            with self._lock:
                cards[commit.sha] = cached
        return cached

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.remaining > 0 and fault.pattern.search(path) and fault.method in (None, method):
                    fault.remaining -= 1
                    return fault
        return None

    def _record(self, method: str, path: str, token: str | None) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(method, path, token))

    def _record_body(self, body: SentBody) -> None:
        with self._lock:
            self.sent.append(body)

    def _lookup(self, kind: RepoKind, repo_id: str) -> Repo | None:
        with self._lock:
            return self.repos.get((kind, repo_id))


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes = b""


def _error(status: int, code: str | None, message: str, commit: str | None = None) -> _Answer:
    headers = {"Content-Type": "application/json", "X-Error-Message": message}
    if code:
        headers["X-Error-Code"] = code
    if commit:
        headers["X-Repo-Commit"] = commit
    return _Answer(status, headers, json.dumps({"error": message}).encode())


class _HubHandler(BaseHTTPRequestHandler):
    hub: FakeHub
    query: dict[str, list[str]]
    server_version = "FakeHub/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the requests are recorded, not printed."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def _serve(self, method: str) -> None:
        path = urlsplit(self.path).path
        self.query = parse_qs(urlsplit(self.path).query)
        token = self._token()
        self.hub._record(method, path, token)
        try:
            if self.hub.latency:
                time.sleep(self.hub.latency)
            fault = self.hub._take_fault(method, path)
            if fault is not None and fault.delay:
                time.sleep(fault.delay)
            if fault is not None and fault.drop:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault is not None and fault.status is not None:
                answer = _error(fault.status, fault.error_code, f"injected fault: HTTP {fault.status}")
                if fault.retry_after is not None:
                    answer.headers["Retry-After"] = fault.retry_after
                if fault.body is not None:
                    answer.headers["Content-Type"] = fault.content_type
                    answer = _Answer(answer.status, answer.headers, fault.body)
            else:
                answer = self._answer(method, path, token)
            if fault is not None and fault.truncate is not None:
                self._send_truncated(method, answer, fault.truncate)
                return
            self._send(method, answer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (a timeout test)

    def _token(self) -> str | None:
        value = self.headers.get("Authorization", "")
        return value[len("Bearer ") :].strip() if value.startswith("Bearer ") else None

    def _send(self, method: str, answer: _Answer) -> None:
        body = answer.body
        status = answer.status
        headers = dict(answer.headers)
        range_header = self.headers.get("Range")
        # One range, `bytes=a-b` or `bytes=a-`, as huggingface_hub asks for (resumed downloads, header reads).
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", range_header or "")
        if status == 200 and method == "GET" and match and not self.hub.ignore_ranges:
            start = int(match.group(1))
            end = min(int(match.group(2)), len(body) - 1) if match.group(2) else len(body) - 1
            if start >= len(body) or end < start:
                headers = {"Content-Range": f"bytes */{len(body)}"}
                body, status = b"", 416
            else:
                headers["Content-Range"] = f"bytes {start}-{end}/{len(body)}"
                body, status = body[start : end + 1], 206
        if method == "GET":
            self.hub._record_body(SentBody(urlsplit(self.path).path, range_header, status, len(body)))
        self.send_response(status)
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if method == "GET":
            self.wfile.write(body)

    def _send_truncated(self, method: str, answer: _Answer, keep: int) -> None:
        """The headers promise the whole body; the connection closes after `keep` bytes of it."""
        self.send_response(answer.status)
        for name, value in {**answer.headers, "Content-Length": str(len(answer.body))}.items():
            self.send_header(name, value)
        self.end_headers()
        if method == "GET":
            self.wfile.write(answer.body[:keep])
            self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _listing(self, method: str, token: str | None) -> _Answer:
        """GET /api/models?author=&search=&limit=&expand=...&cursor=: one page, and `Link: <...>; rel="next"`."""
        if method != "GET":
            return _error(405, None, "method not allowed")
        query = self.query
        author = (query.get("author") or [""])[0].lower()
        search = (query.get("search") or [""])[0].lower()
        try:
            limit = int((query.get("limit") or ["0"])[0]) or None
            offset = int(base64.urlsafe_b64decode((query.get("cursor") or [""])[0].encode()) or b"0")
        except ValueError:
            return _error(400, None, "invalid limit or cursor")
        expand = query.get("expand") or []
        found = self.hub._listed(author, search, token)
        page = min(limit or LISTING_PAGE, LISTING_PAGE)
        items = []
        for repo in found[offset : offset + page]:
            commit = repo.commits[repo.refs["main"]]
            items.append(_listing_item(repo, commit, self.hub._card(commit), expand))
        headers = {"Content-Type": "application/json"}
        if offset + page < len(found):
            cursor = base64.urlsafe_b64encode(str(offset + page).encode()).decode()
            rest = {k: v for k, v in query.items() if k != "cursor"}
            url = f"{self.hub.endpoint}/api/models?{urlencode({**rest, 'cursor': [cursor]}, doseq=True)}"
            headers["Link"] = f'<{url}>; rel="next"'
        return _Answer(200, headers, json.dumps(items, default=str).encode())

    def _answer(self, method: str, path: str, token: str | None) -> _Answer:
        if path == "/api/models":
            return self._listing(method, token)
        if path.startswith("/api/models/") or path.startswith("/api/datasets/"):
            if method != "GET":
                return _error(405, None, "method not allowed")
            kind: RepoKind = "model" if path.startswith("/api/models/") else "dataset"
            rest = path.split("/", 3)[3]
            repo_part, _, revision = rest.partition("/revision/")
            return self._info(kind, unquote(repo_part), unquote(revision) if revision else None, token)
        if "/resolve/" in path:
            before, _, after = path.partition("/resolve/")
            repo_part = before.lstrip("/")
            kind = "model"
            if repo_part.startswith("datasets/"):
                kind, repo_part = "dataset", repo_part[len("datasets/") :]
            revision, _, filename = after.partition("/")
            return self._resolve(kind, unquote(repo_part), unquote(revision), unquote(filename), token)
        return _error(404, None, "not found")

    def _visible(self, repo: Repo | None, token: str | None) -> Repo | None:
        if repo is None or (repo.private and token not in self.hub.accepted_tokens):
            return None
        return repo

    def _not_found(self, token: str | None) -> _Answer:
        # Like the Hub: 401 to an anonymous caller (it may be private), 404 to a signed-in one.
        return _error(401 if token is None else 404, "RepoNotFound", "Repository not found")

    def _info(self, kind: RepoKind, repo_id: str, revision: str | None, token: str | None) -> _Answer:
        repo = self._visible(self.hub._lookup(kind, repo_id), token)
        if repo is None:
            return self._not_found(token)
        commit = repo.resolve(revision)
        if commit is None:
            return _error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        data = card_data(commit.files)
        body: dict[str, object] = {
            "_id": _derived_sha(repo_id)[:24],
            "id": repo_id,
            "author": repo_id.split("/")[0] if "/" in repo_id else None,
            "sha": commit.sha,
            "lastModified": LAST_MODIFIED,
            "createdAt": LAST_MODIFIED,
            "private": repo.private,
            "gated": repo.gated,
            "disabled": False,
            "downloads": 0,
            "likes": 0,
            "tags": hub_tags(repo, data),
            "siblings": [{"rfilename": name} for name in sorted(commit.files)],
            "usedStorage": sum(len(v) for v in commit.files.values()),
        }
        if kind == "model":
            body["modelId"] = repo_id
            body["library_name"] = data.get("library_name")
            body["pipeline_tag"] = data.get("pipeline_tag") or repo.pipeline_tag
        if data:
            body["cardData"] = data
        return _Answer(200, {"Content-Type": "application/json"}, json.dumps(body, default=str).encode())

    def _resolve(self, kind: RepoKind, repo_id: str, revision: str, filename: str, token: str | None) -> _Answer:
        repo = self._visible(self.hub._lookup(kind, repo_id), token)
        if repo is None:
            return self._not_found(token)
        commit = repo.resolve(revision)
        if commit is None:
            return _error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        if repo.gated and token not in self.hub.accepted_tokens:
            message = (
                f"Access to {kind} {repo_id} is restricted. You must have access to it and be authenticated to "
                "access it. Please log in."
            )
            return _error(401 if token is None else 403, "GatedRepo", message)
        content = commit.files.get(filename)
        if content is None:
            return _error(404, "EntryNotFound", "Entry not found", commit=commit.sha)
        headers = {
            "Content-Type": "text/plain; charset=utf-8",
            "ETag": f'"{git_blob_sha(content)}"',
            "X-Repo-Commit": commit.sha,
            "Accept-Ranges": "bytes",
        }
        return _Answer(200, headers, content)


# --- the model listing (`HfApi.list_models`), and generated organisations to list

# The Hub's page size for /api/models: a listing of 2,500 models is three pages.
LISTING_PAGE = 1000
_REPO_ROOT = Path(__file__).resolve().parent.parent


def _listing_item(repo: Repo, commit: Commit, data: Mapping[str, object], expand: list[str]) -> dict[str, object]:
    """One listed model with the fields `expand` asks for, as the Hub answers."""
    item: dict[str, object] = {"_id": _derived_sha(repo.repo_id)[:24], "id": repo.repo_id}
    fields: dict[str, object] = {
        "sha": commit.sha,
        "gated": repo.gated,
        "pipeline_tag": data.get("pipeline_tag") or repo.pipeline_tag,
        "tags": hub_tags(repo, data),
        "author": repo.repo_id.split("/")[0],
        "private": repo.private,
        "lastModified": LAST_MODIFIED,
    }
    for name in expand:
        if name == "cardData":
            if data:
                item["cardData"] = data
        elif name in fields:
            item[name] = fields[name]
    return item


@dataclass(frozen=True)
class GeneratedModel:
    """One model of a generated organisation and the license a scan must conclude for it."""

    repo_id: str
    expected: str | None
    mislabel: bool = False
    undecided: bool = False


# (card license, license_name, base model, concluded license); bases are fixture repos, read through lineage.
_DECIDED: tuple[tuple[str, str | None, str | None, str], ...] = (
    ("apache-2.0", None, None, "apache-2.0"),
    ("mit", None, None, "mit"),
    ("llama3.1", None, "meta-llama/Llama-3.1-8B-Instruct", "llama3.1"),
    ("gemma", None, "google/gemma-2-9b", "gemma"),
    ("cc-by-nc-4.0", None, None, "cc-by-nc-4.0"),
    ("bsd-3-clause", None, None, "bsd-3-clause"),
)
# 1 in 7 cards says `other` with a license_name that names a known license.
_OTHER_NAMED: tuple[tuple[str, str], ...] = (
    ("tongyi-qianwen", "tongyi-qianwen"),
    ("deepseek-license", "deepseek"),
    ("stabilityai-ai-community", "stabilityai-community"),
    ("llama3", "llama3"),
    ("nvidia-open-model-license", "nvidia-open-model-license"),
)


def _card_text(data: Mapping[str, object]) -> str:
    return "---\n" + yaml.safe_dump(dict(data), sort_keys=False) + "---\n# Generated model\n"


def generate_org(author: str, count: int) -> list[tuple[str, dict[str, bytes], dict[str, object], GeneratedModel]]:
    """A deterministic organisation of `count` models with mixed licenses.

    Per 100 models: 3 have cards that do not decide (no license with an MIT LICENSE file; `other` with an unknown
    license_name and an Apache-2.0 LICENSE file; no license and no file at all), 1 is an Apache-2.0 card on a
    Llama 3.1 fine-tune (a mislabel); 1 in 7 of the rest say `other` with a known license_name.
    """
    mit = (_REPO_ROOT / "licenses" / "texts" / "mit.txt").read_bytes()
    apache = (_REPO_ROOT / "licenses" / "texts" / "apache-2.0.txt").read_bytes()
    out = []
    for i in range(count):
        repo_id = f"{author}/model-{i:05d}"
        files: dict[str, bytes] = {}
        data: dict[str, object]
        slot = i % 100
        if slot == 7:
            data, expected = {"pipeline_tag": "text-classification"}, "mit"
            files["LICENSE"] = mit
            model = GeneratedModel(repo_id, expected, undecided=True)
        elif slot == 23:
            data, expected = {"license": "other", "license_name": "acme-model-license-v2"}, "apache-2.0"
            files["LICENSE"] = apache
            model = GeneratedModel(repo_id, expected, undecided=True)
        elif slot == 41:
            data = {"pipeline_tag": "text-generation"}
            model = GeneratedModel(repo_id, None, undecided=True)
        elif slot == 59:
            data = {"license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B-Instruct"}
            model = GeneratedModel(repo_id, "llama3.1", mislabel=True)
        elif i % 7 == 6:
            name, key = _OTHER_NAMED[(i // 7) % len(_OTHER_NAMED)]
            data = {"license": "other", "license_name": name}
            model = GeneratedModel(repo_id, key)
        else:
            lic, _, base, key = _DECIDED[i % len(_DECIDED)]
            data = {"license": lic}
            if base:
                data["base_model"] = base
            model = GeneratedModel(repo_id, key)
        files["README.md"] = _card_text(data).encode()
        out.append((repo_id, files, data, model))
    return out
