"""The HF cache as huggingface_hub lays it out, and licscan's own record of what the Hub said (for --offline)."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from licscan.hubnames import COMMIT
from licscan.paths import cache_dir, write_atomic

logger = logging.getLogger(__name__)

_SHORT_COMMIT = re.compile(r"[0-9a-f]{7,39}")
RECORD_FORMAT = 1


def _safe_ref(name: str) -> bool:
    """A revision is used as a path under refs/, as huggingface_hub does: it must stay there."""
    return bool(name) and not name.startswith("/") and ".." not in name.split("/") and "\\" not in name


def records_dir(hf_cache: Path) -> Path:
    """licscan's records of one HF cache, in licscan's own cache: the HF cache stays as huggingface_hub wrote it."""
    digest = hashlib.sha256(str(hf_cache.expanduser().resolve()).encode()).hexdigest()[:16]
    return cache_dir() / "hub-records" / digest


@dataclass(frozen=True)
class RepoCache:
    """One repo's folder in the HF cache (`models--org--name`), and licscan's record of it."""

    root: Path
    records: Path
    repo_id: str
    repo_type: str

    @classmethod
    def of(cls, hf_cache: Path, repo_id: str, repo_type: str) -> RepoCache:
        folder = f"{repo_type}s--{repo_id.replace('/', '--')}"
        return cls(hf_cache / folder, records_dir(hf_cache) / folder, repo_id, repo_type)

    def commit(self, revision: str | None) -> str | None:
        """The commit a revision names: licscan's record, else refs/ (a branch or tag) or snapshots/ (a full or
        short sha) as `hf download` leaves them."""
        name = revision or "main"
        if not _safe_ref(name):
            return None
        if COMMIT.fullmatch(name) and (self._record(name).is_file() or (self.root / "snapshots" / name).is_dir()):
            return name
        for ref in (self.records / "refs" / name, self.root / "refs" / name):
            try:
                sha = ref.read_text(encoding="utf-8").strip() if ref.is_file() else ""
            except (OSError, UnicodeDecodeError):
                sha = ""
            if COMMIT.fullmatch(sha):
                return sha
        snapshots = self.root / "snapshots"
        if _SHORT_COMMIT.fullmatch(name) and snapshots.is_dir():
            matches = [p.name for p in snapshots.iterdir() if p.name.startswith(name)]
            return matches[0] if len(matches) == 1 else None
        return None

    def record(self, revision: str | None, sha: str, info: dict[str, object]) -> None:
        """Remember what the Hub said at sha, and which commit the revision named, so that --offline can answer."""
        name = revision or "main"
        try:
            if name != sha and _safe_ref(name):
                write_atomic(self.records / "refs" / name, sha.encode())
            write_atomic(self._record(sha), json.dumps(info, default=str, sort_keys=True).encode())
        except OSError as exc:  # a read-only cache only costs --offline its shortcut
            logger.debug("could not record %s@%s: %s", self.repo_id, sha, exc)

    def recorded(self, sha: str) -> dict[str, Any] | None:
        try:
            loaded = json.loads(self._record(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(loaded, dict) or loaded.get("format") != RECORD_FORMAT:
            return None
        return loaded

    def snapshot_files(self, sha: str) -> tuple[str, ...]:
        snapshot = self.root / "snapshots" / sha
        if not snapshot.is_dir():
            return ()
        return tuple(sorted(p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file()))

    def _record(self, sha: str) -> Path:
        return self.records / f"{sha}.json"
