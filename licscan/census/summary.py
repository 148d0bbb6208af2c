"""The census summary: counts per license and per verdict, mislabelled derivatives, models with no license."""

from __future__ import annotations

from collections import Counter

from pydantic import Field

from licscan.conclude import declared_licenses, grants_less
from licscan.database import Database
from licscan.frozen import FrozenModel
from licscan.results import ModelResult

# How a census result's `concluded_by` begins, for people; code reads `concluded_from`.
PROSE = {
    "metadata": "listing metadata, no files read: ",
    "files": "files read (the listing's metadata did not decide): ",
    "card-only": "files NOT read (refused or failed), from the card's metadata only: ",
    "not-read": "not read: ",
}
NO_LICENSE = "(none)"
# How many of the models that could not be read a message names before "and N more".
SHOWN = 10


class Mislabel(FrozenModel):
    id: str = Field(description="The derivative.")
    declared: str = Field(description="The license key its card declares.")
    base: str = Field(description="The base model whose license is stricter.")
    base_license: str = Field(description="The base's license key.")


class CensusSummary(FrozenModel):
    author: str | None = None
    search: str | None = None
    limit: int | None = None
    verify_files: bool = False
    complete: bool = Field(description="False when the census was interrupted or the listing failed part way.")
    stopped: str | None = Field(None, description="Why the census stopped early, when it did.")
    listed: int = Field(description="Models the listing gave before the census stopped.")
    judged: int = Field(description="Models judged and reported.")
    from_metadata: int = Field(description="Results concluded from the listing's metadata alone.")
    files_fetched: int = Field(description="Models whose files were requested (undecided cards, or --verify-files).")
    files_not_read: int = Field(
        0, description="Of those, models whose files were refused or failed (card-only, not-read)."
    )
    not_read: list[str] = Field(
        default_factory=list, description=f"The first {SHOWN} models that could not be read in full (exit 3)."
    )
    policy: str | None = Field(None, description="The name of the policy the verdicts are under; null: none.")
    licenses: dict[str, int] = Field(description=f"Concluded license -> models; {NO_LICENSE!r} for none.")
    verdicts: dict[str, int] = Field(description="pass / fail / error -> models.")
    mislabels: list[Mislabel] = Field(description="Derivatives declaring a more permissive license than a base's.")
    no_license: list[str] = Field(description="Models for which no license could be concluded.")


def declared_key(result: ModelResult, db: Database) -> str | None:
    """The license the card itself declares (before lineage), as a database key of a license, read as the scan
    read the card (its license_link narrowing a shared name)."""
    said = result.declared
    repo_id = result.id if result.source == "hub" else None
    keys = declared_licenses(db, said.licenses, said.license_name, said.license_link, repo_id).keys
    return next((k for k in keys if db.is_license(k)), None)


def mislabels(result: ModelResult, db: Database) -> list[Mislabel]:
    """The bases whose license the derivative's declared license is more permissive than."""
    declared = declared_key(result, db)
    if declared is None:
        return []
    out: list[Mislabel] = []
    # The nearest base names each stricter license once (a chain of Llama bases is one mislabel, not several).
    for item in sorted(result.lineage, key=lambda entry: entry.depth or 0):
        if item.kind != "model" or item.license is None or item.license == declared:
            continue
        if any(m.base_license == item.license for m in out):
            continue
        base = db.get(item.license)
        if base is None or not base.is_license:
            continue
        if grants_less(db, base, declared):
            out.append(Mislabel(id=result.id, declared=declared, base=item.id, base_license=item.license))
    return out


class Tally:
    """Accumulates the summary as results stream past; holds counts and short lists, never the results."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.listed = 0
        self.judged = 0
        self.from_metadata = 0
        self.files_fetched = 0
        self.licenses: Counter[str] = Counter()
        self.verdicts: Counter[str] = Counter()
        self.mislabels: list[Mislabel] = []
        self.no_license: list[str] = []
        self.runtime_failure = False
        self.files_not_read = 0
        self.not_read: list[str] = []
        self.not_read_count = 0
        self.access_denied = False

    def add(self, result: ModelResult) -> None:
        self.judged += 1
        if result.concluded_from == "metadata":
            self.from_metadata += 1
        if result.concluded_from in ("card-only", "not-read"):
            self.files_not_read += 1
        self.licenses[result.license or NO_LICENSE] += 1
        self.verdicts[result.verdict] += 1
        self.mislabels.extend(mislabels(result, self.db))
        if result.license is None:
            self.no_license.append(result.id)
        if result.not_read:
            self.runtime_failure = True
            self.not_read_count += 1
            if len(self.not_read) < SHOWN:
                self.not_read.append(result.id)
            self.access_denied = self.access_denied or any(f.access_denied for f in result.findings)

    def summary(
        self,
        author: str | None,
        search: str | None,
        limit: int | None,
        verify: bool,
        stopped: str | None,
        policy: str | None = None,
    ) -> CensusSummary:
        return CensusSummary(
            author=author,
            search=search,
            limit=limit,
            verify_files=verify,
            complete=stopped is None,
            stopped=stopped,
            listed=self.listed,
            judged=self.judged,
            from_metadata=self.from_metadata,
            files_fetched=self.files_fetched,
            files_not_read=self.files_not_read,
            not_read=self.not_read,
            policy=policy,
            licenses=dict(sorted(self.licenses.items(), key=lambda kv: (-kv[1], kv[0]))),
            verdicts={v: self.verdicts.get(v, 0) for v in ("pass", "fail", "error")},
            mislabels=self.mislabels,
            no_license=self.no_license,
        )
