"""Declared keys: what a card, a dataset's card, a GGUF header or a census listing declares, as database keys.

The one place declared license metadata becomes database keys: `license:` ids (`other` and `unknown` name none),
`license_name`, narrowed by `license_link` when a name several licenses share is linked to one of their texts.
"""

from __future__ import annotations

from collections.abc import Sequence

from licscan.database import Database
from licscan.database.names import Declared, declared
from licscan.hubnames import NOT_A_LICENSE
from licscan.sources.interface import CardMetadata, DatasetDocuments, GGUFHeader


def declared_licenses(
    db: Database,
    licenses: Sequence[str],
    license_name: str | None = None,
    license_link: str | None = None,
    repo_id: str | None = None,
) -> Declared:
    """Every license the declared names may mean, in order: the specific ids first, then license_name; with no
    specific id (`license: other`), license_name alone."""
    specific = [lic for lic in licenses if lic not in NOT_A_LICENSE]
    names = [license_name] if license_name else []
    ordered = [*names, *specific] if not specific else [*specific, *names]
    return declared(db, ordered, license_link, repo_id)


def card_declared(card: CardMetadata, db: Database, repo_id: str | None = None) -> Declared:
    """What the card's metadata declares: every license each name may mean, narrowed by its license_link."""
    return declared_licenses(db, card.licenses, card.license_name, card.license_link, repo_id)


def declared_keys(card: CardMetadata, db: Database) -> tuple[list[str], list[str]]:
    """The database keys the card declares (every candidate of a shared slug), and the names that map to nothing."""
    found = card_declared(card, db)
    return found.keys, list(found.unmapped)


def header_keys(header: GGUFHeader, db: Database) -> list[str]:
    """The licenses general.license (or general.license.name) may mean, read like a card's metadata.

    A header's `other` or `unknown` (in any case, in either field) names no license, whatever the database calls so.
    """
    said = declared_licenses(db, [header.license] if header.license else [], header.license_name, header.license_link)
    return [k for k in said.keys if k not in NOT_A_LICENSE]


def dataset_key(found: DatasetDocuments, db: Database, ref: str) -> str | None:
    """The license a dataset's card declares. `license: other` alone stays `other`: the dataset says its license is
    none of the Hub's ids (a no-license entry, which fails closed downstream)."""
    keys = declared_licenses(db, found.licenses, found.license_name, found.license_link, ref).keys
    return next(iter(keys), None) or next((k for k in map(db.resolve, found.licenses) if k), None)
