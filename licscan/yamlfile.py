"""Load a user's YAML file (policy, manifest) into a pydantic model, reporting errors as file:line:column."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from licscan.errors import UsageError

M = TypeVar("M", bound=BaseModel)
Position = tuple[int, int]


MAX_NODES = 200_000
MAX_DEPTH = 100


class _TooLarge(Exception):
    """The document names more nodes, or nests deeper, than any real policy or manifest."""


class _Positions:
    """Line and column of every mapping key and sequence item, by its path in the document."""

    def __init__(self) -> None:
        self.by_path: dict[tuple[Any, ...], Position] = {}
        self.budget = MAX_NODES

    def walk(self, node: yaml.Node, path: tuple[Any, ...]) -> None:
        self.budget -= 1
        if self.budget < 0 or len(path) > MAX_DEPTH:
            # Aliases can make a few lines name billions of nodes; no policy or manifest is this large.
            raise _TooLarge
        self.by_path.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else f"<{key_node.id} key>"
                child = (*path, key)
                self.by_path[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self.walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.walk(item, (*path, i))

    def nearest(self, path: tuple[Any, ...]) -> Position:
        while path and path not in self.by_path:
            path = path[:-1]
        return self.by_path.get(path, (1, 1))


class ShallowSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses documents nested deeper than MAX_DEPTH, early and with the line, instead of
    recursing until Python gives up (slowly, and with a RecursionError nobody can read)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _UniqueKeyLoader(ShallowSafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of silently keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            repeated = key in seen
        except TypeError:  # a list or mapping as a key: construct_mapping refuses it with its line
            continue
        if repeated:
            mark = key_node.start_mark
            raise UsageError(f"{loader.name}:{mark.line + 1}:{mark.column + 1}: duplicate key {key!r}")
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, what: str) -> tuple[Any, _Positions]:
    """The parsed document and the positions of its nodes; a UsageError naming file:line on any problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: {what} file not found") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: {what} file is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what} file: {exc.strerror}") from None
    positions = _Positions()
    try:
        loader = _UniqueKeyLoader(text)
        loader.name = str(path)
        try:
            node = loader.get_single_node()
            if node is not None:
                positions.walk(node, ())
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (_TooLarge, RecursionError):
        raise UsageError(f"{path}: {what} file is nested too deeply or expands to too many values") from None
    except (ValueError, OverflowError) as exc:  # a 5,000-digit integer; a \U escape past U+10FFFF
        raise UsageError(f"{path}: invalid YAML: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise UsageError(f"{where}: invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: invalid YAML: {exc}") from None
    return data, positions


def validate(model: type[M], data: Any, positions: _Positions, path: Path, what: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, col = positions.nearest(loc)
            field = ".".join(str(p) for p in loc) or "(document)"
            # A validator's own words, without pydantic's "Value error, " in front of them.
            msg = (
                str(err["ctx"]["error"])
                if err["type"] == "value_error" and "error" in err.get("ctx", {})
                else err["msg"]
            )
            lines.append(f"{path}:{line}:{col}: {field}: {msg}")
        raise UsageError(f"invalid {what}:\n" + "\n".join(lines)) from None


def load_model(model: type[M], path: Path, what: str) -> tuple[M, _Positions]:
    data, positions = load_yaml(path, what)
    if data is None:
        raise UsageError(f"{path}: {what} file is empty")
    return validate(model, data, positions, path, what), positions
