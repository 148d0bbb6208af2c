"""`classify`: license files -> database entries, each with a match level; the `--format json` document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from licscan.app.codes import OK, USAGE
from licscan.app.interface import Outcome, Say, quiet
from licscan.classify.match import MatchLevel
from licscan.classify.prose import Scope
from licscan.frozen import FrozenModel


class StatedLicense(FrozenModel):
    """A sentence that states a license, for what, and whether it calls it changed."""

    license: str | None = Field(
        description="The database key; null when the sentence names a license licscan does not know."
    )
    name: str = Field(description="The words that name it, as written.")
    scope: Scope = Field(description="What the sentence licenses: weights, code, data, outputs, model or page.")
    modified: bool = Field(description="The sentence says a modified license, a variant of it, or one based on it.")
    sentence: str


# Keys every row carries (SPEC.md); the others appear only when they say something.
ALWAYS = frozenset({"path", "license", "match", "similarity"})


class ClassifiedRow(FrozenModel):
    path: str = Field(description="The file as given on the command line.")
    license: str | None = Field(description="The database key of the closest entry; null for match `none`.")
    match: MatchLevel = Field(description="exact, modified, partial, reference or none (SPEC.md).")
    similarity: float
    version: str | None = Field(None, description="The text version matched, when the entry has several.")
    also: tuple[str, ...] = Field((), description="Other licenses found whole in the same file.")
    changes: tuple[str, ...] = Field((), description="For `modified`: what differs from the reference.")
    statements: tuple[StatedLicense, ...] = Field((), description="The sentences that state a license.")
    error: str | None = Field(None, description="Why the file was read in part or not at all.")

    @model_serializer(mode="wrap")
    def _said_only(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {key: value for key, value in data.items() if key in ALWAYS or value}


class ClassifyOutput(FrozenModel):
    """`licscan classify --format json`."""

    schema_version: Literal[1] = 1
    results: tuple[ClassifiedRow, ...]


@dataclass(frozen=True)
class ClassifyRequest:
    files: tuple[str, ...]


def classify(request: ClassifyRequest, say: Say = quiet) -> Outcome[ClassifyOutput]:
    """Every file classified; one that gave no text is still a row, named on stderr, and the run exits 2."""
    from licscan.classify.files import classify_path
    from licscan.classify.index import load_index

    index = load_index()
    rows = []
    unreadable = 0
    for path in request.files:
        found = classify_path(path, index)
        if not found.readable:
            unreadable += 1
            say(f"licscan: error: {path}: {found.error}: nothing to classify")
        elif found.error:
            say(f"licscan: warning: {path}: {found.error}")
        m = found.match
        stated = [
            StatedLicense(license=s.license, name=s.name, scope=s.scope, modified=s.modified, sentence=s.sentence)
            for s in m.statements
        ]
        rows.append(
            ClassifiedRow(
                path=path,
                license=m.license,
                match=m.match,
                similarity=m.similarity,
                version=m.version,
                also=m.also,
                changes=m.changes,
                statements=tuple(stated),
                error=found.error,
            )
        )
    return Outcome(ClassifyOutput(results=tuple(rows)), USAGE if unreadable else OK)
