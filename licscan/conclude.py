"""Conclude a model's license from its card metadata, its classified files and its license_link, and say how."""

from __future__ import annotations

from dataclasses import dataclass

from licscan.classify.index import Index
from licscan.classify.match import Match, classify_text
from licscan.database import Database
from licscan.database.models import LicenseEntry
from licscan.database.names import Declared, NameGroup, declared
from licscan.hubnames import endpoint_of
from licscan.results import FileEvidence, Finding, LineageEntry, derivative_noun, warning
from licscan.sources.card import card_body
from licscan.sources.files import file_role, license_rank, linked_file
from licscan.sources.interface import CardMetadata, DocumentFile, ModelDocuments, ReadmeWanted

LEVEL_RANK = {"exact": 4, "modified": 3, "partial": 2, "reference": 1, "none": 0}
NOT_A_LICENSE = frozenset({"other", "unknown"})


@dataclass(frozen=True)
class Bound:
    """A license whose terms bind the model, and why."""

    key: str
    via: str = "own license"
    dataset: bool = False
    version: str | None = None  # the text version the classifier identified; None = unknown (strictest applies)


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
        )


@dataclass(frozen=True)
class Conclusion:
    license: str | None
    version: str | None
    concluded_by: str
    files: tuple[ClassifiedFile, ...]
    findings: tuple[Finding, ...] = ()
    # Other licenses the card declares beside the concluded one (`license: [a, b]`): they bind too.
    also_declared: tuple[str, ...] = ()
    from_files: bool = False
    # The other licenses a shared slug on the card may mean, when no text decided among them: they bind too, so that
    # the strictest terms of every candidate are applied.
    possible: tuple[str, ...] = ()
    # The name the card wrote for the concluded license, when the card decided it (quoted in findings).
    named_as: str | None = None


def card_declared(card: CardMetadata, db: Database, repo_id: str | None = None) -> Declared:
    """What the card's metadata declares: every license each name may mean, narrowed by its license_link.

    The one place card metadata becomes database keys (the scan, the census, the lineage of bases all come here).
    """
    specific = [lic for lic in card.licenses if lic not in NOT_A_LICENSE]
    names = [card.license_name] if card.license_name else []
    # `license: other` defers to license_name; a specific id comes first otherwise.
    ordered = [*names, *specific] if not specific else [*specific, *names]
    return declared(db, ordered, card.license_link, repo_id)


def declared_keys(card: CardMetadata, db: Database) -> tuple[list[str], list[str]]:
    """The database keys the card declares (every candidate of a shared slug), and the names that map to nothing."""
    found = card_declared(card, db)
    return found.keys, list(found.unmapped)


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


