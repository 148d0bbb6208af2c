"""Text from outside (cards, results, file names) made safe to show: no escape sequences, no control characters."""

from __future__ import annotations

import re

# CSI (colours, cursor moves), OSC (titles, hyperlinks; ended by BEL or ST) and the other two-byte ESC sequences.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")
# C0/C1 controls except tab and newline, DEL, and the bidi overrides of "Trojan Source" that reorder what is shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: object, *, oneline: bool = False) -> str:
    """A string from a model card or a result, safe to show: no escape sequences, no control characters."""
    if text is None:
        return ""
    out = _CONTROL.sub("", _ANSI.sub("", str(text))).replace("\t", " ")
    if oneline:
        out = " ".join(out.split())
    return out
