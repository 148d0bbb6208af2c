"""What the decisive stage hands on: the licenses that bind a model, and the rules by which one replaces another."""

from __future__ import annotations

from dataclasses import dataclass

from licscan.database import Database
from licscan.database.models import LicenseEntry
from licscan.results import Finding


@dataclass(frozen=True)
class Bound:
    """A license whose terms bind the model, and why."""

    key: str
    via: str = "own license"
    dataset: bool = False
    version: str | None = None  # the text version the classifier identified; None = unknown (strictest applies)


@dataclass(frozen=True)
class Binding:
    """The license concluded for a model once its lineage is known, and every license that binds it."""

    license: str | None
    concluded_by: str
    bound: tuple[Bound, ...]
    findings: tuple[Finding, ...]


PERMISSIVENESS = {"permissive": 0, "copyleft": 1, "weak-copyleft": 1, "community": 2, "use-restricted": 2}


def grants_less(db: Database, base: LicenseEntry, declared: str) -> bool:
    """A derivative's card that declares a more permissive license than its base's cannot grant it."""
    own = db.get(declared)
    if own is None or not own.is_license:
        return True
    return PERMISSIVENESS.get(own.category, 3) < PERMISSIVENESS.get(base.category, 3)


def replaces(db: Database, license: LicenseEntry, key: str | None, from_files: bool) -> bool:
    """Whether a license that binds the model (a base's, a GGUF header's) replaces the concluded `key`: never one a
    license file decided (the text in the repository is what was licensed); always when nothing was concluded; and
    when the card's own id grants more than that license does (a derivative cannot grant it)."""
    return not from_files and (key is None or grants_less(db, license, key))
