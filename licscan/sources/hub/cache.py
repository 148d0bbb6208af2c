"""The HF cache read through huggingface_hub's own helpers, and licscan's record of what the Hub said (for --offline).

licscan never writes the HF cache itself and keeps no copy of its layout: huggingface_hub writes it (hf_hub_download)
and reads it (scan_cache_dir, try_to_load_from_cache). licscan's records live in licscan's own cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from huggingface_hub import CachedRevisionInfo, scan_cache_dir, try_to_load_from_cache
from huggingface_hub.errors import CacheNotFound

from licscan.hubnames import COMMIT
from licscan.paths import private_cache_dir, write_atomic
from licscan.sources.refs import snapshot_blobs

logger = logging.getLogger(__name__)

_SHORT_COMMIT = re.compile(r"[0-9a-f]{7,39}")
RECORD_FORMAT = 1


def _safe_ref(name: str) -> bool:
    """A revision is used as a path under the records' refs/: it must stay there."""
    return bool(name) and not name.startswith("/") and ".." not in name.split("/") and "\\" not in name


def records_dir(hf_cache: Path) -> Path | None:
    """licscan's records of one HF cache, in licscan's own cache: the HF cache stays as huggingface_hub wrote it.

    None when licscan's cache folder is not one only this user can write: whoever could write the records would
    decide what `--offline` answers, so there are none (offline then reads only what the HF cache holds)."""
    folder = private_cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(str(hf_cache.expanduser().resolve()).encode()).hexdigest()[:16]
    return folder / "hub-records" / digest


@dataclass(frozen=True)
class RepoRecords:
    """licscan's records of one repository: what model_info said at each commit, and which commit a revision named.

    The folder is named like the repository's folder in the HF cache (`models--org--name`), for a person to find it.
    """

    # None: no records are kept (licscan's cache folder is not private).
    folder: Path | None
    repo_id: str
    repo_type: str

    @classmethod
    def of(cls, hf_cache: Path, repo_id: str, repo_type: str) -> RepoRecords:
        root = records_dir(hf_cache)
        folder = root / f"{repo_type}s--{repo_id.replace('/', '--')}" if root is not None else None
        return cls(folder, repo_id, repo_type)

    def commit(self, revision: str | None) -> str | None:
        """The commit a revision named when licscan last asked the Hub; a full sha with a record is itself."""
        name = revision or "main"
        if self.folder is None or not _safe_ref(name):
            return None
        if COMMIT.fullmatch(name) and self._record(name).is_file():
            return name
        ref = self.folder / "refs" / name
        try:
            sha = ref.read_text(encoding="utf-8").strip() if ref.is_file() else ""
        except (OSError, UnicodeDecodeError):
            sha = ""
        return sha if COMMIT.fullmatch(sha) else None

    def record(self, revision: str | None, sha: str, info: dict[str, object]) -> None:
        """Remember what the Hub said at sha, and which commit the revision named, so that --offline can answer."""
        name = revision or "main"
        if self.folder is None:
            return
        try:
            if name != sha and _safe_ref(name):
                write_atomic(self.folder / "refs" / name, sha.encode())
            write_atomic(self._record(sha), json.dumps(info, default=str, sort_keys=True).encode())
        except OSError as exc:  # a read-only cache only costs --offline its shortcut
            logger.debug("could not record %s@%s: %s", self.repo_id, sha, exc)

    def recorded(self, sha: str) -> dict[str, Any] | None:
        if self.folder is None:
            return None
        try:
            loaded = json.loads(self._record(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(loaded, dict) or loaded.get("format") != RECORD_FORMAT:
            return None
        return loaded

    def gguf_record(self, sha: str) -> Path | None:
        """Where the GGUF headers read at sha are recorded (None: nowhere)."""
        return self.folder / f"{sha}.gguf.json" if self.folder is not None else None

    def _record(self, sha: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{sha}.json"


class HFCache:
    """One HF cache, as huggingface_hub reads it. The scan of it is made when first needed, and made again when a
    repository or commit is not in it (huggingface_hub may have added it since)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._revisions: dict[tuple[str, str], tuple[CachedRevisionInfo, ...]] | None = None
        self._lock = threading.Lock()

    def _scan(self, fresh: bool = False) -> dict[tuple[str, str], tuple[CachedRevisionInfo, ...]]:
        with self._lock:
            if self._revisions is None or fresh:
                try:
                    info = scan_cache_dir(self.root)
                except (CacheNotFound, OSError) as exc:
                    logger.debug("no HF cache at %s: %s", self.root, exc)
                    self._revisions = {}
                else:
                    self._revisions = {(r.repo_type, r.repo_id): tuple(r.revisions) for r in info.repos}
            return self._revisions

    def _revisions_of(
        self, repo_id: str, repo_type: str, found: Callable[[CachedRevisionInfo], bool]
    ) -> tuple[CachedRevisionInfo, ...]:
        revisions = self._scan().get((repo_type, repo_id), ())
        if not any(found(r) for r in revisions):
            revisions = self._scan(fresh=True).get((repo_type, repo_id), ())
        return revisions

    def _revision(self, repo_id: str, repo_type: str, sha: str) -> CachedRevisionInfo | None:
        revisions = self._revisions_of(repo_id, repo_type, lambda r: r.commit_hash == sha)
        return next((r for r in revisions if r.commit_hash == sha), None)

    def commit(self, repo_id: str, repo_type: str, revision: str | None) -> str | None:
        """The commit a revision names in the cache: a snapshot's full sha, a ref (branch, tag, `refs/pr/1`) as
        `hf download` leaves it, or an unambiguous short sha."""
        name = revision or "main"
        revisions = self._revisions_of(repo_id, repo_type, lambda r: r.commit_hash.startswith(name) or name in r.refs)
        for cached in revisions:
            if cached.commit_hash == name or name in cached.refs:
                return cached.commit_hash
        if _SHORT_COMMIT.fullmatch(name):
            matches = [r.commit_hash for r in revisions if r.commit_hash.startswith(name)]
            return matches[0] if len(matches) == 1 else None
        return None

    def files(self, repo_id: str, repo_type: str, sha: str) -> tuple[str, ...]:
        """The files of a snapshot, as repository paths."""
        cached = self._revision(repo_id, repo_type, sha)
        if cached is None:
            return ()
        return tuple(sorted(f.file_path.relative_to(cached.snapshot_path).as_posix() for f in cached.files))

    def snapshot(self, repo_id: str, repo_type: str, sha: str) -> Path | None:
        """The snapshot folder of a commit, when the cache holds one."""
        cached = self._revision(repo_id, repo_type, sha)
        return cached.snapshot_path if cached is not None else None

    def file(self, repo_id: str, repo_type: str, sha: str, name: str) -> Path | None:
        """A file at a commit, if huggingface_hub cached it; ValueError for a name it refuses (one leaving the
        snapshot)."""
        found = try_to_load_from_cache(repo_id, name, cache_dir=self.root, revision=sha, repo_type=repo_type)
        return Path(found) if isinstance(found, str) else None


def within(path: Path, name: str) -> tuple[Path, ...]:
    """The folders a file read from the HF cache must lie in, its symbolic links followed: its snapshot, and the
    repository's blobs/ that the snapshot's files link into (refs.snapshot_blobs, as for a local snapshot)."""
    snapshot = path
    for _ in PurePosixPath(name).parts:
        snapshot = snapshot.parent
    blobs = snapshot_blobs(snapshot)
    return (snapshot, blobs) if blobs is not None else (snapshot,)
