"""Read a model card's front matter and license metadata in all the untidy forms real cards use."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeVar

import yaml

from licscan.hubnames import hub_path
from licscan.sources.frontmatter import card_body as card_body
from licscan.sources.frontmatter import front_matter
from licscan.sources.frontmatter import normalise_newlines as normalise_newlines
from licscan.sources.interface import CardMetadata, Problem, Relation
from licscan.yamlfile import ShallowSafeLoader

RelationSource = Literal["declared", "tags", "files"]
T = TypeVar("T")

_RELATIONS: dict[str, Relation] = {
    "finetune": "finetune",
    "adapter": "adapter",
    "quantized": "quantized",
    "merge": "merge",
    "merged": "merge",
}
_TAG_RELATIONS = ("finetune", "adapter", "quantized", "merge")


class _CardLoader(ShallowSafeLoader):
    """Safe YAML that keeps dates as written: `2024-02-30` is a typo on a card, not a reason to fail reading it."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_CardLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def split_front_matter(text: str, path: str = "README.md") -> tuple[dict[str, object], str, tuple[Problem, ...]]:
    """(front matter as a dict, the body after it, problems); never raises on bad input."""
    block, body, closed = front_matter(text)
    if block is None:
        return {}, body, ()
    if not closed:
        problem = Problem("malformed-card", "the card's front matter has no closing '---' line", path, 1)
        return {}, "", (problem,)
    try:
        loaded = yaml.load(block, Loader=_CardLoader)  # a SafeLoader: no arbitrary objects
    except RecursionError:
        return {}, body, (Problem("malformed-card", "the card's front matter is nested too deeply to read", path),)
    except (ValueError, OverflowError) as exc:  # a 5,000-digit integer; a \U escape past U+10FFFF
        problem = Problem("malformed-card", f"the card's front matter holds a value that cannot be read: {exc}", path)
        return {}, body, (problem,)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        # The YAML block starts on the file's second line; marks count from zero.
        line = mark.line + 2 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problem = Problem("malformed-card", f"the card's front matter is not valid YAML: {reason}", path, line)
        return {}, body, (problem,)
    if loaded is None:
        return {}, body, ()
    if not isinstance(loaded, dict):
        kind = type(loaded).__name__
        return {}, body, (Problem("malformed-card", f"the card's front matter is a {kind}, not a mapping", path, 2),)
    return {str(key): value for key, value in loaded.items()}, body, ()


