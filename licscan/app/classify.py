"""`classify`: license files -> database entries, each with a match level; the `--format json` document."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

from licscan.app.codes import OK, USAGE
from licscan.app.outcome import Outcome, Say, quiet
from licscan.classify.match import MatchLevel
from licscan.classify.prose import Scope

# The output is typed with frozen dataclasses and written with the standard library: classifying files stays a light
# process (importing pydantic alone costs more than classifying a license file).


@dataclass(frozen=True)
class StatedLicense:
    """A sentence that states a license, for what, and whether it calls it changed."""

    # The database key; None when the sentence names a license licscan does not know.
    license: str | None
    # The words that name it, as written.
    name: str
    # What the sentence licenses: weights, code, data, outputs, model or page.
    scope: Scope
    # The sentence says a modified license, a variant of it, or one based on it.
    modified: bool
    sentence: str


# Keys every row carries (SPEC.md); the others appear only when they say something.
ALWAYS = frozenset({"path", "license", "match", "similarity"})


@dataclass(frozen=True)
class ClassifiedRow:
    # The file as given on the command line.
    path: str
    # The database key of the closest entry; None for match `none`.
    license: str | None
    # exact, modified, partial, reference or none (SPEC.md).
    match: MatchLevel
    similarity: float
    # The text version matched, when the entry has several.
    version: str | None = None
    # Other licenses found whole in the same file.
    also: tuple[str, ...] = ()
    # For `modified`: what differs from the reference.
    changes: tuple[str, ...] = ()
    # The sentences that state a license.
    statements: tuple[StatedLicense, ...] = ()
    # Why the file was read in part or not at all.
    error: str | None = None


@dataclass(frozen=True)
class ClassifyOutput:
    """`licscan classify --format json`."""

    results: tuple[ClassifiedRow, ...]
    schema_version: Literal[1] = 1

    def to_json(self) -> str:
        """The JSON document: schema_version first, each row with SPEC's keys and the others that say something."""
        rows = [asdict(row) for row in self.results]
        said = [{key: value for key, value in row.items() if key in ALWAYS or value} for row in rows]
        return json.dumps({"schema_version": self.schema_version, "results": said}, indent=2, ensure_ascii=False)


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
