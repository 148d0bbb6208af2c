"""What a card's prose states about the model's license, when its metadata and files do not decide."""

from __future__ import annotations

from licscan.classify.added import RestrictionKind, restricted
from licscan.classify.prose import Statement, license_lines
from licscan.conclude.files import ClassifiedFile, quote
from licscan.database import Database
from licscan.database.names import NameGroup
from licscan.results import Finding, warning
from licscan.sources.files import license_rank
from licscan.sources.frontmatter import card_body
from licscan.sources.interface import ModelDocuments


def shared_name_finding(
    docs: ModelDocuments, db: Database, group: NameGroup, said: str = "The card's license name"
) -> Finding:
    """A card's name that several licenses use, and no text or license_link that decides which one is meant."""
    names = "; ".join(f"{k} ({e.name})" if (e := db.get(k)) else k for k in group.keys)
    link = docs.card.license_link
    why = (
        f"its license_link ({link}) names none of their texts"
        if link
        else "the card has no license_link naming one of their texts"
    )
    return warning(
        docs.id,
        "license-mismatch",
        group.keys[0],
        f"{said} “{group.name}” is used by several licenses whose terms differ: {names}. No license "
        f"file decides which one applies, and {why}. Every one of them binds, so the strictest terms are applied.",
        "Read the LICENSE file of the repository (or ask the publisher) to learn which text applies.",
    )


def quote_card(docs: ModelDocuments, files: tuple[ClassifiedFile, ...]) -> str:
    """What the card's prose says about licensing, for a finding to quote: its statements, or its first such line."""
    sentences = [s.sentence for f in files for s in f.match.statements]
    if not sentences and docs.readme and docs.readme.text:
        body = card_body(docs.readme.text)
        sentences = [line for line in body.splitlines() if "licen" in line.lower() and len(line.split()) > 2][:1]
    parts = [quote(s) for s in dict.fromkeys(sentences[:2])]
    parts += [f"{f.doc.path} quotes part of {f.match.license}" for f in files if f.match.match == "partial"]
    return "; ".join(parts)


