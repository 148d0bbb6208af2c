"""The pipeline for a list of targets: sources -> classify -> conclude -> lineage -> policy -> ModelResults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from licscan import __version__
from licscan.classify.index import Index
from licscan.conclude import Conclusion, conclude, readme_wanted_for
from licscan.database import Database
from licscan.database.models import LicenseEntry
from licscan.formats.identity import model_purl
from licscan.headers import judge_headers
from licscan.lineage import DEFAULT_MAX_DEPTH, LineageWalker
from licscan.policy.engine import Bound, Subject, evaluate, verdict
from licscan.policy.modality import modality
from licscan.policy.model import IntendedUse, IntendedUseOverride, Policy
from licscan.policy.waivers import WaiverBook
from licscan.results import (
    CitedClause,
    Declared,
    Finding,
    LineageEntry,
    ModelResult,
    PolicyInfo,
    Report,
    TermSummary,
    ToolInfo,
    summarise,
    warning,
)
from licscan.sources.interface import ModelDocuments, ModelSource, NotFoundError, SourceError


@dataclass(frozen=True)
class Target:
    ref: str
    revision: str | None = None
    derivative_name: str | None = None
    use: IntendedUseOverride | None = None
    manifest_line: int | None = None


@dataclass(frozen=True)
class HubSettings:
    endpoint: str | None = None
    token: str | None = None
    offline: bool = False


@dataclass
class ScanOptions:
    policy: Policy | None = None
    policy_path: Path | None = None
    policy_sha256: str | None = None
    fail_on: str = "error"
    max_depth: int = DEFAULT_MAX_DEPTH
    jobs: int = 8
    hub: HubSettings = field(default_factory=HubSettings)
    today: dt.date = field(default_factory=dt.date.today)


def is_local(ref: str) -> bool:
    """A target is a local directory when it looks like a path or names one; otherwise it is a Hub id."""
    return ref.startswith((".", "/", "~")) or Path(ref).exists()


def parse_ref(ref: str) -> tuple[str, str | None]:
    """`org/name@rev` -> (org/name, rev); a local path is returned whole."""
    if is_local(ref) or "@" not in ref:
        return ref, None
    name, _, rev = ref.rpartition("@")
    return name, rev or None


class Sources:
    """One source per kind for the run: local paths read from disk, everything else from the Hub."""

    def __init__(self, hub: HubSettings) -> None:
        self.settings = hub
        self._hub: ModelSource | None = None
        self._local: ModelSource | None = None

    def __call__(self, ref: str) -> ModelSource:
        if is_local(ref):
            if self._local is None:
                from licscan.sources.local import LocalSource

                self._local = LocalSource()
            return self._local
        if self._hub is None:
            from licscan.sources.hub import HubSource

            s = self.settings
            self._hub = HubSource(endpoint=s.endpoint, token=s.token, offline=s.offline)
        return self._hub


def term_summaries(entry: LicenseEntry) -> list[TermSummary]:
    t = entry.terms
    out: list[TermSummary] = []

    def add(name: str, value: str, clause: object) -> None:
        c = getattr(clause, "section", None)
        cited = CitedClause(section=c, quote=clause.quote, license=entry.key) if c else None  # type: ignore[attr-defined]
        out.append(TermSummary(name=name, value=value, clause=cited))

    if t.commercial_use:
        cond = f" ({'; '.join(t.commercial_use.conditions)})" if t.commercial_use.conditions else ""
        add("commercial use", t.commercial_use.status + cond, t.commercial_use.clause)
    if t.mau_cap:
        add("MAU cap", f"{t.mau_cap.limit:,} monthly active users ({t.mau_cap.measured})", t.mau_cap.clause)
    if t.revenue_cap:
        rc = t.revenue_cap
        add("revenue cap", f"{rc.currency} {rc.amount:,} {rc.period}", rc.clause)
    if t.outputs_training:
        add(
            "training on outputs",
            f"{t.outputs_training.status}: {t.outputs_training.summary}",
            t.outputs_training.clause,
        )
    if t.hosting:
        add("hosting / SaaS", f"{t.hosting.status}: {t.hosting.summary}", t.hosting.clause)
    if t.research_only:
        add("research only", f"{t.research_only.scope}: {t.research_only.summary}", t.research_only.clause)
    if t.derivatives:
        add("derivatives", t.derivatives.summary, t.derivatives.clause)
    if t.share_alike:
        add("share-alike", t.share_alike.scope, t.share_alike.clause)
    for ob in t.obligations:
        add(f"obligation: {ob.kind}", ob.summary, ob.clause)
    for r in t.region_restrictions:
        add("region restriction", r.summary, r.clause)
    for u in t.use_restrictions:
        add("use restriction", f"[{', '.join(u.tags)}] {u.summary}", u.clause)
    for term in t.termination:
        add(f"termination: {term.trigger}", term.summary, term.clause)
    return out


class Scanner:
    def __init__(self, db: Database, index: Index, options: ScanOptions) -> None:
        self.db = db
        self.index = index
        self.options = options
        self.sources = Sources(options.hub)
        self.walker = LineageWalker(self.sources, db, index, options.max_depth)
        policy = options.policy
        self.waivers = WaiverBook(list(policy.exceptions) if policy else [], today=options.today)

    def scan(self, target: Target) -> ModelResult:
        ref, rev = parse_ref(target.ref)
        try:
            docs = self.sources(ref).model(
                ref, revision=target.revision or rev, readme_wanted=readme_wanted_for(self.db, self.index)
            )
        except SourceError as exc:
            kind = "not found" if isinstance(exc, NotFoundError) else "could not be fetched"
            finding = Finding(
                id="fetch-error",
                severity="error",
                model=ref,
                license=None,
                message=f"{ref} {kind}: {exc}",
                remediation="Check the model id and revision, the network and HF_TOKEN, then run again.",
            )
            source = "local" if is_local(ref) else "hub"
            return ModelResult(
                id=ref,
                revision=target.revision or rev,
                source=source,
                purl=model_purl(ref, target.revision or rev, source),
                declared=Declared(license=None),
                license=None,
                concluded_by="not read",
                manifest_line=target.manifest_line,
                findings=[finding],
                verdict="error",
            )
        conclusion = conclude(docs, self.db, self.index)
        lineage = self.walker.walk(docs)
        return self._judge(target, docs, conclusion, lineage)

    def _judge(
        self, target: Target, docs: ModelDocuments, conclusion: Conclusion, lineage: list[LineageEntry]
    ) -> ModelResult:
        db, policy = self.db, self.options.policy
        key, how = conclusion.license, conclusion.concluded_by
        prior = list(conclusion.findings)
        for p in docs.problems:
            where = f"{p.file}{':' + str(p.line) if p.line else ''}" if p.file else ""
            message = p.message if not where or where in p.message else f"{where}: {p.message}"
            if p.kind == "gated":
                prior.append(warning(docs.id, "gated", key, message, _GATED_FIX))
            else:
                # A document that could not be read (broken card YAML, not UTF-8, cut at the size cap, a failed
                # download): the conclusion rests on what could be read, and the finding names the file.
                prior.append(
                    warning(
                        docs.id,
                        "fetch-error",
                        key,
                        message,
                        "Fix or re-fetch the file; the license was concluded from the other documents.",
                    )
                )
        bound = [Bound(key)] if key else []
        bound += [Bound(k, "also declared by the card") for k in conclusion.also_declared]
        for item in lineage:
            if item.license is None:
                if item.error:
                    prior.append(
                        warning(
                            docs.id,
                            "fetch-error",
                            None,
                            f"{'Dataset' if item.kind == 'dataset' else 'Base model'} {item.id} could not be read, "
                            f"so its terms were not checked: {item.error}",
                            "Check the id on the Hub; if it is gated, accept its terms and set HF_TOKEN.",
                        )
                    )
                continue
            if item.kind == "dataset":
                bound.append(Bound(item.license, f"dataset {item.id}", dataset=True))
                continue
            bound.append(Bound(item.license, f"base model {item.id}"))
            base = db.get(item.license)
            if base and base.kind == "license" and base.category != "permissive" and item.license != key:
                prior.append(
                    warning(
                        docs.id,
                        "inherited-license",
                        item.license,
                        f"{docs.id} declares {key or 'no license'}, but it is a {item.relation} of {item.id}, "
                        f"which is under {base.name}: the base's terms apply to it.",
                        "Treat the model as bound by the base's license; ask the publisher to correct the card.",
                    )
                )
                if not conclusion.from_files and (key is None or _grants_less(db, base, key)):
                    # The card's own id is one the derivative cannot grant: the base's license replaces it.
                    how = f"inherited from base {item.id} ({item.license}); {how}"
                    bound = [b for b in bound if b.key != key]
                    key = item.license
        headers = judge_headers(docs, conclusion, key, db, self.index, _grants_less)
        prior += headers.findings
        bound += [Bound(k, why) for k, why in headers.binds]
        if headers.replaces is not None:
            how = f"{headers.replaces[1]}; {how}"
            bound = [b for b in bound if b.key != key]
            key = headers.replaces[0]
        entry = db.get(key) if key else None
        if entry is not None and (entry.kind in ("family", "no-license") or not entry.texts):
            what = {
                "family": f"names only the {entry.name} family, not which license in it",
                "no-license": f"declares {entry.key!r} without naming a license licscan knows",
            }.get(entry.kind, f"declares {entry.name}, which has no reference text in the database")
            prior.append(
                warning(
                    docs.id,
                    "unknown-license",
                    entry.key,
                    f"The card {what}: its terms cannot be checked.",
                    "Ask the publisher for the exact license text, or have legal review it.",
                )
            )
        prior = _relevel(prior, policy)
        use = intended_use(policy, target.use)
        subject = Subject(
            model=docs.id,
            license=key,
            bound=tuple(dict.fromkeys(bound)),
            modality=modality(docs.card.pipeline_tag, docs.card.tags),
            eu_disallowed=docs.card.eu_disallowed,
            derivative_name=target.derivative_name,
            prior=tuple(prior),
        )
        findings = evaluate(subject, policy, use, db)
        findings = self.waivers.apply(findings, docs.revision)
        card = docs.card
        return ModelResult(
            id=docs.id,
            revision=docs.revision,
            source=docs.source,
            url=docs.url,
            purl=model_purl(docs.id, docs.revision, docs.source),
            declared=Declared(
                license=", ".join(card.licenses) or None, license_name=card.license_name, license_link=card.license_link
            ),
            files=[f.evidence() for f in conclusion.files],
            gguf=headers.evidence,
            license=key,
            license_name=entry.name if entry else None,
            license_version=conclusion.version if key == conclusion.license else None,
            category=entry.category if entry else None,
            concluded_by=how,
            applied_licenses=[b.key for b in subject.bound],
            terms=term_summaries(entry) if entry else [],
            lineage=lineage,
            pipeline_tag=card.pipeline_tag,
            modality=subject.modality,
            manifest_line=target.manifest_line,
            findings=findings,
            verdict=verdict(findings, self.options.fail_on),
        )

    def run(self, targets: list[Target], progress: Callable[[], None] | None = None) -> Iterator[ModelResult]:
        jobs = max(1, min(self.options.jobs, len(targets)))
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for result in pool.map(self.scan, targets):
                if progress:
                    progress()
                yield result

    def report(self, results: list[ModelResult], command: str | None = None, manifest: str | None = None) -> Report:
        policy = self.options.policy
        info = None
        if policy is not None:
            info = PolicyInfo(
                name=policy.name,
                path=str(self.options.policy_path) if self.options.policy_path else None,
                sha256=self.options.policy_sha256,
                intended_use=policy.intended_use.model_dump(mode="json"),
                organisation=policy.organisation.model_dump(mode="json"),
                stale_exceptions=self.waivers.stale(),
            )
        return Report(
            tool=ToolInfo(version=__version__, database_version=self.db.version),
            policy=info,
            models=results,
            summary=summarise(results),
            generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
            command=command,
            manifest=manifest,
        )


_GATED_FIX = "Accept the license terms on the model's Hub page, then set HF_TOKEN (or run `hf auth login`)."

PRIOR_RULES = {
    "unknown-license": "unknown_license",
    "modified-license": "modified_license",
    "license-mismatch": "license_mismatch",
    "inherited-license": "inherited_license",
}


def _relevel(findings: list[Finding], policy: Policy | None) -> list[Finding]:
    """License-level findings take the severity the policy's rules give them."""
    if policy is None:
        return findings
    out = []
    for f in findings:
        rule = PRIOR_RULES.get(f.id)
        out.append(f.model_copy(update={"severity": getattr(policy.rules, rule)}) if rule else f)
    return out


PERMISSIVENESS = {"permissive": 0, "copyleft": 1, "weak-copyleft": 1, "community": 2, "use-restricted": 2}


def _grants_less(db: Database, base: LicenseEntry, declared: str) -> bool:
    """A derivative's card that declares a more permissive license than its base's cannot grant it."""
    own = db.get(declared)
    if own is None or own.kind != "license":
        return True
    return PERMISSIVENESS.get(own.category, 3) < PERMISSIVENESS.get(base.category, 3)


def intended_use(policy: Policy | None, override: IntendedUseOverride | None) -> IntendedUse | None:
    if policy is None:
        return None
    return override.apply(policy.intended_use) if override else policy.intended_use
