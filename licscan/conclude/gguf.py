"""GGUF header evidence against what the card and license files say: the mismatches, and the licenses it binds."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from licscan.classify.index import Index
from licscan.conclude.bound import Binding, Bound, replaces
from licscan.conclude.declared import header_keys
from licscan.conclude.own import Conclusion
from licscan.database import Database
from licscan.hubnames import NOT_A_LICENSE
from licscan.results import Finding, GGUFEvidence, warning
from licscan.sources.interface import GGUFHeader, ModelDocuments, Problem


@dataclass
class HeaderJudgement:
    evidence: list[GGUFEvidence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # (license key, why): the header licenses that bind the model beside the concluded one.
    binds: list[tuple[str, str]] = field(default_factory=list)
    # (license key, how): a header license that replaces the concluded one, and the words that say so.
    replaces: tuple[str, str] | None = None

    def applied_to(self, binding: Binding) -> Binding:
        """The lineage conclusion with the headers' licenses binding too, and one replacing a card's id it grants
        more than."""
        key, how = binding.license, binding.concluded_by
        bound = [*binding.bound, *(Bound(k, why) for k, why in self.binds)]
        if self.replaces is not None:
            bound = [b for b in bound if b.key != key]
            key, how = self.replaces[0], f"{self.replaces[1]}; {how}"
        return dataclasses.replace(binding, license=key, concluded_by=how, bound=tuple(dict.fromkeys(bound)))


def gguf_evidence(header: GGUFHeader, db: Database, index: Index, problems: tuple[Problem, ...] = ()) -> GGUFEvidence:
    """A GGUF header as evidence: general.license resolved like a card's license, or classified like a sentence."""
    from licscan.classify.match import classify_text

    keys = header_keys(header, db)
    key = keys[0] if keys else None
    if key is None and (header.license_name or header.license):
        found = classify_text(str(header.license_name or header.license), index)
        key = found.license if found.match != "none" else None
    bases = [
        b.hub_id or "/".join(part for part in (b.organization, b.name) if part)
        for b in header.base_models
        if b.hub_id or b.name
    ]
    return GGUFEvidence(
        path=header.path,
        license=header.license,
        license_name=header.license_name,
        license_link=header.license_link,
        license_key=key,
        base_models=bases,
        name=header.name,
        bytes_read=header.bytes_read,
        error=next((p.message for p in problems if p.file == header.path), None),
    )


def judge_headers(
    docs: ModelDocuments, conclusion: Conclusion, key: str | None, db: Database, index: Index
) -> HeaderJudgement:
    """`key` is the license concluded so far (after the bases' licenses were applied)."""
    out = HeaderJudgement()
    for header in docs.gguf:
        evidence = gguf_evidence(header, db, index, docs.problems)
        out.evidence.append(evidence)
        said = evidence.license_key
        if said is None and evidence.license is None and evidence.license_name is None:
            continue
        means = header_keys(header, db) or ([said] if said else [])
        # A header name that several licenses share agrees with a conclusion that is one of them.
        if conclusion.license is not None and conclusion.license in means:
            continue
        written = evidence.license or evidence.license_name
        if said is None and str(written).strip().lower() not in NOT_A_LICENSE:
            # A license the weights' header names and licscan does not know may restrict them: it fails closed, as
            # a card naming one does ("other" names no license, and is only a mismatch).
            out.findings.append(
                warning(
                    docs.id,
                    "unknown-license",
                    None,
                    f"The GGUF header of {header.path} records general.license {written!r}, which is not a license "
                    f"licscan knows: its terms may bind beside {conclusion.license or 'what the card and files say'}, "
                    "and licscan cannot check them.",
                    "Check the upstream license the weights were converted from, and have legal read it; record the "
                    "approval as a policy exception.",
                )
            )
        elif said != conclusion.license:
            what = said if said else f"{written!r}, which licscan does not know"
            where = "The license files give" if conclusion.from_files else "The card gives"
            out.findings.append(
                warning(
                    docs.id,
                    "license-mismatch",
                    said,
                    f"{where} {conclusion.license or 'no license licscan knows'}, but the GGUF header of "
                    f"{header.path} records general.license {what}.",
                    "The weights' own header says what they were converted from: check the upstream license and "
                    "ask the publisher to correct the card.",
                )
            )
        # Every license the header's name may mean binds (a shared slug: each of them, the strictest applies).
        for entry in (db.get(k) for k in means):
            if entry is None or not entry.is_license or entry.key == key or entry.key in dict(out.binds):
                continue  # the quantizations of one conversion say the same: one binding is enough
            # The header binds like a declaration; a card that grants more than the header's license cannot.
            out.binds.append((entry.key, f"GGUF header of {header.path}"))
            if out.replaces is None and replaces(db, entry, key, conclusion.from_files):
                out.replaces = (entry.key, f"GGUF header of {header.path} records {entry.key}")
                key = entry.key
    return out
