"""The model's own license: concluded from its card metadata, its classified files and its prose, and how."""

from __future__ import annotations

from dataclasses import dataclass

from licscan.classify.added import restricted
from licscan.classify.index import Index
from licscan.classify.prose import Statement
from licscan.conclude.bound import Binding, Bound
from licscan.conclude.declared import card_declared
from licscan.conclude.files import (
    LEVEL_RANK,
    ClassifiedFile,
    classify_documents,
    family_covers,
    link_target,
    modified_finding,
    restricting_file_finding,
    unknown_file_finding,
    unreadable_terms,
)
from licscan.conclude.prose import conclude_from_prose, quote_card, shared_name_finding
from licscan.database import Database
from licscan.hubnames import NOT_A_LICENSE
from licscan.results import Finding, warning
from licscan.sources.files import file_role, license_rank
from licscan.sources.interface import ModelDocuments


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
    # The other licenses the deciding files hold whole, each with its file: a bundle binds by each of its licenses.
    also_in_files: tuple[tuple[str, str], ...] = ()


def conclude(docs: ModelDocuments, db: Database, index: Index) -> Conclusion:
    files = classify_documents(docs, index)
    meant = card_declared(docs.card, db, docs.id if docs.source == "hub" else None)
    declared, unmapped = meant.keys, list(meant.unmapped)
    target = link_target(docs.card, docs)
    findings: list[Finding] = []

    # The files that speak for the weights, in the order they speak (a top-level file before one in a folder): a
    # code license never does.
    speaking = sorted(
        (f for f in files if f.doc is not docs.readme and file_role(f.doc.path) != "code"),
        key=lambda f: (license_rank(f.doc.path, target), f.doc.path.count("/"), -LEVEL_RANK[f.match.match]),
    )
    declared_primary = next((k for k in declared if db.is_license(k)), declared[0] if declared else None)
    # A sentence naming a changed license is prose, read with its scope below, not a license text. A component's
    # LICENSE in a folder decides only when the card declares no license: it binds beside the card's otherwise.
    deciding = [
        f
        for f in speaking
        if (
            (f.match.match in ("exact", "modified") and db.is_license(f.match.license) and not f.match.statements)
            or (_speaks_for_weights(f.doc.path) and unreadable_terms(f))
        )
        and not (_in_a_folder(f, target) and db.is_license(declared_primary))
    ]
    for f in files:
        if f.match.match == "modified" and not f.match.statements and f.match.license:
            findings.append(modified_finding(docs.id, f))
    # The files that speak for the weights as the first one does (a LICENSE beside a LICENSE.md at the top): each
    # binds, and one licscan cannot read leaves the license undecided, whatever the others are.
    peers = _peers(deciding, speaking, target)
    # A NOTICE, a use policy or a component's LICENSE that licscan cannot read may still restrict the model: its
    # restrictions are terms beside the license concluded, and are quoted.
    findings += [
        restricting_file_finding(docs.id, f, passages)
        for f in speaking
        if f not in deciding and not (f in peers and _undecided(f)) and (passages := _terms_beside(f))
    ]
    primary_group = meant.group_of(declared_primary) if declared_primary else None
    undecided = next((f for f in peers if _undecided(f)), None)
    if undecided is not None:
        # A file that licenses the weights is no license licscan has whole: its own terms govern, and no
        # reference's terms stand in for them (not the closest one's, not the card's, not the code's).
        best = undecided
        if best.match.match != "modified" or not best.match.license:
            findings.append(unknown_file_finding(docs.id, best, declared_primary))
        how = f"{best.doc.path} licenses the model, and is not a license licscan knows whole ({best.match.match})"
        return Conclusion(None, None, how, files, tuple(findings), (), True)
    if deciding:
        best = deciding[0]
        key = best.match.license
        how = f"{best.doc.path} matches {key} ({best.match.match})"
        # A slug several licenses share is no mismatch with a file that is one of them: the file decides which.
        slug_means = primary_group.before_link if primary_group else ()
        if declared_primary and key not in slug_means and not family_covers(db, declared_primary, key):
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
            [k for k in declared if k != key and k not in slug_means and db.is_license(k)]
            if len(docs.card.licenses) > 1
            else []
        )
        in_files = _bundled(peers, db)
        if in_files:
            how += "; " + "; ".join(f"{path} also holds {k}" for k, path in in_files)
        return Conclusion(key, version, how, files, tuple(findings), tuple(also), True, also_in_files=in_files)

    if declared_primary:
        entry = db.get(declared_primary)
        how = f"card metadata: license {', '.join(docs.card.licenses) or '-'}"
        if docs.card.license_name:
            how += f", license_name {docs.card.license_name}"
        if docs.card.license_link and target is None:
            how += f" (license_link {docs.card.license_link} recorded, not fetched)"
        version = meant.version or (entry.texts[0].version if entry and len(entry.texts) == 1 else None)
        possible = [k for k in primary_group.keys if k != declared_primary] if primary_group else []
        conflicting = [k for k in declared if k != declared_primary and db.is_license(k) and k not in possible]
        for group in meant.groups:
            if group.shared:
                findings.append(shared_name_finding(docs, db, group))
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
            # Every license the card states binds: one licscan does not know may restrict what the known one
            # grants, so it fails closed (rules.unknown_license) rather than passing on the known one's terms.
            findings.append(
                warning(
                    docs.id,
                    "unknown-license",
                    None,
                    f"The card also names {', '.join(repr(u) for u in unmapped)}, which is not a license licscan "
                    f"knows: its terms may bind beside {declared_primary}'s, and licscan cannot check them.",
                    "Ask the publisher what the other name refers to, and have legal read that license; record the "
                    "approval as a policy exception.",
                )
            )
        named = primary_group.name if primary_group else None
        return Conclusion(
            declared_primary, version, how, files, tuple(findings), tuple(conflicting), False, tuple(possible), named
        )

    prose = conclude_from_prose(docs, db, files, unmapped, target)
    if prose is not None:
        stated_key, stated_how, stated_also, more = prose
        return Conclusion(stated_key, None, stated_how, files, (*findings, *more), stated_also, False)

    readme = next((f for f in files if f.doc is docs.readme), None)
    if (
        readme is not None
        and readme.match.match in ("exact", "modified")
        and not readme.match.statements
        and db.is_license(readme.match.license)
        and not unmapped
    ):
        if readme.match.match == "modified":
            # The card adds terms to the license text it carries: the modified-license finding quotes them.
            how = f"{readme.doc.path} holds the {readme.match.license} text with terms of its own"
            return Conclusion(None, None, how, files, tuple(findings), (), False)
        # The card carries the license's whole text: that is the license, as a LICENSE file would be.
        how = f"{readme.doc.path} holds the {readme.match.license} text ({readme.match.match})"
        in_card = _bundled([readme], db)
        return Conclusion(
            readme.match.license, readme.match.version, how, files, tuple(findings), (), False, also_in_files=in_card
        )

    # A fragment of a license lends the model none of its terms: it is quoted in the unknown-license finding.

    said = ", ".join([*docs.card.licenses, *unmapped]) or "nothing"
    quoted = quote_card(docs, files)
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


