"""Which database entries a declared license name may mean: the one rule for card metadata, GGUF headers and datasets.

A Hub `license_name` slug is not always one license. `modified-mit` is used by Moonshot and by MiniMax for texts
with different thresholds; `tencent-hunyuan-community` names several Tencent texts; `exaone` sits on cards whose
files are the 1.1-NC or the 1.2-NC text. Such a slug concludes nothing definite: every license it may mean stays a
candidate until a license file's text, or the card's `license_link` (which names one file), narrows them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from licscan.urls import split_url

if TYPE_CHECKING:
    from licscan.database.loader import Database


@dataclass(frozen=True)
class NameGroup:
    """One declared name and the entries it may mean (one, or several for a shared slug)."""

    name: str
    keys: tuple[str, ...]
    # The candidates the name had before the license_link narrowed them (equal to keys when it did not).
    before_link: tuple[str, ...]

    @property
    def shared(self) -> bool:
        return len(self.keys) > 1


@dataclass(frozen=True)
class Declared:
    """What a set of declared names means: every candidate key in order, the groups, and the names that map to
    nothing."""

    groups: tuple[NameGroup, ...]
    unmapped: tuple[str, ...]
    # The text version the license_link names, when it names one text of the one remaining candidate.
    version: str | None = None

    @property
    def keys(self) -> list[str]:
        return list(dict.fromkeys(k for g in self.groups for k in g.keys))

    def group_of(self, key: str) -> NameGroup | None:
        return next((g for g in self.groups if key in g.keys), None)


def declared(db: Database, names: Sequence[str], link: str | None = None, repo_id: str | None = None) -> Declared:
    """The candidate keys of each name, a shared name's narrowed by the license_link when it names a known text."""
    groups: list[NameGroup] = []
    unmapped: list[str] = []
    version: str | None = None
    for name in names:
        if not name:
            continue
        candidates = db.candidates(name)
        if not candidates:
            unmapped.append(name)
            continue
        keys = candidates
        if len(candidates) > 1 and link:
            linked = linked_texts(db, candidates, link, repo_id)
            if linked:
                keys = tuple(dict.fromkeys(k for k, _ in linked))
                versions = {v for _, v in linked}
                version = next(iter(versions)) if len(keys) == 1 and len(versions) == 1 else None
        groups.append(NameGroup(name, keys, candidates))
    return Declared(tuple(groups), tuple(unmapped), version)


def linked_texts(
    db: Database, candidates: Sequence[str], link: str, repo_id: str | None
) -> list[tuple[str, str | None]]:
    """The (key, version) of every candidate text that the link names: a URL or repo path of that very file.

    A file is named by its repository (owner ignored: GitHub's `Tencent-Hunyuan` is the Hub's `tencent`) and its path;
    a relative link names the file in the card's own repository.
    """
    wanted = _place(link, repo_id)
    if wanted is None:
        return []
    found: list[tuple[str, str | None]] = []
    for key in candidates:
        entry = db.get(key)
        if entry is None:
            continue
        if entry.url and _place(entry.url, None) == wanted:
            found.append((key, None))
        for text in entry.texts:
            if _source_place(text.source) == wanted:
                found.append((key, text.version))
    return found


_FILE_URL = re.compile(r"^/+(?:(?:models|datasets|spaces)/+)?([^/]+)/+([^/]+)/+(?:blob|resolve|raw|tree)/+[^/]+/+(.+)$")
_RAW_GITHUB = re.compile(r"^/+([^/]+)/+([^/]+)/+[^/]+/+(.+)$")


def _place(link: str, repo_id: str | None) -> tuple[str, str] | None:
    """(repository name, path), both lower-cased, of a file URL or of a path in the card's repository."""
    link = link.strip()
    parts = split_url(link)
    if parts is None:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        pattern = _RAW_GITHUB if parts.netloc.lower() == "raw.githubusercontent.com" else _FILE_URL
        match = pattern.match(parts.path)
        return (match.group(2).lower(), match.group(3).strip("/").lower()) if match else None
    if parts.scheme or parts.netloc or not repo_id or "/" not in repo_id:
        return None
    path = re.sub(r"^(\./)+", "", parts.path).strip("/")
    path = re.sub(r"^(?:blob|resolve|raw)/[^/]+/", "", path)
    return (repo_id.rsplit("/", 1)[1].lower(), path.lower()) if path else None


def _source_place(source: str) -> tuple[str, str] | None:
    """(repository name, path) of a text's provenance written `owner/repo@commit path` or `owner/repo@commit:path`."""
    match = re.match(r"^([\w.-]+)/([\w.-]+)@[0-9a-f]{7,40}[ :]([^\s(]+)", source.strip().strip('"'))
    return (match.group(2).lower(), match.group(3).lower()) if match else None
