"""The one naming rule: does a derivative's name begin with the prefix a license requires, read as the text reads.

Llama 3.1 §1.b.i: "include "Llama" at the beginning of any such AI model name". The name is compared word by word,
case and separators aside ("Llama3-Acme" begins with "Llama 3"), after any Hub owner ("acme/"):
- "Llamafied-Acme" does not begin with the word "Llama";
- "Llama-3.10-Acme" does not begin with "Llama 3": its first number is 3.10, another version than 3;
- "Meta-Llama-3.1-Acme" begins with "Meta", not with "Llama": the licensor may name its own models so, but the
  clause asks the licensee's name to begin with the prefix.
"""

from __future__ import annotations

import re


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z]+|[0-9]+(?:\.[0-9]+)*", name.lower())


def name_check(name: str, prefix: str, licensor: str | None = None) -> str | None:
    """None when `name` begins with `prefix`; otherwise what is wrong, in words a lawyer can weigh."""
    words, wanted = _words(name.rsplit("/", 1)[-1]), _words(prefix)
    if words[: len(wanted)] == wanted:
        return None
    lead = _words(licensor) if licensor else []
    if lead and words[: len(lead)] == lead and words[len(lead) : len(lead) + len(wanted)] == wanted:
        return (
            f"The name {name!r} begins with {licensor!r}, not with {prefix!r}: the licensor names its "
            "own models so, but the clause asks for the prefix at the beginning of the name."
        )
    return f"The name {name!r} does not begin with {prefix!r}."
