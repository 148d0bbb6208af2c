"""The binding sequence: which licenses bind a model, decided in three steps, each able to replace the last.

1. The model's own conclusion (own.conclude): its license files, else its card metadata, else its prose.
2. Its bases (lineage.conclude_with_lineage): a base's stricter license replaces a card id the derivative cannot
   grant; datasets and bases bind beside it.
3. Its GGUF headers (gguf.judge_headers): a header's license replaces a card id that grants more than it.

A license file's text is never replaced (bound.replaces, the one rule for steps 2 and 3).
"""

from __future__ import annotations

from dataclasses import dataclass

from licscan.classify.index import Index
from licscan.conclude.bound import Binding
from licscan.conclude.gguf import HeaderJudgement, judge_headers
from licscan.conclude.lineage import conclude_with_lineage
from licscan.conclude.own import Conclusion
from licscan.database import Database
from licscan.results import LineageEntry
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
    binding = conclude_with_lineage(docs.id, conclusion, lineage, db)
    headers = judge_headers(docs, conclusion, binding.license, db, index)
    return Bindings(headers.applied_to(binding), headers)
