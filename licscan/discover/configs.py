"""YAML, JSON and TOML configs: the keys that name models and datasets (Axolotl, LLaMA-Factory, TRL, PEFT, ...)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from licscan.discover.interface import Candidate, Kind
from licscan.discover.scripts import scan_shell, scan_words

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

# Keys whose value is always a model reference: a bare legacy name (gpt2) counts here.
MODEL_KEYS = frozenset(
    {
        "model_name_or_path",  # transformers / TRL / LLaMA-Factory
        "pretrained_model_name_or_path",
        "base_model",  # Axolotl, mergekit, card-like configs
        "base_model_name_or_path",  # PEFT adapter_config.json
        "base_model_config",  # Axolotl
        "tokenizer_name_or_path",
        "teacher_model_name_or_path",  # TRL GKD
        "ref_model_name_or_path",
        "adapter_name_or_path",  # LLaMA-Factory: a comma-separated list
        "reward_model_path",  # TRL PPO
    }
)
# Keys as generic as `model:` hold other things too ("gpt-4o", "resnet"): only org/name counts there.
GENERIC_MODEL_KEYS = frozenset({"model", "model_id", "model_name", "ref_model", "reward_model", "tokenizer_config"})
DATASET_KEYS = frozenset({"dataset_name", "dataset_id", "dataset_name_or_path"})
# A list of datasets: each item an id, or a mapping whose `path:` is the id (Axolotl).
DATASET_LIST_KEYS = frozenset({"datasets", "test_datasets", "pretraining_dataset", "eval_datasets"})
DATASET_ITEM_KEYS = ("path", "name_or_path", "repo_id", "dataset_id")
# Commands held in configs: docker compose, GitHub Actions, Kubernetes, Procfile-like YAML.
COMMAND_KEYS = frozenset({"command", "entrypoint", "run", "script", "args", "cmd"})
TRIGGERS = tuple(
    sorted({*MODEL_KEYS, *GENERIC_MODEL_KEYS, *DATASET_KEYS, *DATASET_LIST_KEYS, "vllm", "download", "ollama"})
)
TRIGGERS += ("text-generation",)


@dataclass(frozen=True)
class Scalar:
    value: str
    # The 1-based line, or how to find it: JSON and TOML carry no positions, and a search is only worth it for
    # the few strings that turn out to name a model.
    position: int | Callable[[], int]
    block: bool = False  # a YAML `|` or `>` block: its text starts on the next line

    @property
    def line(self) -> int:
        return self.position if isinstance(self.position, int) else self.position()


@dataclass(frozen=True)
class Seq:
    items: list[Node]


@dataclass(frozen=True)
class Mapping:
    pairs: list[tuple[str, Node]]


Node = Scalar | Seq | Mapping | None


def _from_yaml(node: yaml.Node) -> Node:
    if isinstance(node, yaml.ScalarNode):
        if node.tag != "tag:yaml.org,2002:str":
            return None
        return Scalar(str(node.value), node.start_mark.line + 1, block=node.style in {"|", ">"})
    if isinstance(node, yaml.SequenceNode):
        return Seq([_from_yaml(item) for item in node.value])
    if isinstance(node, yaml.MappingNode):
        return Mapping([(str(k.value), _from_yaml(v)) for k, v in node.value if isinstance(k, yaml.ScalarNode)])
    return None


def _from_data(data: Any, lines: list[str], key: str = "") -> Node:
    """Parsed JSON or TOML, which carry no positions: each string's line is where it first appears quoted."""
    if isinstance(data, str):
        return Scalar(data, functools.partial(_line_of, lines, key, data))
    if isinstance(data, list):
        return Seq([_from_data(item, lines, key) for item in data])
    if isinstance(data, dict):
        return Mapping([(str(k), _from_data(v, lines, str(k))) for k, v in data.items()])
    return None


def _line_of(lines: list[str], key: str, value: str) -> int:
    quoted = (json.dumps(value), f"'{value}'")
    fallback = 0
    for number, line in enumerate(lines, start=1):
        if any(q in line for q in quoted):
            if key and key in line:
                return number
            fallback = fallback or number
    return fallback or 1


def _ids(scalar: Scalar, kind: Kind, bare_ok: bool, split: bool = False) -> Iterator[Candidate]:
    parts = scalar.value.split(",") if split else [scalar.value]
    for part in parts:
        if part.strip():
            yield Candidate(text=part.strip(), kind=kind, line=scalar.line, bare_ok=bare_ok)


def _entrypoint(node: Mapping) -> list[str]:
    """A compose service's server image runs the server itself: its `command:` holds only the arguments."""
    image = next((v.value for k, v in node.pairs if k == "image" and isinstance(v, Scalar)), "")
    if "vllm" in image:
        return ["vllm"]
    if "text-generation-inference" in image:
        return ["text-generation-launcher"]
    return []


