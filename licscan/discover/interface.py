"""What passes between the discover stages: candidate literals, the models found, and problems with files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from licscan.frozen import FrozenModel

Kind = Literal["model", "dataset"]


@dataclass(frozen=True)
class Candidate:
    """A string found where a model or dataset id is expected, before it is judged to be a Hub id or a path."""

    text: str
    kind: Kind
    line: int
    # Config keys as generic as `model:` also hold names that are not Hub ids ("gpt-4o"): there only org/name counts.
    bare_ok: bool = True
    cell: int | None = None
    # The file that holds the literal when it is not the file scanned: a constant imported from another module.
    path: Path | None = None


@dataclass(frozen=True)
class Unresolved:
    """A loading call whose repository argument is computed at run time: which model it loads cannot be told."""

    line: int
    call: str
    argument: str
    kind: Kind | None = None
    cell: int | None = None


class Location(FrozenModel):
    path: str = Field(description="The file, relative to the working directory, with forward slashes.")
    line: int = Field(description="1-based line; in a notebook, the line within its code cell's source.")
    cell: int | None = Field(None, description="The notebook code cell (1-based, counting code cells only).")

    def label(self) -> str:
        """`path:line`, with the notebook cell when there is one."""
        return f"{self.path}:{self.line}" + (f" (cell {self.cell})" if self.cell else "")


class DiscoveredModel(FrozenModel):
    id: str = Field(description="The Hub id, or for a local directory its path starting with `./` or `../`.")
    kind: Kind
    local: bool = Field(False, description="A directory on disk rather than a Hub repository.")
    locations: list[Location] = Field(description="Every place that uses it, in path and line order.")

    def to_json_dict(self) -> dict[str, object]:
        """The SPEC shape: id, kind and locations of path and line only."""
        return {
            "id": self.id,
            "kind": self.kind,
            "locations": [{"path": loc.path, "line": loc.line} for loc in self.locations],
        }


class Problem(FrozenModel):
    path: str
    line: int | None = None
    message: str

    def label(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class UnresolvedCall(FrozenModel):
    """A model-loading call whose model could not be told: its argument is computed at run time (an environment
    variable, a parameter, a string built from parts), so the model it loads may be one the manifest lacks."""

    path: str = Field(description="The file, relative to the working directory, with forward slashes.")
    line: int = Field(description="1-based line of the call; in a notebook, the line within its code cell's source.")
    cell: int | None = Field(None, description="The notebook code cell (1-based, counting code cells only).")
    call: str = Field(description="The function called, as the code names it through its imports.")
    argument: str = Field(description="The source of the argument that names the repository (shortened).")
    kind: Kind | None = Field(None, description="model or dataset, when the call says which.")

    def label(self) -> str:
        return f"{self.path}:{self.line}" + (f" (cell {self.cell})" if self.cell else "")

    def to_json_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "call": self.call, "argument": self.argument, "kind": self.kind}


class Discovery(FrozenModel):
    models: list[DiscoveredModel] = Field(description="Models first, then datasets, each sorted by id.")
    problems: list[Problem] = Field(default_factory=list, description="Files that could not be read or parsed.")
    files: int = Field(0, description="How many files were read.")
    unresolved: list[UnresolvedCall] = Field(
        default_factory=list, description="Loading calls whose model could not be told, in path and line order."
    )

    def to_json_dict(self) -> dict[str, object]:
        """The SPEC shape, plus `unresolved`: the calls whose model could not be told."""
        return {
            "schema_version": 1,
            "models": [m.to_json_dict() for m in self.models],
            "unresolved": [u.to_json_dict() for u in self.unresolved],
        }