def conclude_from_prose(
    docs: ModelDocuments, db: Database, files: tuple[ClassifiedFile, ...], unmapped: list[str], target: str | None
) -> tuple[str | None, str, tuple[str, ...], tuple[Finding, ...]] | None:
    """The license that sentences state for the model weights, or a fail-closed answer; None when none speaks.

    A card's `license: other` says that no standard id fits: a license named in the prose binds the weights only
    where a sentence states it for them (not for the code, the data or the outputs). A license licscan does not
    know, named for the weights beside known ones, leaves the terms unknown: nothing is concluded from the rest.
    """
    speaking = sorted(
        (f for f in files if f.match.statements and f.match.match in ("reference", "modified", "none")),
        key=lambda f: (f.doc is docs.readme, license_rank(f.doc.path, target)),
    )
    stated = [(f, s) for f in speaking for s in f.match.statements]
    if not stated:
        return None
    weights = [(f, s) for f, s in stated if s.binds_weights]
    unknown = [s for _, s in weights if s.license is None]
    known = [(f, s) for f, s in weights if s.license is not None]
    said = ", ".join(docs.card.licenses) or "no license id"
    fix = "Ask the publisher which license covers the model weights, and have legal read it."
    if unknown or (unmapped and known):
        names = [*(repr(u) for u in unmapped), *(f"“{s.name}”" for s in unknown)]
        beside = ", ".join(dict.fromkeys(s.license for _, s in known if s.license))
        message = (
            f"The card ({said}) names {', '.join(dict.fromkeys(names))} for the model, which is not a license "
            f"licscan knows{f', beside {beside}' if beside else ''}: {quote((unknown or [known[0][1]])[0].sentence)}. "
            "Its terms cannot be checked, so nothing is concluded from the others."
        )
        finding = warning(docs.id, "unknown-license", None, message, fix)
        return None, f"unidentified (the card names {names[0]} for the model)", (), (finding,)
    if not known:
        scopes = ", ".join(dict.fromkeys(s.scope for _, s in stated))
        message = (
            f"The card ({said}) states a license only for the {scopes}, not for the model weights: "
            f"{quote(stated[0][1].sentence)}."
        )
        finding = warning(docs.id, "unknown-license", None, message, fix)
        return None, f"unidentified (licenses stated only for the {scopes})", (), (finding,)
    keys = list(dict.fromkeys(s.license for _, s in known if s.license))
    first_file, first = known[0]
    changed = [(f, s) for f, s in known if s.modified]
    if changed:
        # A changed license lends the model none of the license's terms: the changed text governs, and it is not here.
        changes = tuple(
            warning(
                docs.id,
                "modified-license",
                s.license,
                f"{f.doc.path} names a changed {s.license}, not {s.license} itself: {quote(s.sentence)}. The changed "
                f"text is not in the repository, and {s.license}'s terms are not applied.",
                "Get the changed license text from the publisher and have legal review it.",
            )
            for f, s in changed
        )
        return (
            None,
            f"{first_file.doc.path} names a changed license for the model: {quote(first.sentence, 160)}",
            (),
            changes,
        )
    # "Apache 2.0. This model is for research purposes only.": a restriction beside the license the sentence states
    # is a changed license, unless the license itself says as much.
    narrowed = [
        (f, said)
        for f in dict.fromkeys(f for f, _ in known)
        for kind, said in restricted(_license_passages(f, docs, [s for g, s in known if g is f]))
        if not _license_says(db, keys, kind)
    ]
    if narrowed:
        f, said = narrowed[0]
        finding = warning(
            docs.id,
            "modified-license",
            keys[0],
            f"{f.doc.path} states {', '.join(keys)} for the model and restricts it further: "
            f"{'; '.join(quote(q) for _, q in narrowed[:3])}. That is not {keys[0]}'s terms: they are not applied, "
            "and licscan cannot check the restricted ones.",
            "Ask the publisher which terms apply, and have legal review them; record the approval as a policy "
            "exception.",
        )
        return None, f"{f.doc.path} states a license for the model with a restriction of its own", (), (finding,)
    key = keys[0]
    how = f"{first_file.doc.path} states {key} for the model: {quote(first.sentence, 160)}"
    more: list[Finding] = []
    # A name several licenses share ("released under modified-mit") states each of them: every one binds.
    for _, s in known:
        shared = db.candidates(s.name)
        if s.license in shared and len(shared) > 1:
            keys.extend(k for k in shared if k not in keys)
            more.append(shared_name_finding(docs, db, NameGroup(s.name, shared, shared), "The card's prose names"))
    if len(keys) > 1:
        how += f"; also stated: {', '.join(keys[1:])}"
    return key, how, tuple(keys[1:]), tuple(dict.fromkeys(more))


def _license_passages(f: ClassifiedFile, docs: ModelDocuments, stated: list[Statement]) -> str:
    """Where a file states the model's license: the whole of a license file; in a card, its license section and the
    lines that state it (an "Intended use" section elsewhere is no license term)."""
    text = f.doc.text or ""
    return license_lines(text, (s.sentence for s in stated)) if f.doc is docs.readme else text


def _license_says(db: Database, keys: list[str], kind: RestrictionKind) -> bool:
    """Whether one of the stated licenses already restricts what a sentence beside it restricts."""
    for key in keys:
        entry = db.get(key)
        if entry is None:
            continue
        terms = entry.terms
        if terms.research_only is not None and kind in ("commercial", "research"):
            return True
        if kind == "commercial" and terms.commercial_use is not None and terms.commercial_use.status == "not-allowed":
            return True
        if kind == "training" and any(t.status == "banned" for t in terms.outputs_training):
            return True
    return False