def _walk(node: Node) -> Iterator[Candidate]:
    if isinstance(node, Seq):
        for item in node.items:
            yield from _walk(item)
        return
    if not isinstance(node, Mapping):
        return
    prefix = _entrypoint(node)
    for key, value in node.pairs:
        name = key.lower()
        if isinstance(value, Scalar):
            if name in MODEL_KEYS:
                yield from _ids(value, "model", True, split=name == "adapter_name_or_path")
            elif name in GENERIC_MODEL_KEYS:
                yield from _ids(value, "model", False)
            elif name in DATASET_KEYS or name in DATASET_LIST_KEYS:
                yield from _ids(value, "dataset", False, split=True)
            elif name in COMMAND_KEYS:
                yield from scan_shell(value.value, value.line + (1 if value.block else 0), prefix)
            continue
        if isinstance(value, Seq) and name in DATASET_LIST_KEYS:
            for item in value.items:
                if isinstance(item, Scalar):
                    yield from _ids(item, "dataset", False)
                elif isinstance(item, Mapping):
                    for item_key, item_value in item.pairs:
                        if item_key in DATASET_ITEM_KEYS and isinstance(item_value, Scalar):
                            yield from _ids(item_value, "dataset", True)
            continue
        if isinstance(value, Seq) and name in COMMAND_KEYS:
            words = [(item.value, item.line) for item in value.items if isinstance(item, Scalar)]
            if len(words) == len(value.items) and words:
                yield from scan_words([(p, words[0][1]) for p in prefix] + words)
            continue
        if isinstance(value, Seq) and name in MODEL_KEYS | GENERIC_MODEL_KEYS:
            for item in value.items:
                if isinstance(item, Scalar):
                    yield from _ids(item, "model", name in MODEL_KEYS)
        yield from _walk(value)


def _keys(node: Node) -> set[str] | None:
    return {key for key, _ in node.pairs} if isinstance(node, Mapping) else None


# One of these top-level keys marks each of licscan's own files (checked against the schemas in _licscan_schemas).
_MARKS = frozenset(
    {"organisation", "intended_use", "rules", "exceptions", "models", "lock_version", "database_version"}
)


@functools.cache
def _licscan_schemas() -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """(what, the top-level keys its schema allows, the keys one of which it must have) for licscan's own files."""
    from licscan.lock import Lock
    from licscan.manifest import Manifest
    from licscan.policy.model import Policy

    return (
        ("policy", frozenset(Policy.model_fields), frozenset({"organisation", "intended_use", "rules", "exceptions"})),
        ("manifest", frozenset(Manifest.model_fields), frozenset({"models"})),
        ("lock", frozenset(Lock.model_fields), frozenset({"lock_version", "database_version"})),
    )


def licscan_file(node: Node) -> str | None:
    """ "policy", "manifest" or "lock" when the document is one of licscan's own files, else None.

    They name models to check or to waive (a policy's `exceptions: - model: ...`), not models the code uses: the
    keys are read from licscan's own schemas, so a file with any other top-level key is read as a config.
    """
    keys = _keys(node)
    if not keys or not keys & _MARKS:
        return None  # the usual config: licscan's schemas (slow to import) are not needed to say so
    for what, allowed, marks in _licscan_schemas():
        if keys <= allowed and keys & marks:
            if what == "manifest":
                assert isinstance(node, Mapping)
                models = next(v for k, v in node.pairs if k == "models")
                from licscan.manifest import ManifestModel

                fields = set(ManifestModel.model_fields)
                if not isinstance(models, Seq) or not all((_keys(m) or {"?"}) <= fields for m in models.items):
                    continue
            return what
    return None


def _scan_document(node: Node) -> Iterator[Candidate]:
    return iter(()) if licscan_file(node) else _walk(node)


def scan_yaml(text: str) -> list[Candidate]:
    """Every YAML document of the file; raises yaml.YAMLError when it does not parse."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out: list[Candidate] = []
    for document in yaml.compose_all(text, Loader=loader):
        if document is not None:
            out.extend(_scan_document(_from_yaml(document)))
    return out


def scan_json(text: str) -> list[Candidate]:
    """A JSON config, parsed by json (fast on a large tokenizer.json); a ValueError names the line if it is not JSON."""
    return list(_scan_document(_from_data(json.loads(text), text.splitlines())))


def scan_toml(text: str) -> list[Candidate]:
    data = tomllib.loads(text)
    return list(_scan_document(_from_data(data, text.splitlines())))
