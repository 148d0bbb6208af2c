"""Work out, per shipped model, the notices, duties and license files its licenses require, from terms and files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal

from licscan.classify.index import Index
from licscan.classify.match import classify_text
from licscan.database import Database
from licscan.database.models import LicenseEntry
from licscan.notice.model import Duty, LicenseCopy, ModelShipment, NoticeText, ShipPlan, Violation
from licscan.notice.repofiles import RepositoryFiles
from licscan.policy.engine import failing
from licscan.policy.judge import intended_use
from licscan.policy.model import IntendedUse, IntendedUseOverride, Policy
from licscan.results import CitedClause, ModelResult
from licscan.results import Duty as DueDuty
from licscan.targets import Target

SHIPPING_DUTIES = frozenset({"notice", "attribution", "naming-prefix", "modification-notice", "license-copy"})
# A copy of the agreement is the text itself, as received: a modified copy is what was licensed, so it ships too.
COPY_MATCHES = frozenset({"exact", "modified"})


def use_of(policy: Policy | None, target: Target[IntendedUseOverride]) -> IntendedUse:
    """The model's intended use: the policy's with the manifest's overrides; without a policy, the overrides alone."""
    return intended_use(policy, target.use)


def shipped_because(use: IntendedUse, target: Target[IntendedUseOverride]) -> list[str]:
    why = []
    override = target.use
    if use.distribute_weights:
        by = " (manifest override)" if override and override.distribute_weights is not None else ""
        why.append(f"the intended use distributes the weights{by}")
    if use.hosting:
        by = " (manifest override)" if override and override.hosting is not None else ""
        why.append(f"the model is made available to third parties as a service (hosting){by}")
    return why


