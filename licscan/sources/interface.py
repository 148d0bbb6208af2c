"""What a source hands to the rest of the pipeline: a model's license-bearing documents, pinned to a commit."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from licscan.errors import LicscanError

Relation = Literal["finetune", "adapter", "quantized", "merge", "unknown"]
ProblemKind = Literal["gated", "fetch-error", "malformed-card", "unreadable-file", "truncated-file"]


class SourceError(LicscanError):
    """A source could not produce a model's documents."""


class NotFoundError(SourceError):
    """The repository or revision does not exist (or is private)."""


class FetchError(SourceError):
    """The Hub could not be reached, or kept failing after retries."""


@dataclass(frozen=True)
class Problem:
    """Something that went wrong while reading a model; it becomes a finding, never a crash."""

    kind: ProblemKind
    message: str
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class DocumentFile:
    """One license-bearing file as read: its bytes' hash, and its text when it is text."""

    path: str
    sha256: str
    size: int
    text: str | None
    error: str | None = None
    truncated: bool = False


@dataclass(frozen=True)
class CardMetadata:
    """A model card's license-relevant metadata, after the messy real-world forms have been read."""

    licenses: tuple[str, ...] = ()
    license_name: str | None = None
    license_link: str | None = None
    base_models: tuple[str, ...] = ()
    base_model_relation: Relation | None = None
    relation_source: Literal["declared", "tags", "files"] | None = None
    datasets: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    tags: tuple[str, ...] = ()
    gated: bool = False
    extra_gated: dict[str, object] = field(default_factory=dict)
    eu_disallowed: bool = False


@dataclass(frozen=True)
class GGUFBase:
    """One `general.base_model.N.*` entry of a GGUF header."""

    name: str | None
    organization: str | None
    repo_url: str | None
    hub_id: str | None  # the Hub model the repo_url names, when it names one


@dataclass(frozen=True)
class GGUFHeader:
    """What a GGUF file's own header says it is: the general.* keys licscan reads, and what reading them cost."""

    path: str
    license: str | None
    license_name: str | None
    license_link: str | None
    name: str | None
    base_models: tuple[GGUFBase, ...] = ()
    bytes_read: int = 0
    requests: int = 0

    @property
    def base_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.hub_id for b in self.base_models if b.hub_id))


@dataclass(frozen=True)
class ModelDocuments:
    """Everything licscan reads about one model."""

    id: str
    source: Literal["hub", "local"]
    revision: str | None
    url: str | None
    card: CardMetadata
    files: tuple[DocumentFile, ...]
    readme: DocumentFile | None
    repo_files: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    gguf: tuple[GGUFHeader, ...] = ()


@dataclass(frozen=True)
class DatasetDocuments:
    """A dataset's license, from its card; lineage reads nothing else of a dataset."""

    id: str
    revision: str | None
    licenses: tuple[str, ...]
    license_name: str | None
    license_link: str | None
    url: str | None
    problems: tuple[Problem, ...] = ()


# Decides, from the card and the license files already read, whether the README prose must be read too.
ReadmeWanted = Callable[[CardMetadata, tuple[DocumentFile, ...]], bool]


class ModelSource(ABC):
    @abstractmethod
    def model(self, ref: str, revision: str | None = None, readme_wanted: ReadmeWanted | None = None) -> ModelDocuments:
        """Read a model's card and license files. Raises NotFoundError or FetchError."""

    @abstractmethod
    def dataset(self, ref: str) -> DatasetDocuments:
        """Read a dataset card's license. Raises NotFoundError or FetchError."""
