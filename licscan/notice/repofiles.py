"""A model's files exactly as they were fetched: a local snapshot, or the HF cache at the pinned commit."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.paths import OutsideFolder, confine
from licscan.sources.files import is_license_name
from licscan.sources.refs import snapshot_blobs

if TYPE_CHECKING:
    from licscan.sources.hub.cache import HFCache


class RepositoryFiles:
    """Reads repository files byte for byte from where the scan fetched them; never from licscan's reference texts."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._hf_cache: HFCache | None = None

    def folder(self, model_id: str, source: str, revision: str | None) -> Path | None:
        if source == "local":
            return Path(model_id).expanduser()
        if not revision:
            return None
        if self._hf_cache is None:
            from licscan.sources.hub import resolve_cache_dir
            from licscan.sources.hub.cache import HFCache

            self._hf_cache = HFCache(resolve_cache_dir(self._cache_dir))
        return self._hf_cache.snapshot(model_id, "model", revision)

    def read(self, model_id: str, source: str, revision: str | None, path: str, sha256: str | None = None) -> bytes:
        """The file's bytes; OSError when it is not there or (with sha256) is not the file the scan read."""
        folder = self.folder(model_id, source, revision)
        if folder is None:
            raise OSError(f"{path}: no fetched copy of {model_id} at {revision or 'an unknown commit'}")
        # A snapshot's files are links into its repository's blobs/; no other link out of the folder is followed.
        blobs = snapshot_blobs(folder)
        try:
            target = confine(folder, path, (blobs,) if blobs is not None else ())
        except OutsideFolder as exc:
            raise OutsideFolder(f"{exc}: not read") from None
        try:
            data = target.read_bytes()
        except OSError as exc:
            where = "the HF cache" if source == "hub" else str(folder)
            raise OSError(f"{path} is not in {where} ({exc.strerror or type(exc).__name__})") from None
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise OSError(f"{path} changed since it was scanned (its sha256 is not the one recorded)")
        return data

    def license_files(self, model_id: str, source: str, revision: str | None) -> list[str]:
        """The license-named files fetched for a model (a base read through lineage)."""
        folder = self.folder(model_id, source, revision)
        if folder is None or not folder.is_dir():
            return []
        found = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
        return sorted(name for name in found if is_license_name(name) and name.count("/") <= 1)
