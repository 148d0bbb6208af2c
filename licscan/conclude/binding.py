"""The binding sequence: which licenses bind a model, decided in three steps, each able to replace the last.

1. The model's own conclusion (own.conclude, own.own_binding): its license files, else its card metadata, else its
   prose; with the other licenses its card declares and the use policies its files name.
2. Its bases and datasets (lineage.with_bases): a base's stricter license replaces a card id the derivative cannot
   grant; every base's and dataset's license binds beside it.
3. Its GGUF headers (gguf.judge_headers): a header's license replaces a card id that grants more than it.

A license file's text is never replaced (bound.replaces, the one rule for steps 2 and 3).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from licscan.classify.index import Index
from licscan.conclude.bound import Binding
from licscan.conclude.gguf import HeaderJudgement, judge_headers
from licscan.conclude.lineage import with_bases
from licscan.conclude.own import Conclusion, own_binding
from licscan.database import Database
from licscan.database.models import LicenseEntry
from licscan.results import LineageEntry, warning
from licscan.sources.interface import ModelDocuments


@dataclass(frozen=True)
class Bindings:
    """The binding after every step, and the GGUF headers' evidence and findings."""

    binding: Binding
    headers: HeaderJudgement


def bind(
    docs: ModelDocuments, conclusion: Conclusion, lineage: list[LineageEntry], db: Database, index: Index
) -> Bindings:
    """The three replacements, in order: card and files (the conclusion), then the bases, then the GGUF headers."""
    binding = own_binding(conclusion, db)
    binding = with_bases(docs.id, binding, conclusion, lineage, db)
    binding = settled(docs.id, binding, conclusion, db)
    headers = judge_headers(docs, conclusion, binding.license, db, index)
    return Bindings(headers.applied_to(binding), headers)


def conclude_with_lineage(model: str, conclusion: Conclusion, lineage: list[LineageEntry], db: Database) -> Binding:
    """Steps 1 and 2 of `bind`, for a model with no GGUF headers: the bound licenses (own, also declared, bases',
    datasets') and the findings that raises (unreadable bases, inherited terms, terms that cannot be checked)."""
    return settled(model, with_bases(model, own_binding(conclusion, db), conclusion, lineage, db), conclusion, db)


def settled(model: str, binding: Binding, conclusion: Conclusion, db: Database) -> Binding:
    """The binding of the card and the bases, finished: the concluded license's terms that cannot be checked (a
    family, `other`, an entry with no text) as a finding, and a policy the bound licenses incorporate anyway reported
    as incorporated, not as named by a file."""
    findings = list(binding.findings)
    entry = db.get(binding.license) if binding.license else None
    if entry is not None and (entry.kind in ("family", "no-license") or not entry.texts):
        what = {
            "family": f"names only the {entry.name} family, not which license in it",
            "no-license": f"declares {entry.key!r} without naming a license licscan knows",
        }.get(entry.kind, f"declares {_named(conclusion, entry)}, which has no reference text in the database")
        findings.append(
            warning(
                model,
                "unknown-license",
                entry.key,
                f"The card {what}: its terms cannot be checked.",
                "Ask the publisher for the exact license text, or have legal review it.",
            )
        )
    incorporated = {k for b in binding.bound if (e := db.get(b.key)) is not None for k in e.incorporates}
    bound = [b for b in binding.bound if not (b.via.startswith("named by ") and b.key in incorporated)]
    return replace(binding, bound=tuple(dict.fromkeys(bound)), findings=tuple(findings))


def _named(conclusion: Conclusion, entry: LicenseEntry) -> str:
    """The license as the card wrote it, quoted, and as the database names it."""
    written = conclusion.named_as if conclusion.license == entry.key else None
    return f"“{written}” ({entry.name})" if written else entry.name
