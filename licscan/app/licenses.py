"""`licenses list`: every entry of the license database; the `--format json` document."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from licscan.app.codes import OK
from licscan.app.outcome import Outcome
from licscan.database.models import Category, EntryKind
from licscan.frozen import FrozenModel


class ListedLicense(FrozenModel):
    key: str
    name: str
    category: Category
    kind: EntryKind
    versions: list[str] = Field(description="The versions of the entry's reference texts.")
    has_text: bool = Field(description="licscan holds a reference text (a name without one is never judged by terms).")

    @property
    def unread(self) -> bool:
        """A license licscan knows by name only: a card naming it is reported unknown-license."""
        return self.kind == "license" and not self.has_text


class LicenseList(FrozenModel):
    """`licscan licenses list --format json`."""

    schema_version: Literal[1] = 1
    database_version: str
    licenses: list[ListedLicense]


def list_licenses() -> Outcome[LicenseList]:
    from licscan.database import load_database

    db = load_database()
    rows = [
        ListedLicense(
            key=e.key, name=e.name, category=e.category, kind=e.kind, versions=e.versions, has_text=bool(e.texts)
        )
        for e in db
    ]
    return Outcome(LicenseList(database_version=db.version, licenses=rows), OK)