def own_binding(conclusion: Conclusion, db: Database) -> Binding:
    """What the model's own conclusion binds: its license, the others its card declares or its license name may
    mean, a use policy its own files carry or name (a USE_POLICY.md, "requires also adhering to the C4AI
    Acceptable Use Policy"), whether or not its license incorporates it, and every other license its files hold
    whole: a component's LICENSE (`tokenizer/LICENSE`) does not decide the model's license, but its terms bind
    whoever uses the component. A code license (LICENSE-CODE) licenses the code only."""
    key = conclusion.license
    bound = [Bound(key, version=conclusion.version)] if key else []
    bound += [Bound(k, "also declared by the card") for k in conclusion.also_declared]
    bound += [Bound(k, "also meant by the card's license name") for k in conclusion.possible]
    bound += [Bound(k, f"also in {path}") for k, path in conclusion.also_in_files]
    for f in conclusion.files:
        named = [f.match.license, *f.match.also] if f.match.match != "none" else []
        for entry in (db.get(k) for k in named if k):
            if entry is not None and entry.kind == "use-policy":
                bound.append(Bound(entry.key, f"named by {f.doc.path}"))
            elif (
                entry is not None
                and f.match.match == "exact"
                and entry.is_license
                and file_role(f.doc.path) != "code"
                and entry.key not in {b.key for b in bound}
            ):
                bound.append(Bound(entry.key, f"also in {f.doc.path}"))
        # A license file's sentence that states a known license for the weights binds it, whatever decided.
        if f.doc.path.lower() != "readme.md" and file_role(f.doc.path) != "code":
            bound += [
                Bound(s.license, f"stated in {f.doc.path}")
                for s in f.match.statements
                if s.license and not s.modified and _states_for_weights(f, s) and db.is_license(s.license)
            ]
    # A license bound for two reasons (declared by the card and held in the LICENSE) binds once, for the first.
    once = {b.key: b for b in reversed(bound)}
    return Binding(key, conclusion.concluded_by, tuple(b for b in bound if once[b.key] is b), ())