def conclude(docs: ModelDocuments, db: Database, index: Index) -> Conclusion:
    files = classify_documents(docs, index)
    meant = card_declared(docs.card, db, docs.id if docs.source == "hub" else None)
    declared, unmapped = meant.keys, list(meant.unmapped)
    target = link_target(docs.card, docs)
    findings: list[Finding] = []

    def is_license(key: str | None) -> bool:
        entry = db.get(key) if key else None
        return entry is not None and entry.kind == "license"

    # The files that speak for the weights, in the order they speak: a code license never does.
    speaking = sorted(
        (f for f in files if f.doc is not docs.readme and file_role(f.doc.path) != "code"),
        key=lambda f: (license_rank(f.doc.path, target), -LEVEL_RANK[f.match.match]),
    )
    # A sentence naming a changed license is prose, read with its scope below, not a license text.
    deciding = [
        f
        for f in speaking
        if (f.match.match in ("exact", "modified") and is_license(f.match.license) and not f.match.statements)
        or (file_role(f.doc.path) == "weights" and _unreadable_terms(f))
    ]
    for f in files:
        if f.match.match == "modified" and not f.match.statements and f.match.license:
            findings.append(_modified_finding(docs.id, f))
    declared_primary = next((k for k in declared if is_license(k)), declared[0] if declared else None)
    primary_group = meant.group_of(declared_primary) if declared_primary else None
    if deciding and deciding[0].match.match != "exact":
        # The file that licenses the weights is no license licscan has whole: its own terms govern, and no
        # reference's terms stand in for them (not the closest one's, not the card's, not the code's).
        best = deciding[0]
        if best.match.match != "modified" or not best.match.license:
            findings.append(_unknown_file_finding(docs.id, best, declared_primary))
        how = f"{best.doc.path} licenses the model, and is not a license licscan knows whole ({best.match.match})"
        return Conclusion(None, None, how, files, tuple(findings), (), True)
    if deciding:
        best = deciding[0]
        key = best.match.license
        how = f"{best.doc.path} matches {key} ({best.match.match})"
        # A slug several licenses share is no mismatch with a file that is one of them: the file decides which.
        slug_means = primary_group.before_link if primary_group else ()
        if declared_primary and key not in slug_means and not _family_covers(db, declared_primary, key):
            findings.append(
                warning(
                    docs.id,
                    "license-mismatch",
                    key,
                    f"The card declares {declared_primary}, but {best.doc.path} is the {key} text.",
                    "Ask the publisher to correct the card; the text in the repository is what was licensed.",
                )
            )
            how += f"; the card declares {declared_primary}"
        elif declared_primary:
            how = f"card declares {declared_primary}; " + how
        version = best.match.version
        # A card listing several licenses binds by all of them; one that merely contradicts the file does not.
        also = (
            [k for k in declared if k != key and k not in slug_means and is_license(k)]
            if len(docs.card.licenses) > 1
            else []
        )
        return Conclusion(key, version, how, files, tuple(findings), tuple(also), True)

    if declared_primary:
        entry = db.get(declared_primary)
        how = f"card metadata: license {', '.join(docs.card.licenses) or '-'}"
        if docs.card.license_name:
            how += f", license_name {docs.card.license_name}"
        if docs.card.license_link and target is None:
            how += f" (license_link {docs.card.license_link} recorded, not fetched)"
        version = meant.version or (entry.texts[0].version if entry and len(entry.texts) == 1 else None)
        possible = [k for k in primary_group.keys if k != declared_primary] if primary_group else []
        conflicting = [k for k in declared if k != declared_primary and is_license(k) and k not in possible]
        for group in meant.groups:
            if group.shared:
                findings.append(_shared_name_finding(docs, db, group))
            elif len(group.before_link) > 1:
                how += f"; its license_link names the {group.keys[0]} text"
        if conflicting and docs.card.license_name and set(docs.card.licenses) - NOT_A_LICENSE:
            findings.append(
                warning(
                    docs.id,
                    "license-mismatch",
                    declared_primary,
                    f"The card's license ({', '.join(docs.card.licenses)}) and license_name "
                    f"({docs.card.license_name}) name different licenses.",
                    "Ask the publisher which license applies; both are applied until then.",
                )
            )
        if unmapped:
            findings.append(
                warning(
                    docs.id,
                    "license-mismatch",
                    declared_primary,
                    f"The card also names {', '.join(repr(u) for u in unmapped)}, which is not a license licscan "
                    f"knows; {declared_primary} was concluded from the rest of the card.",
                    "Ask the publisher what the other name refers to, and have legal read that license.",
                )
            )
        named = primary_group.name if primary_group else None
        return Conclusion(
            declared_primary, version, how, files, tuple(findings), tuple(conflicting), False, tuple(possible), named
        )

    prose = _conclude_from_prose(docs, db, files, unmapped, target)
    if prose is not None:
        stated_key, stated_how, stated_also, more = prose
        return Conclusion(stated_key, None, stated_how, files, (*findings, *more), stated_also, False)

    readme = next((f for f in files if f.doc is docs.readme), None)
    if (
        readme is not None
        and readme.match.match in ("exact", "modified")
        and not readme.match.statements
        and is_license(readme.match.license)
        and not unmapped
    ):
        if readme.match.match == "modified":
            # The card adds terms to the license text it carries: the modified-license finding quotes them.
            how = f"{readme.doc.path} holds the {readme.match.license} text with terms of its own"
            return Conclusion(None, None, how, files, tuple(findings), (), False)
        # The card carries the license's whole text: that is the license, as a LICENSE file would be.
        how = f"{readme.doc.path} holds the {readme.match.license} text ({readme.match.match})"
        return Conclusion(readme.match.license, readme.match.version, how, files, tuple(findings), (), False)

    # A fragment of a license lends the model none of its terms: it is quoted in the unknown-license finding.

    said = ", ".join([*docs.card.licenses, *unmapped]) or "nothing"
    quoted = _quote_card(docs, files)
    findings.append(
        warning(
            docs.id,
            "unknown-license",
            None,
            f"No license could be identified (the card declares {said}; no license file matched)"
            + (f". The card says: {quoted}" if quoted else "."),
            "Ask the publisher for the license, or choose another model.",
        )
    )
    return Conclusion(None, None, f"unidentified (card declares {said})", files, tuple(findings), (), False)


