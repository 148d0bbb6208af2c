"""The model's license files, classified: which of them speak for the weights, and what a changed one says."""

from __future__ import annotations

from dataclasses import dataclass

from licscan.classify.index import Index
from licscan.classify.match import Match, classify_text
from licscan.conclude.declared import declared_keys
from licscan.database import Database
from licscan.hubnames import endpoint_of
from licscan.results import FileEvidence, Finding, warning
from licscan.sources.files import file_role, linked_file
from licscan.sources.interface import CardMetadata, DocumentFile, ModelDocuments, ReadmeWanted

LEVEL_RANK = {"exact": 4, "modified": 3, "partial": 2, "reference": 1, "none": 0}


@dataclass(frozen=True)
class ClassifiedFile:
    doc: DocumentFile
    match: Match

    def evidence(self) -> FileEvidence:
        return FileEvidence(
            path=self.doc.path,
            sha256=self.doc.sha256,
            size=self.doc.size,
            license=self.match.license,
            match=self.match.match,
            similarity=self.match.similarity,
            version=self.match.version,
            error=self.doc.error,
            also=self.match.also if self.match.match == "exact" else (),
        )


def classify_documents(docs: ModelDocuments, index: Index) -> tuple[ClassifiedFile, ...]:
    out = []
    for doc in [*docs.files, *([docs.readme] if docs.readme else [])]:
        if doc.text is None:
            out.append(ClassifiedFile(doc, Match(None, "none", 0.0)))
        else:
            out.append(ClassifiedFile(doc, classify_text(doc.text, index, "card" if doc is docs.readme else "file")))
    return tuple(out)


def link_target(card: CardMetadata, docs: ModelDocuments) -> str | None:
    """The license file `license_link` names, when the repository has it and it was read."""
    repo_id = docs.id if docs.source == "hub" else None
    return linked_file(card.license_link, [doc.path for doc in docs.files], repo_id, _endpoint(docs))


def _endpoint(docs: ModelDocuments) -> str | None:
    # A file URL of a local Hub mirror (HF_ENDPOINT) names this repository as a huggingface.co URL does.
    return endpoint_of(docs.url) if docs.source == "hub" else None


def unreadable_terms(f: ClassifiedFile) -> bool:
    """Whether a file holds terms licscan cannot read: no license it knows whole, nor a sentence naming only ones
    it knows."""
    if f.doc.text is None:
        return False
    if f.match.match in ("none", "partial"):
        return not any(s.license for s in f.match.statements)
    return any(s.license is None and s.binds_weights for s in f.match.statements)


def modified_finding(model: str, f: ClassifiedFile) -> Finding:
    changes = "; ".join(f.match.changes[:3])
    return warning(
        model,
        "modified-license",
        f.match.license,
        f"{f.doc.path} is not the {f.match.license} text: it differs from it (similarity {f.match.similarity:.2f})"
        f"{': ' + changes if changes else ''}. {f.match.license}'s terms are not applied: the file's own terms "
        "govern, and licscan cannot check them.",
        "Have legal review the changed clauses; record the approval as a policy exception.",
    )


def unknown_file_finding(model: str, f: ClassifiedFile, declared: str | None) -> Finding:
    how = "; ".join(f.match.changes[:2]) or (
        f"it quotes part of {f.match.license}" if f.match.match == "partial" else "its text matches no license"
    )
    card = f" The card's {declared} does not stand in for it." if declared else ""
    return warning(
        model,
        "unknown-license",
        None,
        f"{f.doc.path} licenses the model, and it is no license licscan knows ({how}): {quote(f.doc.text or '')}."
        + card,
        "Have legal read the file; record the approval as a policy exception.",
    )


def restricting_file_finding(model: str, f: ClassifiedFile, said: tuple[str, ...]) -> Finding:
    quoted = "; ".join(f"“{passage}”" for passage in said[:3])
    return warning(
        model,
        "unknown-license",
        None,
        f"{f.doc.path} sets terms for the model that licscan cannot read: {quoted}. They bind beside the license "
        "concluded, and licscan cannot check them.",
        "Have legal read the file; record the approval as a policy exception.",
    )


def family_covers(db: Database, family: str, key: str | None) -> bool:
    entry = db.get(family)
    return entry is not None and entry.kind == "family" and key in entry.members


def readme_wanted_for(db: Database, index: Index) -> ReadmeWanted:
    """The callback a source asks before reading README prose: only when the card and files do not settle it."""

    def wanted(card: CardMetadata, files: tuple[DocumentFile, ...]) -> bool:
        keys, _ = declared_keys(card, db)
        if any(db.is_license(k) for k in keys):
            return False
        # A code license says nothing for the weights, nor does a sentence stating one for the code: the card may.
        return not any(
            doc.text and file_role(doc.path) != "code" and _speaks(classify_text(doc.text, index)) for doc in files
        )

    return wanted


def _speaks(m: Match) -> bool:
    """Whether a file's match may speak for the weights: a license text, or a sentence stating one for them."""
    if m.statements:
        return any(s.license and s.binds_weights for s in m.statements)
    return m.license is not None


def quote(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return f"“{text[:limit]}{'…' if len(text) > limit else ''}”"
