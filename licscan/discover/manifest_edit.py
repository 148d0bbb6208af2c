"""`discover --write`: add the models the code uses to the manifest, editing the YAML round-trip so that its
comments, order and every existing field stay as they are."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from licscan.discover.interface import DiscoveredModel
from licscan.errors import UsageError
from licscan.paths import write_atomic

MAX_PLACES = 3


def manifest_ref(entry_id: str | None, entry_path: str | None, manifest: Path) -> str | None:
    """How a manifest entry is compared with a discovered model: the Hub id folded to lower case (the Hub's
    ids are case-insensitive), or the resolved directory of a `path:`."""
    if entry_id is not None:
        return entry_id.lower()
    if entry_path is not None:
        return str((manifest.parent / entry_path).resolve())
    return None


def discovered_ref(model: DiscoveredModel, cwd: Path) -> str:
    return str((cwd / model.id).resolve()) if model.local else model.id.lower()


def missing(models: Sequence[DiscoveredModel], listed: set[str], cwd: Path) -> list[DiscoveredModel]:
    """The discovered models (not datasets: a manifest lists models) that the manifest does not list."""
    return [m for m in models if m.kind == "model" and discovered_ref(m, cwd) not in listed]


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long existing line
    return yaml


def add_to_manifest(manifest: Path, models: Sequence[DiscoveredModel], cwd: Path) -> list[DiscoveredModel]:
    """Append an entry for each model the manifest lacks (a new manifest if there is none); the ones added."""
    yaml = _yaml()
    if manifest.exists():
        try:
            text = manifest.read_text(encoding="utf-8")
            _, indent, block_indent = load_yaml_guess_indent(text)
            data = yaml.load(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{manifest}: cannot read the manifest: {exc}") from None
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{manifest}:{mark.line + 1}:{mark.column + 1}" if mark else str(manifest)
            raise UsageError(f"{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
        # Keep the file's own indentation of sequences and mappings.
        yaml.indent(mapping=indent or 2, sequence=indent or 4, offset=block_indent if block_indent is not None else 2)
    else:
        text, data = "", None
        yaml.indent(mapping=2, sequence=4, offset=2)
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise UsageError(f"{manifest}: the manifest must be a mapping with a `models:` list")
    entries = data.get("models")
    if entries is None:
        entries = CommentedSeq()
        data["models"] = entries
    if not isinstance(entries, CommentedSeq):
        raise UsageError(f"{manifest}: `models:` must be a list")
    listed = {
        ref
        for e in entries
        if isinstance(e, dict)
        for ref in [manifest_ref(_str(e.get("id")), _str(e.get("path")), manifest)]
        if ref
    }
    added = missing(models, listed, cwd)
    for model in added:
        entry = CommentedMap()
        if model.local:
            entry["path"] = Path(os.path.relpath(cwd / model.id, manifest.parent.resolve())).as_posix()
            key = "path"
        else:
            entry["id"] = model.id
            key = "id"
        places = ", ".join(loc.label() for loc in model.locations[:MAX_PLACES])
        more = f" and {len(model.locations) - MAX_PLACES} more" if len(model.locations) > MAX_PLACES else ""
        entry.yaml_add_eol_comment(f"# found by licscan discover: {places}{more}", key)
        entries.append(entry)
    if added:
        out = io.StringIO()
        yaml.dump(data, out)
        text = out.getvalue()
        # ruamel ends the document right after a new end-of-line comment, without the newline.
        # Replaced atomically: an interrupted write never leaves half a manifest.
        write_atomic(manifest, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
    return added


def _str(value: object) -> str | None:
    return str(value) if value is not None else None
