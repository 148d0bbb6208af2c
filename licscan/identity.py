"""How a model is named in every output: its package URL, `pkg:huggingface/<org>/<name>@<commit>`, and the revision
a local folder is versioned by (a commit, or `<commit>-dirty-<digest>` when it holds uncommitted changes)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from licscan.hubnames import COMMIT, HUB_ID
from licscan.safetext import clean

# huggingface_hub's cache layout, <cache>/<type>s--<org>--<name>/snapshots/<commit> (`models--gpt2` for an id with
# no org), each snapshot file a link into <cache>/<type>s--<org>--<name>/blobs/. The one copy of it outside
# sources/hub/ (which reads the cache through huggingface_hub): this module is below the sources.
_CACHE_REPO = re.compile(r"^(?P<type>models|datasets|spaces)--(?:(?P<org>[A-Za-z0-9][\w.-]*)--)?(?P<name>[\w.-]+)$")


@dataclass(frozen=True)
class CacheSnapshot:
    """A folder that is a snapshot in the HF cache: which repository, at which commit, and the repository's folder."""

    repo_type: str
    repo_id: str
    commit: str
    repo_folder: Path


def cache_snapshot(parts: Sequence[str]) -> CacheSnapshot | None:
    """The HF cache snapshot that a folder's path parts (resolved) name, or None."""
    if len(parts) < 3 or parts[-2] != "snapshots" or not COMMIT.fullmatch(parts[-1]):
        return None
    repo = _CACHE_REPO.match(parts[-3])
    if repo is None:
        return None
    repo_id = "/".join(filter(None, (repo["org"], repo["name"])))
    return CacheSnapshot(repo["type"][:-1], repo_id, parts[-1], Path(*parts[:-2]))


# A local folder with uncommitted changes is not its HEAD commit: `<commit>-dirty-<sha256 of what was read, 16 hex>`.
DIRTY = re.compile(r"(?P<commit>[0-9a-f]{40})-dirty-(?P<digest>[0-9a-f]{16})")


def dirty_revision(head: str, digest: str) -> str:
    return f"{head}-dirty-{digest[:16]}"


def hub_purl(model_id: str, revision: str | None) -> str | None:
    """`pkg:huggingface/<org>/<name>@<commit>` (purl spec type `huggingface`); None for an id that is not a Hub id.

    The version is the commit sha only: a branch name is not a version, so an unresolved model has none.
    """
    from packageurl import PackageURL

    if not HUB_ID.fullmatch(model_id):
        return None
    namespace, _, name = model_id.rpartition("/")
    version = revision if revision and COMMIT.fullmatch(revision) else None
    return str(PackageURL(type="huggingface", namespace=namespace or None, name=name, version=version).to_string())


def local_purl(path: str, revision: str | None) -> str:
    """A local model's purl: the Hub purl when the folder is a huggingface_hub cache snapshot (it is that commit of
    that repository), else `pkg:generic/<folder name>`, versioned by the git commit that holds it when there is one;
    a folder with uncommitted changes is versioned `<commit>-dirty-<digest>`, never as the bare commit."""
    from packageurl import PackageURL

    folder = Path(path).expanduser()
    parts = folder.resolve().parts if folder.exists() else folder.parts
    snapshot = cache_snapshot(parts)
    if snapshot is not None and snapshot.repo_type == "model":
        return str(hub_purl(snapshot.repo_id, snapshot.commit))
    name = clean(parts[-1] if parts else path, oneline=True) or "model"
    version = revision if revision and (COMMIT.fullmatch(revision) or DIRTY.fullmatch(revision)) else None
    return str(PackageURL(type="generic", name=name, version=version).to_string())


def model_purl(model_id: str, revision: str | None, source: str) -> str | None:
    """The purl every format names a model by."""
    return local_purl(model_id, revision) if source == "local" else hub_purl(model_id, revision)
