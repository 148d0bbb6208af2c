"""No condition lives only in prose: the numbers, territories and triggers that an entry's `summary` and `notes`
state must be carried by a field the engine reads (of the same term, or of the entry)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from licscan.database.models import LicenseEntry, MauCap, RevenueCap, Term

MAGNITUDE = {"million": 1_000_000, "m": 1_000_000, "billion": 1_000_000_000, "b": 1_000_000_000, "k": 1_000}
# A figure a person writes for a threshold: "100 million", "700M", "USD 20 million", "$1,000,000", "1,000,000".
NUMBER = re.compile(
    r"(?<![\w.])(?P<cur>USD|US\$|\$|€|EUR)?\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?"
    r"(?P<mag>million|billion|[MBk]\b)?",
    re.IGNORECASE,
)
# A figure is a threshold when it is money, or when users or revenue are named beside it (not "11B parameters").
MEASURE = re.compile(r"user|MAU|revenue|turnover|sales|income|customer", re.IGNORECASE)
# Places a clause may withhold rights in, as prose names them, with the region codes a field would carry.
PLACES = {
    "European Union": "EU",
    "EU": "EU",
    "United Kingdom": "GB",
    "UK": "GB",
    "South Korea": "KR",
    "Korea": "KR",
    "China": "CN",
    "United States": "US",
    "Russia": "RU",
}
PLACE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, PLACES), key=len, reverse=True)) + r")\b")
# A place named for the law that governs the agreement, its courts or sanctions, is no territory of the grant.
NOT_A_TERRITORY = re.compile(
    r"\b(law|laws|governed|governing|arbitration|courts?|jurisdiction|sanction|export|seated|incorporated|GDPR|"
    r"AI Act|CCPA|company|corporation|Ltd|Inc|headquartered|based in|registered|Licen[cs]e)\b",
    re.IGNORECASE,
)
# Trigger words in prose, and the test of the fields that carry them.
PUBLICATION = re.compile(r"\bpublications?\b.{0,40}\bresults\b|\bpublish(ing)? results\b", re.IGNORECASE)
MONTHLY_REVENUE = re.compile(r"\bmonthly revenue\b|\brevenue (per|a|each) month\b", re.IGNORECASE)


@dataclass
class Carried:
    """What an entry's fields carry: figures, region codes, and whether some term states a trigger."""

    numbers: set[int] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    publication: bool = False
    monthly_revenue: bool = False


def carried(entry: LicenseEntry) -> Carried:
    out = Carried()
    for _, term in entry.terms.items():
        _add_term(out, term)
    return out


def _add_term(out: Carried, term: Term) -> None:
    if isinstance(term, MauCap):
        out.numbers.add(term.limit)
    if isinstance(term, RevenueCap):
        out.numbers.add(term.amount)
        out.monthly_revenue |= term.per == "month"
    if term.threshold is not None:
        out.numbers.update(n for n in (term.threshold.users, term.threshold.revenue) if n)
        out.monthly_revenue |= term.threshold.revenue is not None and term.threshold.per == "month"
    out.regions.update(getattr(term, "regions", []) or [])
    out.publication |= "publication" in (getattr(term, "triggers", []) or [])


def figures(text: str) -> list[int]:
    """The threshold-like figures a text states (1,000 or more, written with a magnitude, commas or currency)."""
    found = []
    for m in NUMBER.finditer(text):
        raw, mag, cur = m.group("n"), (m.group("mag") or "").lower(), m.group("cur")
        context = text[max(0, m.start() - 40) : m.end() + 40]
        if not (cur or ((mag or "," in raw) and MEASURE.search(context))):
            continue
        value = float(raw.replace(",", "")) * MAGNITUDE.get(mag, 1)
        if value >= 1000:
            found.append(round(value))
    return found


def territories(text: str) -> set[str]:
    """The region codes of the places a text names as territories (a sentence on governing law does not count)."""
    codes = set()
    for sentence in re.split(r"(?<=[.;])\s+", text):
        if NOT_A_TERRITORY.search(sentence):
            continue
        for m in PLACE.finditer(sentence):
            # "No EU clause in ...", "not in the EU": a place named as absent states no territory.
            if not re.search(r"\b(no|nor)\s+$", sentence[: m.start()], re.IGNORECASE):
                codes.add(PLACES[m.group(1)])
    return codes


def _prose(entry: LicenseEntry) -> Iterable[tuple[str, str]]:
    for name, term in entry.terms.items():
        summary = getattr(term, "summary", None)
        if summary:
            yield f"{name} summary", summary
        for condition in getattr(term, "conditions", []) or []:
            if isinstance(condition, str) and len(condition) > 12:
                yield f"{name} condition", condition
    for i, note in enumerate(entry.notes):
        yield f"note {i + 1}", note


def prose_problems(entry: LicenseEntry, others: Mapping[str, LicenseEntry] | None = None) -> list[str]:
    """What the entry's prose states that no field carries. A figure or place that prose gives for another entry
    it names by key (a comparison) counts as carried by that entry."""
    own = carried(entry)
    # The policies an entry incorporates bind the model with it: what they carry, the entry carries.
    for key in entry.incorporates:
        if others and key in others:
            inc = carried(others[key])
            own.numbers |= inc.numbers
            own.regions |= inc.regions
    problems = []
    for where, text in _prose(entry):
        named = [carried(e) for key, e in (others or {}).items() if key != entry.key and key in text]
        numbers = own.numbers.union(*(c.numbers for c in named))
        regions = own.regions.union(*(c.regions for c in named))
        for n in figures(text):
            if n not in numbers:
                problems.append(f"{entry.key}: {where} states {n:,}, which no threshold or cap field carries")
        for code in sorted(territories(text) - regions - ({"EU"} if "EEA" in regions else set())):
            problems.append(f"{entry.key}: {where} names a territory ({code}) that no region field carries")
        if PUBLICATION.search(text) and not own.publication:
            problems.append(f"{entry.key}: {where} states a duty on publishing results, and no term's trigger is it")
        if MONTHLY_REVENUE.search(text) and not own.monthly_revenue:
            problems.append(f"{entry.key}: {where} states a monthly revenue, and no threshold is per month")
    return problems