class Planner:
    """Builds the ShipPlan; reads repository files only through RepositoryFiles."""

    def __init__(self, db: Database, index: Index, files: RepositoryFiles) -> None:
        self.db = db
        self.index = index
        self.files = files

    def plan(
        self,
        policy: Policy | None,
        pairs: Iterable[tuple[Target[IntendedUseOverride], ModelResult]],
        fail_on: str = "error",
    ) -> ShipPlan:
        shipped: list[ModelShipment] = []
        internal: list[str] = []
        violations: list[Violation] = []
        for target, result in pairs:
            if result.verdict == "fail":
                violations += [
                    Violation(model=result.id, id=f.id, severity=f.severity, license=f.license, message=f.message)
                    for f in failing(result.findings, fail_on)
                ]
            use = use_of(policy, target)
            because = shipped_because(use, target)
            if not because:
                internal.append(result.id)
                continue
            shipped.append(self.model(result, because))
        return ShipPlan(models=shipped, internal=internal, violations=violations)

    def model(self, result: ModelResult, because: list[str]) -> ModelShipment:
        """What shipping one model requires: the duties the policy stage found due for it, rendered."""
        unreadable = _unreadable(result)
        base = {
            "id": result.id,
            "purl": result.purl,
            "revision": result.revision,
            "source": result.source,
            "shipped_because": because,
        }
        if result.verdict == "error" and not result.license:
            # Not read at all: its licenses, and so what it requires, are unknown.
            return ModelShipment(**base, licenses=[], unreadable=unreadable)
        notices: list[NoticeText] = []
        duties: list[Duty] = []
        copies: list[LicenseCopy] = []
        licenses: list[str] = []
        notice_clause: CitedClause | None = None
        # The duties the policy stage found due under this intended use: rendered here, never re-derived.
        for due in result.duties:
            if due.kind not in SHIPPING_DUTIES:
                continue
            entry = self.db.get(due.license)
            if entry is None:
                continue
            if entry.key not in licenses:
                licenses.append(entry.key)
            clause = due.clause
            if due.kind == "notice":
                if due.text:
                    notices.append(NoticeText(text=due.text, license=entry.key, clause=clause))
                else:
                    # No wording of its own: the notices to keep are the ones the files carry (an MIT
                    # copyright line is in its LICENSE file), so those files ship, and the duty is listed.
                    duties.append(_listed(due, due.summary))
                    found, problems = self._copies(result, entry, clause, copies, from_bases=False)
                    unreadable.extend(problems)
                    copies.extend(found)
                # The repository's own NOTICE files are retained under the clause that names them, else any.
                if notice_clause is None or ("NOTICE" in clause.quote and "NOTICE" not in notice_clause.quote):
                    notice_clause = clause
            elif due.kind == "attribution":
                duties.append(_listed(due, f'Display "{due.text}": {due.summary}' if due.text else due.summary))
            elif due.kind == "naming-prefix":
                duties.append(_listed(due, due.message))
            elif due.kind == "modification-notice":
                duties.append(_listed(due, due.summary))
            else:
                found, problems = self._copies(result, entry, clause, copies)
                unreadable.extend(problems)
                copies.extend(found)
                keys = {entry.key, *entry.incorporates}
                if not found and not problems and not any(_holds(result, c, keys) for c in copies):
                    where = f"{result.id}'s repository" + (f" at {result.revision}" if result.revision else "")
                    duties.append(
                        Duty(kind="license-copy", license=entry.key, status="missing", clause=clause,
                             message=f"No copy of the {entry.name} is in {where}: obtain the text from the "
                             f"licensor{' (' + entry.url + ')' if entry.url else ''} and ship it with the model.")
                    )  # fmt: skip
        if notice_clause is not None:
            for evidence in result.files:
                if not evidence.path.rsplit("/", 1)[-1].lower().startswith("notice"):
                    continue
                try:
                    data = self.files.read(result.id, result.source, result.revision, evidence.path, evidence.sha256)
                    text = data.decode("utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    unreadable.append(f"{evidence.path}: {exc}")
                    continue
                notices.append(
                    NoticeText(text=text, license=notice_clause.license or "", clause=notice_clause,
                               path=evidence.path, sha256=evidence.sha256)
                )  # fmt: skip
        return ModelShipment(
            **base,
            licenses=licenses,
            notices=notices,
            duties=duties,
            copies=copies,
            unreadable=unreadable,
        )

    def _copies(
        self,
        result: ModelResult,
        entry: LicenseEntry,
        clause: CitedClause,
        already: list[LicenseCopy],
        from_bases: bool = True,
    ) -> tuple[list[LicenseCopy], list[str]]:
        """The files carrying the license (and the policies it incorporates): the model's own, else a base's."""
        keys = {entry.key, *entry.incorporates}
        taken = {(c.repository, c.path) for c in already}
        own = [
            f
            for f in result.files
            if (f.license in keys or keys.intersection(f.also))
            and f.match in COPY_MATCHES
            and f.path.lower() != "readme.md"
            and not f.error
        ]
        found: list[LicenseCopy] = []
        problems: list[str] = []
        for f in own:
            if (result.id, f.path) in taken:
                continue
            try:
                self.files.read(result.id, result.source, result.revision, f.path, f.sha256)
            except OSError as exc:
                problems.append(str(exc))
                continue
            found.append(
                LicenseCopy(license=f.license if f.license in keys else entry.key, repository=result.id,
                            revision=result.revision, path=f.path, sha256=f.sha256, clause=clause)
            )  # fmt: skip
        if found or problems or not from_bases:
            return found, problems
        for item in result.lineage:
            if item.kind != "model" or item.license not in keys or not item.revision:
                continue
            for path in self.files.license_files(item.id, "hub", item.revision):
                if (item.id, path) in taken:
                    continue
                try:
                    data = self.files.read(item.id, "hub", item.revision, path)
                except OSError:
                    continue
                match = classify_text(data.decode("utf-8", errors="replace"), self.index)
                if match.license in keys and match.match in COPY_MATCHES:
                    found.append(
                        LicenseCopy(license=match.license, repository=item.id, revision=item.revision, path=path,
                                    sha256=hashlib.sha256(data).hexdigest(), clause=clause)
                    )  # fmt: skip
            if found:
                break
        return found, problems


def _listed(due: DueDuty, message: str) -> Duty:
    """A checklist item for a duty the policy stage found due; a checked name keeps its verdict."""
    status: Literal["to-do", "ok", "violation"] = due.status
    return Duty(kind=due.kind, license=due.license, status=status, text=due.text, message=message,
                because=due.because, clause=due.clause)  # fmt: skip


def _unreadable(result: ModelResult) -> list[str]:
    """What the scan could not read: the model itself, gated files, files that failed to download."""
    # A gated repository whose files were read is only reported (info); one whose files were refused is missing.
    out = [f.message for f in result.findings if f.id == "fetch-error" or f.access_denied]
    out += [f"{f.path}: {f.error}" for f in result.files if f.error]
    return out


def plan_shipment(
    db: Database, index: Index, policy: Policy | None, pairs: Iterable[tuple[Target[IntendedUseOverride], ModelResult]]
) -> ShipPlan:
    return Planner(db, index, RepositoryFiles()).plan(policy, pairs)


def _holds(result: ModelResult, copy: LicenseCopy, keys: set[str]) -> bool:
    """Whether a copy already shipped holds one of the licenses: as its text, or beside it in the same file."""
    if copy.license in keys:
        return True
    return copy.repository == result.id and any(f.path == copy.path and keys.intersection(f.also) for f in result.files)
