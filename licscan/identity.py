"""How a model is named in every output: its package URL, `pkg:huggingface/<org>/<name>@<commit>`, and the revision
a local folder is versioned by (a commit, or `<commit>-dirty-<digest>` when it holds uncommitted changes)."""

from __future__ import annotations

import re
from pathlib import Path

from licscan.hubnames import COMMIT, HUB_ID
from licscan.safetext import clean

# huggingface_hub's cache layout, <cache>/models--<org>--<name>/snapshots/<commit> (`models--gpt2` for an id with no
# org). The one copy of it outside sources/hub/: this module is below the sources and may not import huggingface_hub.
_CACHE_REPO = re.compile(r"^models--(?:(?P<org>[A-Za-z0-9][\w.-]*)--)?(?P<name>[\w.-]+)$")
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
    if len(parts) >= 3 and parts[-2] == "snapshots" and COMMIT.fullmatch(parts[-1]):
        repo = _CACHE_REPO.match(parts[-3])
        if repo:
            return str(hub_purl("/".join(filter(None, (repo["org"], repo["name"]))), parts[-1]))
    name = clean(parts[-1] if parts else path, oneline=True) or "model"
    version = revision if revision and (COMMIT.fullmatch(revision) or DIRTY.fullmatch(revision)) else None
    return str(PackageURL(type="generic", name=name, version=version).to_string())


def model_purl(model_id: str, revision: str | None, source: str) -> str | None:
    """The purl every format names a model by."""
    return local_purl(model_id, revision) if source == "local" else hub_purl(model_id, revision)
