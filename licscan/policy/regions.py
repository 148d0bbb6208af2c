"""Region codes: a policy may name the EU or a member state; a clause names the EU."""

from __future__ import annotations

EU_MEMBERS = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    }
)
ALIASES = {"EUROPEAN UNION": "EU", "UK": "GB", "UNITED KINGDOM": "GB", "USA": "US", "KOREA": "KR", "SOUTH KOREA": "KR"}


def canonical(region: str) -> set[str]:
    """The codes a region stands for: a member state is itself and the EU."""
    code = ALIASES.get(region.strip().upper(), region.strip().upper())
    return {code, "EU"} if code in EU_MEMBERS else {code}


def in_regions(organisation: list[str], restricted: list[str]) -> bool:
    have = set().union(*(canonical(r) for r in organisation)) if organisation else set()
    want = set().union(*(canonical(r) for r in restricted)) if restricted else set()
    return bool(have & want)
