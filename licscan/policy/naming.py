"""Naming duties: does a derivative's name begin with the prefix a license requires, read as a person reads it."""

from __future__ import annotations

import re


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z]+|[0-9]+(?:\.[0-9]+)*", name.lower())


def name_check(name: str, prefix: str, licensor: str | None = None) -> str | None:
    """None when `name` begins with `prefix`; otherwise what is wrong, in words a lawyer can weigh.

    Case and separators do not count ("Llama3-Acme" begins with "Llama 3"), nor does a Hub owner ("acme/Llama-3-x")
    or the licensor's own name before the prefix ("Meta-Llama-3-8B", as the licensor itself names its models).
    """
    # Compared word by word, so that "Llamafied" does not begin with "Llama".
    words, wanted = _words(name.rsplit("/", 1)[-1]), _words(prefix)
    if words[: len(wanted)] == wanted:
        return None
    lead = _words(licensor) if licensor else []
    if lead and words[: len(lead)] == lead and words[len(lead) : len(lead) + len(wanted)] == wanted:
        return None
    return f"The derivative name {name!r} does not begin with {prefix!r}."