_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Deeper or larger than any real card: past these, values are dropped rather than walked (YAML anchors can make a
# small file name a billion nodes).
_MAX_DEPTH = 50
_MAX_NODES = 100_000


def clean(value: T) -> T:
    """Text from outside, safe for every output: a lone surrogate (legal in YAML and JSON escapes, unwritable as
    UTF-8) becomes U+FFFD, in keys and values at any depth; absurd numbers and structures are dropped."""
    budget = [_MAX_NODES]
    return _clean(value, 0, budget)  # type: ignore[return-value]


def _clean(value: object, depth: int, budget: list[int]) -> object:
    budget[0] -= 1
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return None  # str() of it could raise; no license field is such a number
    if not isinstance(value, dict | list | tuple):
        return value
    if depth > _MAX_DEPTH or budget[0] < 0:
        return None
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, item in value.items():
            if budget[0] < 0:
                break
            out[str(_clean(key, depth + 1, budget))] = _clean(item, depth + 1, budget)
        return out
    items = []
    for item in value:
        if budget[0] < 0:
            break
        items.append(_clean(item, depth + 1, budget))
    return type(value)(items)


def _strings(value: object) -> list[str]:
    """A scalar or a list of scalars as stripped, non-empty strings (`[None]` and `''` items dropped)."""
    items: Iterable[object] = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        if item is None or isinstance(item, dict | list | tuple):
            continue
        text = str(item).strip()
        if text:
            out.append(text)
    return out


def _first_string(value: object) -> str | None:
    found = _strings(value)
    return found[0] if found else None


def _unique(items: Iterable[str], *, fold: bool = False) -> tuple[str, ...]:
    """First spelling wins; with fold, ids that differ only in case are one id (Hub ids are case-insensitive)."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower() if fold else item, item)
    return tuple(seen.values())


def declared_licenses(data: Mapping[str, object], tags: Sequence[str] = ()) -> tuple[str, ...]:
    """The card's `license` as lowercase ids; a card without one may still carry `license:<id>` tags."""
    found = [item.lower() for item in _strings(data.get("license"))]
    if not found:
        found = [tag.split(":", 1)[1].strip().lower() for tag in tags if tag.lower().startswith("license:")]
    return _unique(item for item in found if item)


def _repo_id(value: str) -> str:
    """A base named by its Hub URL is the same base as its id."""
    path = hub_path(value)
    return (value if path is None else path).strip("/")


def _relation_tags(tags: Sequence[str]) -> tuple[list[str], list[Relation]]:
    """Bases and relations from the Hub's `base_model:<id>` and `base_model:<relation>:<id>` tags."""
    bases: list[str] = []
    relations: list[Relation] = []
    for tag in tags:
        if not tag.startswith("base_model:"):
            continue
        rest = tag[len("base_model:") :]
        kind, sep, ref = rest.partition(":")
        if sep and kind in _TAG_RELATIONS:
            relations.append(_RELATIONS[kind])
            rest = ref
        if rest.strip():
            bases.append(rest.strip())
    return bases, relations


def _relation_from_files(repo_files: Sequence[str], bases: Sequence[str]) -> Relation | None:
    names = [name.rsplit("/", 1)[-1].lower() for name in repo_files]
    if any(name == "adapter_config.json" or name.startswith("adapter_model.") for name in names):
        return "adapter"
    if any(name.endswith(".gguf") for name in names):
        return "quantized"
    if len(bases) > 1:
        return "merge"
    return None


def _relation(
    data: Mapping[str, object], tag_relations: Sequence[Relation], repo_files: Sequence[str], bases: Sequence[str]
) -> tuple[Relation | None, RelationSource | None]:
    declared = _first_string(data.get("base_model_relation"))
    if declared is not None:
        return _RELATIONS.get(declared.lower(), "unknown"), "declared"
    distinct = set(tag_relations)
    if len(distinct) == 1:
        return tag_relations[0], "tags"
    if distinct:
        # Several relations among the tags: a merge is the only reading that covers them all.
        return ("merge" if "merge" in distinct else "unknown"), "tags"
    if not bases:
        return None, None
    inferred = _relation_from_files(repo_files, bases)
    return (inferred, "files") if inferred else (None, None)


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "yes", "1", "on"}
    return bool(value)


def _set(value: object) -> bool:
    """An `extra_gated_*` value that configures a gate: a prompt, fields, a true flag; not false, empty or null."""
    if isinstance(value, str):
        return bool(value.strip()) and value.strip().lower() not in {"false", "no", "0", "off", "null", "none"}
    return bool(value)


def card_metadata(
    data: Mapping[str, object],
    tags: Sequence[str] = (),
    repo_files: Sequence[str] = (),
    repo_id: str | None = None,
    *,
    pipeline_tag: str | None = None,
    gated: bool | None = None,
) -> CardMetadata:
    """The license-relevant metadata of a card.

    `tags` are the Hub's tags for the repo (they include the card's own), `repo_files` its file names; `pipeline_tag`
    and `gated` are the Hub's values, which win over the card's when given.
    """
    data = clean(dict(data))
    tags = clean(tuple(str(tag) for tag in tags))
    repo_files = clean(tuple(repo_files))
    pipeline_tag = clean(pipeline_tag)
    all_tags = _unique([*_strings(data.get("tags")), *_strings(list(tags))])
    tag_bases, tag_relations = _relation_tags(all_tags)
    own = repo_id.lower() if repo_id else None
    bases = [
        base
        for base in _unique((_repo_id(b) for b in [*_strings(data.get("base_model")), *tag_bases]), fold=True)
        if base and base.lower() != own
    ]
    relation, relation_source = _relation(data, tag_relations, repo_files, bases)
    extra_gated = {key: value for key, value in data.items() if key.startswith("extra_gated_")}
    return CardMetadata(
        licenses=declared_licenses(data, all_tags),
        license_name=_first_string(data.get("license_name")),
        license_link=_first_string(data.get("license_link")),
        base_models=tuple(bases),
        base_model_relation=relation,
        relation_source=relation_source,
        datasets=_unique(_strings(data.get("datasets"))),
        pipeline_tag=pipeline_tag or _first_string(data.get("pipeline_tag")),
        tags=all_tags,
        # `extra_gated_eu_disallowed: false` alone sets up no gate: only a value that configures one counts.
        gated=gated if gated is not None else (_truthy(data.get("gated")) or any(map(_set, extra_gated.values()))),
        extra_gated=extra_gated,
        eu_disallowed=_truthy(data.get("extra_gated_eu_disallowed")),
    )
