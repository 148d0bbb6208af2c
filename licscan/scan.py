"""The pipeline for a list of targets: sources -> classify -> conclude -> lineage -> policy -> ModelResults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from licscan import __version__
from licscan.classify.index import Index
from licscan.conclude import Conclusion, conclude, conclude_with_lineage, readme_wanted_for
from licscan.database import Database
from licscan.database.models import LicenseEntry
from licscan.lineage import DEFAULT_MAX_DEPTH, LineageWalker
from licscan.policy.engine import verdict
from licscan.policy.judge import judge, subject_of
from licscan.policy.model import IntendedUseOverride, Policy
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
    if t.registration:
        add("registration", t.registration.summary, t.registration.clause)
    for unavailable in t.unavailable_policies:
        add("incorporated policy (no text)", f"{unavailable.name}: cannot be checked", unavailable.clause)
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
            return ModelResult(
                id=ref,
                revision=target.revision or rev,
                source="local" if is_local(ref) else "hub",
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
        binding = conclude_with_lineage(docs.id, conclusion, lineage, db)
        key, how = binding.license, binding.concluded_by
        entry = db.get(key) if key else None
        bases = [(item.id, self.walker.node(item.id).docs) for item in lineage if item.kind == "model"]
        subject = subject_of(
            docs.id,
            docs.card,
            [(ref, d.card if d else None) for ref, d in bases],
            key,
            binding.bound,
            target.derivative_name,
            (*conclusion.findings, *_problem_findings(docs, conclusion.license), *binding.findings),
        )
        findings = judge(subject, policy, target.use, db)
        findings = self.waivers.apply(findings, docs.revision)
        card = docs.card
        return ModelResult(
            id=docs.id,
            revision=docs.revision,
            source=docs.source,
            url=docs.url,
            declared=Declared(
                license=", ".join(card.licenses) or None, license_name=card.license_name, license_link=card.license_link
            ),
            files=[f.evidence() for f in conclusion.files],
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


def _problem_findings(docs: ModelDocuments, key: str | None) -> list[Finding]:
    """The documents a source could not read, as findings that name the file."""
    out = []
    for p in docs.problems:
        where = f"{p.file}{':' + str(p.line) if p.line else ''}" if p.file else ""
        message = p.message if not where or where in p.message else f"{where}: {p.message}"
        if p.kind == "gated":
            out.append(warning(docs.id, "gated", key, message, _GATED_FIX))
        else:
            # A document that could not be read (broken card YAML, not UTF-8, cut at the size cap, a failed
            # download): the conclusion rests on what could be read, and the finding names the file.
            out.append(
                warning(
                    docs.id,
                    "fetch-error",
                    key,
                    message,
                    "Fix or re-fetch the file; the license was concluded from the other documents.",
                )
            )
    return out


_GATED_FIX = "Accept the license terms on the model's Hub page, then set HF_TOKEN (or run `hf auth login`)."
