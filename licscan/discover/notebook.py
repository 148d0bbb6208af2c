"""Jupyter notebooks: the code cells as one Python module (cells share their globals), `!` lines as shell."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from licscan.discover.interface import Candidate, Unresolved
from licscan.discover.python import Project, scan_module
from licscan.discover.scripts import scan_shell

SHELL_MAGICS = ("%%bash", "%%sh", "%%script bash", "%%script sh")


@dataclass(frozen=True)
class NotebookScan:
    candidates: list[Candidate]
    # (code cell number, message) of the cells that are not Python we can parse; the others are still read.
    skipped: list[tuple[int, str]]
    # Loading calls whose model is computed at run time, with their cell and line within it.
    unresolved: list[Unresolved] = field(default_factory=list)


def _source(cell: dict[str, object]) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(str(part) for part in source)
    return str(source)


def scan_notebook(text: str, project: Project | None = None, path: Path | None = None) -> NotebookScan:
    """Raises ValueError when the file is not notebook JSON. With the project and the notebook's path, imports of the
    project's modules are followed (a notebook imports from its folder, as a script does)."""
    document = json.loads(text)
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        raise ValueError("not a Jupyter notebook: no `cells` list")
    candidates: list[Candidate] = []
    skipped: list[tuple[int, str]] = []
    module: list[str] = []
    # Line n of the joined module is line origin[n-1][1] of code cell origin[n-1][0].
    origin: list[tuple[int, int]] = []
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = _source(cell)
        if source.lstrip().startswith(SHELL_MAGICS):
            body = source.split("\n", 1)[1] if "\n" in source else ""
            candidates.extend(replace(c, cell=number) for c in scan_shell(body, first_line=2))
            continue
        if source.lstrip().startswith("%%"):
            continue  # another language's cell (%%javascript, %%sql)
        lines = source.splitlines()
        python: list[str] = []
        for i, line in enumerate(lines, start=1):
            stripped = line.lstrip()
            if stripped.startswith("!"):
                candidates.extend(replace(c, cell=number) for c in scan_shell(stripped[1:], first_line=i))
                python.append("")
            elif stripped.startswith("%"):
                python.append("")  # a line magic: %pip install, %env
            else:
                python.append(line)
        try:
            ast.parse("\n".join(python))
        except (SyntaxError, ValueError) as exc:
            skipped.append((number, f"line {getattr(exc, 'lineno', None) or 1}: {getattr(exc, 'msg', exc)}"))
            continue
        module.extend(python)
        origin.extend((number, i) for i in range(1, len(python) + 1))
    scanned = scan_module("\n".join(module), project, path)
    for candidate in scanned.candidates:
        if candidate.path is not None:
            candidates.append(candidate)  # written in a module the notebook imports: its own file and line
            continue
        cell, cell_line = origin[candidate.line - 1]
        candidates.append(replace(candidate, line=cell_line, cell=cell))
    unresolved = [
        replace(call, line=origin[call.line - 1][1], cell=origin[call.line - 1][0]) for call in scanned.unresolved
    ]
    return NotebookScan(candidates=candidates, skipped=skipped, unresolved=unresolved)