def _shared_name_finding(
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


def _quote(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return f"“{text[:limit]}{'…' if len(text) > limit else ''}”"


def _quote_card(docs: ModelDocuments, files: tuple[ClassifiedFile, ...]) -> str:
    """What the card's prose says about licensing, for a finding to quote: its statements, or its first such line."""
    sentences = [s.sentence for f in files for s in f.match.statements]
    if not sentences and docs.readme and docs.readme.text:
        body = card_body(docs.readme.text)
        sentences = [line for line in body.splitlines() if "licen" in line.lower() and len(line.split()) > 2][:1]
    parts = [_quote(s) for s in dict.fromkeys(sentences[:2])]
    parts += [f"{f.doc.path} quotes part of {f.match.license}" for f in files if f.match.match == "partial"]
    return "; ".join(parts)


def _conclude_from_prose(
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
            f"licscan knows{f', beside {beside}' if beside else ''}: {_quote((unknown or [known[0][1]])[0].sentence)}. "
            "Its terms cannot be checked, so nothing is concluded from the others."
        )
        finding = warning(docs.id, "unknown-license", None, message, fix)
        return None, f"unidentified (the card names {names[0]} for the model)", (), (finding,)
    if not known:
        scopes = ", ".join(dict.fromkeys(s.scope for _, s in stated))
        message = (
            f"The card ({said}) states a license only for the {scopes}, not for the model weights: "
            f"{_quote(stated[0][1].sentence)}."
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
                f"{f.doc.path} names a changed {s.license}, not {s.license} itself: {_quote(s.sentence)}. The changed "
                f"text is not in the repository, and {s.license}'s terms are not applied.",
                "Get the changed license text from the publisher and have legal review it.",
            )
            for f, s in changed
        )
        return (
            None,
            f"{first_file.doc.path} names a changed license for the model: {_quote(first.sentence, 160)}",
            (),
            changes,
        )
    key = keys[0]
    how = f"{first_file.doc.path} states {key} for the model: {_quote(first.sentence, 160)}"
    more: list[Finding] = []
    # A name several licenses share ("released under modified-mit") states each of them: every one binds.
    for _, s in known:
        shared = db.candidates(s.name)
        if s.license in shared and len(shared) > 1:
            keys.extend(k for k in shared if k not in keys)
            more.append(_shared_name_finding(docs, db, NameGroup(s.name, shared, shared), "The card's prose names"))
    if len(keys) > 1:
        how += f"; also stated: {', '.join(keys[1:])}"
    return key, how, tuple(keys[1:]), tuple(dict.fromkeys(more))


def _unreadable_terms(f: ClassifiedFile) -> bool:
    """Whether a file holds terms licscan cannot read: no license it knows whole, nor a sentence naming only ones
    it knows."""
    if f.doc.text is None:
        return False
    if f.match.match in ("none", "partial"):
        return not any(s.license for s in f.match.statements)
    return any(s.license is None and s.binds_weights for s in f.match.statements)


def _modified_finding(model: str, f: ClassifiedFile) -> Finding:
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


def _unknown_file_finding(model: str, f: ClassifiedFile, declared: str | None) -> Finding:
    how = "; ".join(f.match.changes[:2]) or (
        f"it quotes part of {f.match.license}" if f.match.match == "partial" else "its text matches no license"
    )
    card = f" The card's {declared} does not stand in for it." if declared else ""
    return warning(
        model,
        "unknown-license",
        None,
        f"{f.doc.path} licenses the model, and it is no license licscan knows ({how}): {_quote(f.doc.text or '')}."
        + card,
        "Have legal read the file; record the approval as a policy exception.",
    )


def _family_covers(db: Database, family: str, key: str | None) -> bool:
    entry = db.get(family)
    return entry is not None and entry.kind == "family" and key in entry.members


def readme_wanted_for(db: Database, index: Index) -> ReadmeWanted:
    """The callback a source asks before reading README prose: only when the card and files do not settle it."""

    def wanted(card: CardMetadata, files: tuple[DocumentFile, ...]) -> bool:
        keys, _ = declared_keys(card, db)
        if any((e := db.get(k)) is not None and e.kind == "license" for k in keys):
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


@dataclass(frozen=True)
class Binding:
    """The license concluded for a model once its lineage is known, and every license that binds it."""

    license: str | None
    concluded_by: str
    bound: tuple[Bound, ...]
    findings: tuple[Finding, ...]


PERMISSIVENESS = {"permissive": 0, "copyleft": 1, "weak-copyleft": 1, "community": 2, "use-restricted": 2}


def grants_less(db: Database, base: LicenseEntry, declared: str) -> bool:
    """A derivative's card that declares a more permissive license than its base's cannot grant it."""
    own = db.get(declared)
    if own is None or own.kind != "license":
        return True
    return PERMISSIVENESS.get(own.category, 3) < PERMISSIVENESS.get(base.category, 3)


def conclude_with_lineage(model: str, conclusion: Conclusion, lineage: list[LineageEntry], db: Database) -> Binding:
    """The bound licenses (own, also declared, bases', datasets'), with a base's license replacing a card's id that
    the derivative cannot grant; and the findings that conclusion raises (unreadable bases, inherited terms, terms
    that cannot be checked)."""
    key, how = conclusion.license, conclusion.concluded_by
    # What the card and files concluded, for messages: `key` may be replaced below by a base's license.
    declared = key
    findings: list[Finding] = []
    version = conclusion.version if key == conclusion.license else None
    bound = [Bound(key, version=version)] if key else []
    bound += [Bound(k, "also declared by the card") for k in conclusion.also_declared]
    bound += [Bound(k, "also meant by the card's license name") for k in conclusion.possible]
    # A use policy that the model's own files carry or name (a USE_POLICY.md, "requires also adhering to the C4AI
    # Acceptable Use Policy") binds the model too, whether or not its license incorporates it.
    for f in conclusion.files:
        named = [f.match.license, *f.match.also] if f.match.match != "none" else []
        for entry in (db.get(k) for k in named if k):
            if entry is not None and entry.kind == "use-policy":
                bound.append(Bound(entry.key, f"named by {f.doc.path}"))
    for item in lineage:
        if item.license is None:
            if item.error:
                # Its terms bind this model and could not be read: fail closed, the verdict is `error`.
                findings.append(
                    warning(
                        model,
                        "fetch-error",
                        None,
                        f"{'Dataset' if item.kind == 'dataset' else 'Base model'} {item.id} could not be read, "
                        f"so its terms were not checked: {item.error}",
                        "Check the id on the Hub; if it is gated, accept its terms and set HF_TOKEN.",
                    ).model_copy(update={"severity": "error"})
                )
            continue
        if item.kind == "dataset":
            bound.append(Bound(item.license, f"dataset {item.id}", dataset=True))
            continue
        bound.append(Bound(item.license, f"base model {item.id}"))
        base = db.get(item.license)
        if base and base.kind == "license" and base.category != "permissive" and item.license != key:
            findings.append(
                warning(
                    model,
                    "inherited-license",
                    item.license,
                    f"{model} declares {declared or 'no license'}, but it is {derivative_noun(item.relation)} of "
                    f"{item.id}, which is under {base.name}: the base's terms apply to it.",
                    "Treat the model as bound by the base's license; ask the publisher to correct the card.",
                )
            )
            if not conclusion.from_files and (key is None or grants_less(db, base, key)):
                # The card's own id is one the derivative cannot grant: the base's license replaces it.
                how = f"inherited from base {item.id} ({item.license}); {how}"
                bound = [b for b in bound if b.key != key]
                key = item.license
    entry = db.get(key) if key else None
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
    # A policy the bound licenses incorporate anyway is reported as incorporated, not as named by a file.
    incorporated = {k for b in bound if (e := db.get(b.key)) is not None for k in e.incorporates}
    bound = [b for b in bound if not (b.via.startswith("named by ") and b.key in incorporated)]
    return Binding(key, how, tuple(dict.fromkeys(bound)), tuple(findings))


def _named(conclusion: Conclusion, entry: LicenseEntry) -> str:
    """The license as the card wrote it, quoted, and as the database names it."""
    written = conclusion.named_as if conclusion.license == entry.key else None
    return f"“{written}” ({entry.name})" if written else entry.name


def source_findings(docs: ModelDocuments, key: str | None, decided_by_files: bool) -> list[Finding]:
    """What went wrong reading a model's documents, as findings that name the file (and line).

    A document that could not be read (broken card metadata, not text, a failed download) is an error, so that the
    verdict is `error`, unless a license file of the repository decided the license; a file cut at the size cap, or
    a failure beside a deciding license file, is a warning. A gated repository is reported every time: its Hub page
    is itself a click-through agreement.
    """
    out: list[Finding] = []
    gated_reported = False
    for p in docs.problems:
        where = f"{p.file}{':' + str(p.line) if p.line else ''}" if p.file else ""
        message = p.message if not where or where in p.message else f"{where}: {p.message}"
        if p.kind == "gated":
            out.append(warning(docs.id, "gated", key, message, _GATED_FIX))
            gated_reported = True
            continue
        severe = p.kind != "truncated-file" and not decided_by_files
        fix = (
            "Fix or re-fetch the file, then run again: the license cannot be concluded without it."
            if severe
            else "Fix or re-fetch the file; the license was concluded from the other documents."
        )
        finding = warning(docs.id, "fetch-error", key, message, fix)
        out.append(finding.model_copy(update={"severity": "error"}) if severe else finding)
    if docs.card.gated and not gated_reported:
        out.append(gated_notice(docs, key))
    return out


def gated_notice(docs: ModelDocuments, key: str | None) -> Finding:
    """An info finding: the repository is gated, so using it went through the publisher's own agreement form."""
    fields = sorted(k for k in docs.card.extra_gated if k != "extra_gated_eu_disallowed")
    prompt = docs.card.extra_gated.get("extra_gated_prompt")
    said = f' Its prompt reads: "{_shorten(str(prompt))}"' if isinstance(prompt, str) and prompt.strip() else ""
    asked = f" The form asks: {', '.join(fields)}." if fields else ""
    return Finding(
        id="gated",
        severity="info",
        model=docs.id,
        license=key,
        message=f"{docs.id} is gated: access is granted through a click-through agreement on its Hub page.{said}"
        f"{asked}",
        remediation="Keep a record of who accepted the gate's terms, when, and for which account.",
    )


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_GATED_FIX = "Accept the license terms on the model's Hub page, then set HF_TOKEN (or run `hf auth login`)."
