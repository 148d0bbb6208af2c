"""`rights` as a use case: targets through the same scan and conclusion as `licscan scan`, then the rights table."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from licscan.database import Database
from licscan.database.models import LicenseEntry
from licscan.policy.interface import Subject
from licscan.policy.model import IntendedUseOverride
from licscan.results import ModelResult
from licscan.rights.compute import rights, views_of, views_of_entry
from licscan.rights.interface import ModelRights, RightsRow
from licscan.scan import Scanner, ScanOptions
from licscan.targets import Target

# Findings that say the license could not be concluded, or the evidence not read: quoted in every row (unknown).
UNDECIDED = ("unknown-license", "modified-license", "fetch-error")


def model_rights(result: ModelResult, subject: Subject | None, db: Database) -> ModelRights:
    """The rights of one scanned model: every license bound through its lineage counts; where the scan could not
    conclude a license, or read what it depends on, each row is `unknown` and quotes what was found."""
    found = [f for f in result.findings if f.waived is None and (f.id in UNDECIDED and f.severity != "info")]
    unknown = [f"{f.id}: {f.message}" for f in found]
    if result.license is None and not unknown:
        unknown.append(f"no license could be concluded for {result.id} ({result.concluded_by or 'nothing found'})")
    views = views_of(subject, db) if subject is not None else []
    return ModelRights(
        id=result.id,
        revision=result.revision,
        purl=result.purl,
        license=result.license,
        bound=[v.entry.key for v in views],
        rights=rights(views, result.license, unknown),
        problems=[f.message for f in result.findings if f.waived is None and f.unreadable],
    )


def license_rights(entry: LicenseEntry, db: Database) -> list[RightsRow]:
    """The same table for one license of the database (and the policies it incorporates), with no model."""
    return rights(views_of_entry(entry, db), entry.key)


def rights_of_targets(
    targets: list[Target[IntendedUseOverride]], options: ScanOptions
) -> tuple[list[ModelRights], list[ModelResult]]:
    """Each target scanned as `licscan scan` does (no policy), then its rights, beside the scan's results."""
    from licscan.classify.index import load_index
    from licscan.database import load_database

    db = load_database()
    scanner = Scanner(db, load_index(), options)
    with ThreadPoolExecutor(max_workers=max(1, min(options.jobs, len(targets)))) as pool:
        scanned = list(pool.map(scanner.scan_subject, targets))
    results = [result for result, _ in scanned]
    return [model_rights(r, s, db) for r, s in scanned], results
