"""Where text output goes decides its look: colour and the terminal's width on a TTY, plain and 100 wide elsewhere."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

# Width of text written to a pipe, a file or a CI log, where no terminal says how wide it is (COLUMNS can).
PLAIN_WIDTH = 100
# Narrower than this, a two-column table has no room for its values: wrap at this width and let the terminal fold.
MIN_WIDTH = 40


@dataclass(frozen=True)
class Terminal:
    """How text output is laid out: with colour or not, and how many columns wide."""

    color: bool = False
    width: int = PLAIN_WIDTH


def terminal_for(stream: IO[str] | None, env: Mapping[str, str] | None = None) -> Terminal:
    """The layout for text written to `stream` (None: a file given with -o, never coloured).

    Colour only on a TTY, and never with NO_COLOR set to anything but "" (https://no-color.org) or on a dumb terminal.
    The width is the terminal's own on a TTY; elsewhere COLUMNS when set, else PLAIN_WIDTH.
    """
    env = os.environ if env is None else env
    tty = stream is not None and _isatty(stream)
    columns = _int(env.get("COLUMNS"))
    if tty:
        assert stream is not None
        width = columns or _terminal_columns(stream) or PLAIN_WIDTH
    else:
        width = columns or PLAIN_WIDTH
    color = tty and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
    return Terminal(color=color, width=max(width, MIN_WIDTH))


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _terminal_columns(stream: IO[str]) -> int | None:
    try:
        return os.get_terminal_size(stream.fileno()).columns or None
    except (AttributeError, ValueError, OSError):
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
