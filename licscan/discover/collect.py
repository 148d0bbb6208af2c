"""Discover the models a code base uses: each file read once by the reader for its type, the ids grouped by model."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from licscan.discover import configs, python, scripts
from licscan.discover.ids import hub_id, local_dir, looks_like_path
from licscan.discover.interface import (
    Candidate,
    DiscoveredModel,
    Discovery,
    Kind,
    Location,
    Problem,
    Unresolved,
    UnresolvedCall,
)
from licscan.discover.notebook import scan_notebook
from licscan.discover.walk import walk
from licscan.paths import OutsideFolder, inside

# Larger files are data (a JSON dump, a notebook full of images), not code or configs.
MAX_BYTES = 8 * 1024 * 1024

Reader = Callable[[str], list[Candidate]]


def _shell_reader(scan: Reader) -> Reader:
    def read(text: str) -> list[Candidate]:
        return scan(text) if any(t in text for t in scripts.TRIGGERS) else []

    return read


def _config_reader(scan: Reader) -> Reader:
    def read(text: str) -> list[Candidate]:
        return scan(text) if any(t in text for t in configs.TRIGGERS) else []

    return read


PYTHON = ".py"
READER_BY_SUFFIX: dict[str, Reader] = {
    PYTHON: python.scan_python,
    ".yaml": _config_reader(configs.scan_yaml),
    ".yml": _config_reader(configs.scan_yaml),
    ".json": _config_reader(configs.scan_json),
    ".toml": _config_reader(configs.scan_toml),
    ".sh": _shell_reader(scripts.scan_shell),
    ".bash": _shell_reader(scripts.scan_shell),
    ".zsh": _shell_reader(scripts.scan_shell),
    ".dockerfile": _shell_reader(scripts.scan_dockerfile),
    ".mk": _shell_reader(scripts.scan_makefile),
}
READER_BY_NAME: dict[str, Reader] = {
    "Dockerfile": _shell_reader(scripts.scan_dockerfile),
    "Containerfile": _shell_reader(scripts.scan_dockerfile),
    "Makefile": _shell_reader(scripts.scan_makefile),
    "makefile": _shell_reader(scripts.scan_makefile),
    "GNUmakefile": _shell_reader(scripts.scan_makefile),
}
NOTEBOOK = ".ipynb"


def reader_for(path: Path) -> Reader | None:
    """The reader of a file by its name, or None for a file that is not code, a config or a script."""
    if path.name in READER_BY_NAME:
        return READER_BY_NAME[path.name]
    if path.name.startswith(("Dockerfile.", "Containerfile.")):
        return READER_BY_NAME["Dockerfile"]
    return READER_BY_SUFFIX.get(path.suffix.lower())


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory with forward slashes, as SPEC and code scanning want it."""
    return Path(os.path.relpath(path, cwd)).as_posix()


@dataclass(frozen=True)
class _FileScan:
    candidates: list[Candidate] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    # What could not be read in the file, as (line, message).
    trouble: list[tuple[int | None, str]] = field(default_factory=list)


def _scan(text: str, path: Path, reader: Reader | None, project: python.Project) -> _FileScan:
    """The candidates of one file, its loading calls that could not be told, and what could not be read in it."""
    try:
        if reader is None:
            scanned = scan_notebook(text, project, path)
            skipped: list[tuple[int | None, str]] = [
                (None, f"code cell {n} skipped: {why}") for n, why in scanned.skipped
            ]
            return _FileScan(scanned.candidates, scanned.unresolved, skipped)
        if path.suffix.lower() == PYTHON:
            module = python.scan_module(text, project, path)
            return _FileScan(module.candidates, module.unresolved)
        return _FileScan(reader(text))
    except SyntaxError as exc:
        return _FileScan(trouble=[(exc.lineno, f"not parsed as Python: {exc.msg}")])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        return _FileScan(trouble=[(mark.line + 1 if mark else None, f"invalid YAML: {exc.problem}")])
    except (ValueError, yaml.YAMLError, RecursionError) as exc:
        return _FileScan(trouble=[(None, f"not parsed: {exc}")])


def discover(paths: Sequence[Path], cwd: Path | None = None) -> Discovery:
    """Every Hub model and dataset (and local model folder) that the code under `paths` names, with each place, and
    every loading call whose model could not be told."""
    cwd = (cwd or Path.cwd()).resolve()
    roots = [p.resolve() for p in paths]
    root_dirs = [r if r.is_dir() else r.parent for r in roots]
    project = python.Project(root_dirs)
    found: dict[tuple[Kind, str], tuple[bool, set[Location]]] = {}
    problems: list[Problem] = []
    unresolved: list[UnresolvedCall] = []
    files = 0
    for path in walk(roots):
        is_notebook = path.suffix.lower() == NOTEBOOK
        reader = None if is_notebook else reader_for(path)
        if reader is None and not is_notebook:
            continue
        try:
            # A link out of the paths given is not part of the code base: it is named, not read.
            inside(path, root_dirs, display_path(path, cwd))
            if path.stat().st_size > MAX_BYTES:
                continue
            text = path.read_bytes().decode("utf-8-sig")
        except OutsideFolder as exc:
            problems.append(Problem(path=display_path(path, cwd), message=f"not read: {exc}"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(path=display_path(path, cwd), message=f"not read: {exc}"))
            continue
        files += 1
        scanned = _scan(text, path, reader, project)
        if not scanned.candidates and not scanned.trouble and not scanned.unresolved:
            continue
        shown = display_path(path, cwd)
        problems.extend(Problem(path=shown, line=line, message=message) for line, message in scanned.trouble)
        unresolved.extend(
            UnresolvedCall(path=shown, line=u.line, cell=u.cell, call=u.call, argument=u.argument, kind=u.kind)
            for u in scanned.unresolved
        )
        for candidate in scanned.candidates:
            written = candidate.path or path
            judged = judge(candidate, [written.parent, *root_dirs, cwd], cwd)
            if judged is None:
                continue
            ident, local = judged
            entry = found.setdefault((candidate.kind, ident), (local, set()))
            where = display_path(written, cwd) if candidate.path else shown
            entry[1].add(Location(path=where, line=candidate.line, cell=candidate.cell))
    models = [
        DiscoveredModel(id=ident, kind=kind, local=local, locations=sorted(locs, key=lambda x: (x.path, x.line)))
        for (kind, ident), (local, locs) in found.items()
    ]
    models.sort(key=lambda m: (m.kind != "model", m.id.lower(), m.id))
    unresolved.sort(key=lambda u: (u.path, u.line))
    return Discovery(models=models, problems=problems, files=files, unresolved=unresolved)


def judge(candidate: Candidate, bases: Sequence[Path], cwd: Path) -> tuple[str, bool] | None:
    """(id, is local) for a candidate literal, or None when it is neither a Hub id nor an existing model folder."""
    text = candidate.text.strip()
    if "://" in text or not text:
        return None
    # As from_pretrained and load_dataset do: an existing directory wins over the Hub.
    folder = local_dir(text, bases)
    if folder is not None:
        if candidate.kind == "dataset":
            return None  # a dataset on disk: no Hub repository, and a manifest lists models only
        shown = display_path(folder, cwd)
        return (shown if shown.startswith(".") else f"./{shown}"), True
    if looks_like_path(text):
        return None
    ident = hub_id(text, candidate.bare_ok)
    return (ident, False) if ident else None
