"""The pipeline for a list of targets: sources -> classify -> conclude -> lineage -> policy -> ModelResults."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from licscan import __version__
from licscan.classify.index import Index
from licscan.conclude import (
    DEFAULT_MAX_DEPTH,
    Conclusion,
    LineageWalker,
    bind,
    conclude,
    readme_wanted_for,
    source_findings,
)
from licscan.database import Database
from licscan.database.models import LicenseEntry
from licscan.errors import first_line
from licscan.identity import model_purl
from licscan.policy.finalise import finalise
from licscan.policy.interface import Subject
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
)
from licscan.sources.interface import ModelDocuments, ModelSource, NotFoundError, SourceError
from licscan.targets import Target, parse_ref

logger = logging.getLogger(__name__)


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
    debug: bool = False
    hub: HubSettings = field(default_factory=HubSettings)
    today: dt.date = field(default_factory=dt.date.today)


class Sources:
    """One source per kind for the run: local paths read from disk, everything else from the Hub."""

    def __init__(self, hub: HubSettings) -> None:
        self.settings = hub
        self._hub: ModelSource | None = None
        self._local: ModelSource | None = None
        self._lock = threading.Lock()

    def __call__(self, local: bool) -> ModelSource:
        """The source of a target the user named: a local directory, or the Hub."""
        if local:
            if self._local is None:
                from licscan.sources.local import LocalSource

                self._local = LocalSource()
            return self._local
        return self.hub()

    def hub(self, ref: str = "") -> ModelSource:
        """The Hub source. Bases and datasets named by a card always come from here: a card never makes licscan
        read the user's disk."""
        with self._lock:
            if self._hub is None:
                from licscan.sources.hub import HubSource

                s = self.settings
                self._hub = HubSource(endpoint=s.endpoint, token=s.token, offline=s.offline)
            return self._hub


def bound_terms(db: Database, keys: list[str]) -> list[TermSummary]:
    """Every bound license's key terms, each naming its license: a merge of Llama and Qwen shows both caps."""
    return [t for key in dict.fromkeys(keys) if (entry := db.get(key)) for t in term_summaries(entry)]


