"""Walk the code base: the files worth reading, without .git, virtual environments, node_modules, build output
or what .gitignore excludes."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".ipynb_checkpoints",
        ".eggs",
        "build",
        "dist",
        "site-packages",
    }
)
# A folder holding one of these is a virtual environment or a conda environment, whatever its name.
ENV_MARKERS = ("pyvenv.cfg", "conda-meta")


@dataclass(frozen=True)
class _Ignore:
    base: Path
    spec: pathspec.GitIgnoreSpec

    def verdict(self, path: Path, is_dir: bool) -> bool | None:
        """True: ignored, False: re-included by a `!` pattern, None: this file says nothing."""
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return None
        result = self.spec.check_file(relative + ("/" if is_dir else ""))
        return None if result.include is None else bool(result.include)


def _load_ignore(folder: Path, name: str = ".gitignore") -> _Ignore | None:
    try:
        lines = (folder / name).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    base = folder.parent.parent if name == "info/exclude" else folder
    return _Ignore(base, pathspec.GitIgnoreSpec.from_lines(lines))


def _ancestor_ignores(root: Path) -> list[_Ignore]:
    """The .gitignore files above a root, up to its repository's top, which also govern what is below it."""
    out: list[_Ignore] = []
    folder = root.parent
    while True:
        found = _load_ignore(folder)
        if found:
            out.append(found)
        if (folder / ".git").exists():
            exclude = _load_ignore(folder / ".git", "info/exclude")
            if exclude:
                out.append(exclude)
            break
        if folder.parent == folder:
            break
        folder = folder.parent
    return list(reversed(out))


def _ignored(stack: list[_Ignore], path: Path, is_dir: bool) -> bool:
    # As in git, the deepest .gitignore with a matching pattern decides.
    for ignore in reversed(stack):
        verdict = ignore.verdict(path, is_dir)
        if verdict is not None:
            return verdict
    return False


def _is_environment(folder: Path) -> bool:
    return any((folder / marker).exists() for marker in ENV_MARKERS)


def walk(roots: Sequence[Path]) -> Iterator[Path]:
    """Every file under the roots (a root that is a file is yielded as it is), in a stable order, each once."""
    seen: set[Path] = set()
    for root in roots:
        root = root.resolve()
        if root.is_file():
            if root not in seen:
                seen.add(root)
                yield root
            continue
        stack = _ancestor_ignores(root)
        if (root / ".git").exists():
            exclude = _load_ignore(root / ".git", "info/exclude")
            if exclude:
                stack.append(exclude)
        yield from _walk_dir(root, stack, seen)


def _walk_dir(folder: Path, stack: list[_Ignore], seen: set[Path]) -> Iterator[Path]:
    own = _load_ignore(folder)
    if own:
        stack = [*stack, own]
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name in SKIP_DIRS or entry.name.endswith(".egg-info") or _is_environment(path):
                    continue
                if not _ignored(stack, path, True):
                    yield from _walk_dir(path, stack, seen)
            elif entry.is_file() and not _ignored(stack, path, False) and path not in seen:
                seen.add(path)
                yield path
        except OSError:
            continue
