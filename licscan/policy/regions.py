"""Region codes: ISO 3166-1 alpha-2 codes and named groups (EU, EEA), validated, and whether two lists overlap."""

from __future__ import annotations

import difflib

from licscan.policy.iso3166 import COUNTRIES

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
        "HU",
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
# The EEA Agreement: the EU member states, Iceland, Liechtenstein and Norway.
EEA_MEMBERS = EU_MEMBERS | {"IS", "LI", "NO"}

# Named groups a policy or a license may write instead of listing countries: code -> (name, member codes).
GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "EU": ("European Union", EU_MEMBERS),
    "EEA": ("European Economic Area", EEA_MEMBERS),
}
# Codes that are reserved in ISO 3166-1 for another code, or used by an institution for one: a hint, never accepted.
RESERVED = {"UK": "GB", "EL": "GR"}


def region_codes() -> list[str]:
    """Every accepted code: the named groups first, then the ISO 3166-1 alpha-2 codes."""
    return [*GROUPS, *COUNTRIES]


def describe(code: str) -> str:
    """The name of a code: 'DE (Germany)', 'EU (European Union)'."""
    if code in GROUPS:
        return f"{code} ({GROUPS[code][0]})"
    return f"{code} ({COUNTRIES[code][1][0]})"


def closest(value: str) -> list[str]:
    """The codes a mistaken region most likely means: by alpha-3 code, by name, by a name it begins, or by spelling."""
    word = value.strip().casefold()
    found: list[str] = []
    if value.strip().upper() in RESERVED:
        found.append(RESERVED[value.strip().upper()])
    names: dict[str, str] = {}
    for code, (name, _) in GROUPS.items():
        names[name.casefold()] = code
    for code, (alpha3, country_names) in COUNTRIES.items():
        names[alpha3.casefold()] = code
        for name in country_names:
            names[name.casefold()] = code
    if word in names:
        found.append(names[word])
    if found:  # UK, DEU, Germany: one code is meant
        return found
    if len(word) >= 3:
        found.extend(code for name, code in names.items() if name.startswith(word))
    found.extend(names[n] for n in difflib.get_close_matches(word, list(names), n=3, cutoff=0.75))
    found.extend(difflib.get_close_matches(value.strip().upper(), region_codes(), n=3, cutoff=0.6))
    return list(dict.fromkeys(found))[:5]


def check_region(value: str) -> str:
    """The region as its canonical code; an error naming the closest codes when it is not one."""
    code = value.strip().upper()
    if code in GROUPS or (code in COUNTRIES and code not in RESERVED):
        return code
    hint = closest(value)
    suggestion = f"; did you mean {', '.join(describe(c) for c in hint)}?" if hint else ""
    raise ValueError(
        f"{value!r} is not an ISO 3166-1 alpha-2 country code or a region group ({', '.join(GROUPS)}){suggestion}",
    )


def countries(region: str) -> frozenset[str]:
    """The countries a code stands for: a group its members, a country itself."""
    code = region.strip().upper()
    return GROUPS[code][1] if code in GROUPS else frozenset({code})


def in_regions(places: list[str], restricted: list[str]) -> bool:
    """Whether any place lies in a restricted region: DE is in the EU, and the EEA reaches into it."""
    have = frozenset().union(*(countries(r) for r in places))
    want = frozenset().union(*(countries(r) for r in restricted))
    return bool(have & want)