def term_summaries(entry: LicenseEntry) -> list[TermSummary]:
    t = entry.terms
    out: list[TermSummary] = []

    def add(name: str, value: str, clause: object) -> None:
        c = getattr(clause, "section", None)
        cited = CitedClause(section=c, quote=clause.quote, license=entry.key) if c else None  # type: ignore[attr-defined]
        out.append(TermSummary(name=name, value=value, clause=cited, license=entry.key))

    if t.commercial_use:
        cond = f" ({'; '.join(t.commercial_use.conditions)})" if t.commercial_use.conditions else ""
        add("commercial use", t.commercial_use.status + cond, t.commercial_use.clause)
    if t.mau_cap:
        add("MAU cap", f"{t.mau_cap.limit:,} monthly active users ({t.mau_cap.measured})", t.mau_cap.clause)
    if t.revenue_cap:
        rc = t.revenue_cap
        add("revenue cap", f"{rc.currency} {rc.amount:,} {rc.period}", rc.clause)
    for ot in t.outputs_training:
        versions = f" (text versions {', '.join(ot.versions)})" if ot.versions else ""
        add("training on outputs", f"{ot.status}{versions}: {ot.summary}", ot.clause)
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
        self.walker = LineageWalker(self.sources.hub, db, index, options.max_depth)
        policy = options.policy
        base = options.policy_path.parent if options.policy_path else None
        self.waivers = WaiverBook(list(policy.exceptions) if policy else [], today=options.today, base=base)

    def scan(self, target: Target[IntendedUseOverride]) -> ModelResult:
        """One target's result. A bulkhead: whatever goes wrong for this target (or its bases and datasets) becomes
        its `error` verdict, and every other target keeps its own."""
        return self.scan_subject(target)[0]

    def scan_subject(self, target: Target[IntendedUseOverride]) -> tuple[ModelResult, Subject | None]:
        """One target's result and the subject the policy stage judged (every license that binds it, its modality
        and lineage), for features that read the bound terms themselves (`rights`); None when nothing was judged."""
        local = target.is_local
        ref, rev = (target.ref, None) if local else parse_ref(target.ref)
        try:
            docs = self.sources(local).model(
                ref, revision=target.revision or rev, readme_wanted=readme_wanted_for(self.db, self.index)
            )
        except SourceError as exc:
            kind = "not found" if isinstance(exc, NotFoundError) else "could not be fetched"
            return self._failed(target, ref, target.revision or rev, local, f"{ref} {kind}: {exc}", _FETCH_FIX), None
        except Exception as exc:  # a bug, or input nobody foresaw: this target only
            return self._bug(target, ref, target.revision or rev, local, exc), None
        return self._judged(target, docs)

    def judge(self, target: Target[IntendedUseOverride], docs: ModelDocuments) -> ModelResult:
        """Conclude, follow lineage and apply the policy to documents already read (a census reads them from the
        Hub's listing); the same bulkhead as `scan`."""
        return self._judged(target, docs)[0]

    def _judged(self, target: Target[IntendedUseOverride], docs: ModelDocuments) -> tuple[ModelResult, Subject | None]:
        try:
            conclusion = conclude(docs, self.db, self.index)
            lineage = self.walker.walk(docs)
            return self._judge(target, docs, conclusion, lineage)
        except Exception as exc:
            return self._bug(target, docs.id, docs.revision, docs.source == "local", exc), None

    def _bug(
        self, target: Target[IntendedUseOverride], ref: str, revision: str | None, local: bool, exc: Exception
    ) -> ModelResult:
        if self.options.debug:
            logger.exception("unexpected error while scanning %s", ref)
        message = f"{ref} could not be judged: unexpected {type(exc).__name__}: {first_line(exc, 300)}"
        return self._failed(target, ref, revision, local, message, _BUG_FIX)

    def _failed(
        self,
        target: Target[IntendedUseOverride],
        ref: str,
        revision: str | None,
        local: bool,
        message: str,
        remediation: str,
    ) -> ModelResult:
        finding = Finding(
            id="fetch-error", severity="error", model=ref, license=None, message=message, remediation=remediation
        )
        return ModelResult(
            id=ref,
            revision=revision,
            source="local" if local else "hub",
            purl=model_purl(ref, revision, "local" if local else "hub"),
            declared=Declared(),
            license=None,
            concluded_by="not read",
            manifest_line=target.manifest_line,
            findings=[finding],
            verdict="error",
        )

    def _judge(
        self,
        target: Target[IntendedUseOverride],
        docs: ModelDocuments,
        conclusion: Conclusion,
        lineage: list[LineageEntry],
    ) -> tuple[ModelResult, Subject]:
        db, policy = self.db, self.options.policy
        bound = bind(docs, conclusion, lineage, db, self.index)
        binding, headers = bound.binding, bound.headers
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
            (
                *conclusion.findings,
                *source_findings(docs, conclusion.license, conclusion.from_files),
                *binding.findings,
                *headers.findings,
            ),
        )
        assessment = judge(subject, policy, target.use, db)
        card = docs.card
        result = ModelResult(
            id=docs.id,
            revision=docs.revision,
            source=docs.source,
            url=docs.url,
            purl=model_purl(docs.id, docs.revision, docs.source),
            declared=Declared(licenses=card.licenses, license_name=card.license_name, license_link=card.license_link),
            files=[f.evidence() for f in conclusion.files],
            gguf=headers.evidence,
            license=key,
            license_name=entry.name if entry else None,
            license_version=conclusion.version if key == conclusion.license else None,
            category=entry.category if entry else None,
            concluded_by=how,
            applied_licenses=[b.key for b in subject.bound],
            terms=bound_terms(db, [b.key for b in subject.bound]),
            lineage=lineage,
            pipeline_tag=card.pipeline_tag,
            modality=subject.modality,
            manifest_line=target.manifest_line,
            duties=assessment.duties,
        )
        return finalise(result, assessment.findings, self.waivers, self.options.fail_on), subject

    def run(
        self, targets: Sequence[Target[IntendedUseOverride]], progress: Callable[[], None] | None = None
    ) -> Iterator[ModelResult]:
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


_FETCH_FIX = "Check the model id and revision, the network and HF_TOKEN, then run again."
_BUG_FIX = "Run again with --debug for a traceback, and report it to the licscan maintainers with the model id."
