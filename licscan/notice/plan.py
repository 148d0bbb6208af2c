"""Work out, per shipped model, the notices, duties and license files its licenses require, from terms and files."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from licscan.classify.index import Index
from licscan.classify.match import classify_text
from licscan.conclude import Bound
from licscan.database import Database
from licscan.database.models import LicenseEntry, Obligation
from licscan.notice.model import Duty, LicenseCopy, ModelShipment, NoticeText, ShipPlan
from licscan.notice.repofiles import RepositoryFiles
from licscan.policy.engine import active_triggers, expand
from licscan.policy.judge import intended_use
from licscan.policy.model import IntendedUse, IntendedUseOverride, Policy
from licscan.results import CitedClause, ModelResult
from licscan.targets import Target

SHIPPING_DUTIES = frozenset({"notice", "attribution", "naming-prefix", "modification-notice", "license-copy"})
# A copy of the agreement is the text itself, as received: a modified copy is what was licensed, so it ships too.
COPY_MATCHES = frozenset({"exact", "modified"})


def use_of(policy: Policy | None, target: Target[IntendedUseOverride]) -> IntendedUse:
    """The model's intended use: the policy's with the manifest's overrides; without a policy, the overrides alone."""
    use = intended_use(policy, target.use)
    if use is not None:
        return use
    return target.use.apply(IntendedUse()) if target.use else IntendedUse()


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


def _cited(entry: LicenseEntry, ob: Obligation) -> CitedClause:
    return CitedClause(section=ob.clause.section, quote=ob.clause.quote, license=entry.key)


def _words(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


def _naming(entry: LicenseEntry, ob: Obligation, derivative_name: str | None) -> Duty:
    prefix = ob.text or ""
    clause = _cited(entry, ob)
    if not derivative_name:
        message = (
            f"Name the model you ship so that it begins with {prefix!r} ({entry.name}); the manifest gives no "
            "derivative_name to check."
        )
        return Duty(
            kind="naming-prefix", license=entry.key, status="to-do", text=prefix, message=message, clause=clause
        )
    if _words(derivative_name).startswith(_words(prefix)):
        message = f"The name {derivative_name!r} begins with {prefix!r}, as {entry.name} requires."
        return Duty(kind="naming-prefix", license=entry.key, status="ok", text=prefix, message=message, clause=clause)
    message = (
        f"The name {derivative_name!r} does not begin with {prefix!r}, as {entry.name} requires: rename it "
        f"(e.g. {prefix}-{derivative_name})."
    )
    return Duty(
        kind="naming-prefix", license=entry.key, status="violation", text=prefix, message=message, clause=clause
    )


class Planner:
    """Builds the ShipPlan; reads repository files only through RepositoryFiles."""

    def __init__(self, db: Database, index: Index, files: RepositoryFiles) -> None:
        self.db = db
        self.index = index
        self.files = files

    def plan(self, policy: Policy | None, pairs: Iterable[tuple[Target[IntendedUseOverride], ModelResult]]) -> ShipPlan:
        shipped: list[ModelShipment] = []
        internal: list[str] = []
        for target, result in pairs:
            use = use_of(policy, target)
            because = shipped_because(use, target)
            if not because:
                internal.append(result.id)
                continue
            shipped.append(self.model(result, use, because, target.derivative_name))
        return ShipPlan(models=shipped, internal=internal)

    def model(
        self, result: ModelResult, use: IntendedUse, because: list[str], derivative_name: str | None
    ) -> ModelShipment:
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
        triggers = active_triggers(use)
        bound = expand(tuple(Bound(k) for k in result.applied_licenses), self.db)
        notices: list[NoticeText] = []
        duties: list[Duty] = []
        copies: list[LicenseCopy] = []
        licenses: list[str] = []
        notice_clause: CitedClause | None = None
        for _, entry in bound:
            for ob in entry.terms.obligations:
                if ob.kind not in SHIPPING_DUTIES or not triggers.intersection(ob.triggers):
                    continue
                if entry.key not in licenses:
                    licenses.append(entry.key)
                clause = _cited(entry, ob)
                if ob.kind == "notice":
                    if ob.text:
                        notices.append(NoticeText(text=ob.text, license=entry.key, clause=clause))
                    else:
                        # No wording of its own: the notices to keep are the ones the files carry (an MIT
                        # copyright line is in its LICENSE file), so those files ship, and the duty is listed.
                        duties.append(
                            Duty(kind="notice", license=entry.key, status="to-do", message=ob.summary, clause=clause)
                        )
                        found, problems = self._copies(result, entry, clause, copies, from_bases=False)
                        unreadable.extend(problems)
                        copies.extend(found)
                    # The repository's own NOTICE files are retained under the clause that names them, else any.
                    if notice_clause is None or ("NOTICE" in ob.clause.quote and "NOTICE" not in notice_clause.quote):
                        notice_clause = clause
                elif ob.kind == "attribution":
                    message = f'Display "{ob.text}": {ob.summary}' if ob.text else ob.summary
                    duties.append(
                        Duty(kind="attribution", license=entry.key, status="to-do", text=ob.text, message=message,
                             clause=clause)
                    )  # fmt: skip
                elif ob.kind == "naming-prefix":
                    duties.append(_naming(entry, ob, derivative_name))
                elif ob.kind == "modification-notice":
                    duties.append(
                        Duty(kind="modification-notice", license=entry.key, status="to-do", text=ob.text,
                             message=ob.summary, clause=clause)
                    )  # fmt: skip
                else:
                    found, problems = self._copies(result, entry, clause, copies)
                    unreadable.extend(problems)
                    copies.extend(found)
                    keys = {entry.key, *entry.incorporates}
                    if not found and not problems and not any(c.license in keys for c in copies):
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
            if f.license in keys and f.match in COPY_MATCHES and f.path.lower() != "readme.md" and not f.error
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
                LicenseCopy(license=f.license or entry.key, repository=result.id, revision=result.revision,
                            path=f.path, sha256=f.sha256, clause=clause)
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
