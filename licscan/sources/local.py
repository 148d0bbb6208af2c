"""A model on disk: a downloaded snapshot or a model committed to a repository, read with its README card."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

from licscan.identity import dirty_revision
from licscan.sources.card import card_metadata, split_front_matter
from licscan.sources.files import DEFAULT_MAX_FILE_BYTES, license_files, read_document
from licscan.sources.gguf import read_local_headers
from licscan.sources.interface import (
    DatasetDocuments,
    DocumentFile,
    ModelDocuments,
    ModelSource,
    NotFoundError,
    Problem,
    ReadmeWanted,
)
from licscan.sources.refs import snapshot_blobs

_COMMIT = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
# How deep the directory is listed: license files sit at the top or one folder down; weights deeper do not matter.
_MAX_DEPTH = 2


def list_files(root: Path, max_depth: int = _MAX_DEPTH) -> tuple[str, ...]:
    """Repo-relative POSIX paths of the files in root, skipping hidden folders (.git, .cache from `hf download`)."""
    found: list[str] = []
    for current, folders, names in os.walk(root):
        depth = len(Path(current).relative_to(root).parts)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and depth + 1 < max_depth)
        for name in names:
            found.append((Path(current) / name).relative_to(root).as_posix())
    return tuple(sorted(found))


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            ["git", "-C", str(directory), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_revision(directory: Path) -> str | None:
    """The commit checked out in the work tree that holds directory, or None outside git (or without git)."""
    done = _git(directory, "rev-parse", "HEAD")
    sha = done.stdout.strip() if done else ""
    return sha if done is not None and done.returncode == 0 and _COMMIT.fullmatch(sha) else None


def git_dirty(directory: Path, documents: Sequence[str] = ()) -> bool:
    """True when the folder's files are not those of the commit checked out: a change, a deletion or an
    untracked file under it, or a document read (README, license files) that git does not track (an ignored
    file is not in the commit either). Unknown (git failed) counts as dirty."""
    done = _git(directory, "status", "--porcelain", "--untracked-files=all", "--", ".")
    if done is None or done.returncode != 0 or done.stdout.strip():
        return True
    if not documents:
        return False
    tracked = _git(directory, "ls-files", "-z", "--", *documents)
    if tracked is None or tracked.returncode != 0:
        return True
    return set(filter(None, tracked.stdout.split("\0"))) != set(documents)


def folder_revision(directory: Path, documents: list[DocumentFile]) -> str | None:
    """The revision a local folder is recorded at: its git commit when the files are that commit's; with
    uncommitted changes, `<commit>-dirty-<digest>` (identity.dirty_revision), never the bare commit."""
    head = git_revision(directory)
    if head is None or not git_dirty(directory, [d.path for d in documents]):
        return head
    return dirty_revision(head, documents_digest(documents))


def documents_digest(documents: list[DocumentFile]) -> str:
    """The sha256 of what was read (each document's path and sha256), so that two dirty states differ."""
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.path):
        digest.update(f"{doc.path}\0{doc.sha256}\n".encode())
    return digest.hexdigest()


def _readme_name(files: tuple[str, ...]) -> str | None:
    if "README.md" in files:
        return "README.md"
    return next((name for name in files if name.lower() == "readme.md"), None)


class LocalSource(ModelSource):
    """Reads a model directory; the README is always read because it is the card."""

    def __init__(self, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        self.max_file_bytes = max_file_bytes

    def model(self, ref: str, revision: str | None = None, readme_wanted: ReadmeWanted | None = None) -> ModelDocuments:
        root = Path(ref).expanduser()
        if not root.exists():
            raise NotFoundError(f"local model directory not found: {ref}")
        if not root.is_dir():
            raise NotFoundError(f"not a directory: {ref} (give the folder that holds README.md and the license files)")
        repo_files = list_files(root)
        # Every file read must lie in the folder (a snapshot's files are links into the HF cache's blobs/ for it).
        blobs = snapshot_blobs(root)
        within = (root, blobs) if blobs is not None else (root,)
        problems: list[Problem] = []
        readme: DocumentFile | None = None
        data: dict[str, object] = {}
        readme_name = _readme_name(repo_files)
        if readme_name is not None:
            readme, read_problems = read_document(root / readme_name, readme_name, self.max_file_bytes, within)
            problems.extend(read_problems)
            if readme.text is not None:
                data, body, card_problems = split_front_matter(readme.text, readme_name)
                problems.extend(card_problems)
                # The prose is the evidence; words inside the metadata block, parsed or broken, never are.
                readme = dataclasses.replace(readme, text=body)
        card = card_metadata(data, (), repo_files)
        files: list[DocumentFile] = []
        for name in license_files(repo_files, card.license_link):
            document, read_problems = read_document(root / name, name, self.max_file_bytes, within)
            files.append(document)
            problems.extend(read_problems)
        headers, gguf_problems = read_local_headers(root, repo_files, within)
        problems.extend(gguf_problems)
        return ModelDocuments(
            id=ref,
            source="local",
            revision=folder_revision(root, [*([readme] if readme is not None else []), *files]),
            url=root.resolve().as_uri(),
            card=card,
            files=tuple(files),
            readme=readme,
            repo_files=repo_files,
            problems=tuple(problems),
            gguf=headers,
        )

    def dataset(self, ref: str) -> DatasetDocuments:
        raise NotFoundError(f"local datasets are not supported: {ref} (name a Hub dataset id instead)")