def _peers(deciding: list[ClassifiedFile], speaking: list[ClassifiedFile], target: str | None) -> list[ClassifiedFile]:
    """The first deciding file, and the others that speak for the weights at its rank: another license text, or a
    sentence stating a license for the model ("The weights are released under CC BY-NC 4.0" in a LICENSE.md)."""
    if not deciding:
        return []
    first = deciding[0]
    rank = license_rank(first.doc.path, target)

    def beside(f: ClassifiedFile) -> bool:
        stating = not f.match.statements or any(s.binds_weights for s in f.match.statements)
        return stating and license_rank(f.doc.path, target) == rank and _speaks_for_weights(f.doc.path)

    return [first, *(f for f in speaking if f is not first and (f in deciding or f.match.statements) and beside(f))]


def _terms_beside(f: ClassifiedFile) -> tuple[str, ...]:
    """What a file beside the deciding ones says that licscan cannot read and that may bind the model: its
    restrictions, and a license it names for the weights that licscan does not know."""
    if f.match.match == "exact" or (f.match.match == "modified" and not f.match.statements):
        return ()  # a text licscan knows (its terms are read), or a changed one (reported as such)
    unknown = [
        s.sentence for s in f.match.statements if (s.license is None or s.modified) and _states_for_weights(f, s)
    ]
    return tuple(dict.fromkeys([*(said for _, said in restricted(f.doc.text or "")), *unknown]))


def _states_for_weights(f: ClassifiedFile, s: Statement) -> bool:
    """Whether a license file's sentence states a license for the weights: it names them, or it states one for the
    model in a file that speaks for the weights (the top-level LICENSE, a LICENSE-MODEL)."""
    return s.scope == "weights" or (s.binds_weights and _speaks_for_weights(f.doc.path))


def _undecided(f: ClassifiedFile) -> bool:
    """Whether a file that speaks for the weights leaves them undecided: no license text licscan has whole, nor a
    sentence stating only licenses it knows, unchanged."""
    if f.match.statements:
        return unreadable_terms(f) or any(s.modified and s.binds_weights for s in f.match.statements)
    return f.match.match != "exact"


def _bundled(peers: list[ClassifiedFile], db: Database) -> tuple[tuple[str, str], ...]:
    """Every license the deciding files hold whole or state for the weights beside the concluded one, with the file
    that holds it."""
    concluded = peers[0].match.license
    found: dict[str, str] = {}
    for f in peers:
        if f.match.statements:
            keys = [s.license for s in f.match.statements if s.binds_weights]
        else:
            keys = [f.match.license, *f.match.also]
        for key in keys:
            if key and key != concluded and db.is_license(key):
                found.setdefault(key, f.doc.path)
    return tuple(found.items())


def _in_a_folder(f: ClassifiedFile, target: str | None) -> bool:
    """A file in a sub-folder that neither the card's license_link names nor its name gives to the weights."""
    return "/" in f.doc.path.strip("/") and f.doc.path != target and file_role(f.doc.path) != "weights"


def _speaks_for_weights(path: str) -> bool:
    """A file whose terms, unread, leave the model's license undecided: one named for the weights, or the
    repository's own LICENSE / COPYING at its top (a LICENSE in a sub-folder may be a bundled component's)."""
    role = file_role(path)
    return role == "weights" or (role == "license" and "/" not in path.strip("/"))
