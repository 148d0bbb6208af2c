"""Colour and width of text output: the terminal's on a TTY, plain for pipes, files and NO_COLOR."""

from __future__ import annotations

import fcntl
import io
import os
import struct
import termios
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from licscan.formats.terminal import PLAIN_WIDTH, Terminal, terminal_for


@pytest.fixture
def tty() -> Iterator[IO[str]]:
    """A real terminal (a pseudo-terminal) 80 columns wide, as a user's shell would be."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    stream = os.fdopen(follower, "w", encoding="utf-8")
    try:
        yield stream
    finally:
        stream.close()
        os.close(leader)


def test_a_terminal_gets_colour_and_its_own_width(tty: IO[str]) -> None:
    assert terminal_for(tty, {"TERM": "xterm-256color"}) == Terminal(color=True, width=80)


def test_no_color_and_a_dumb_terminal_turn_colour_off(tty: IO[str]) -> None:
    assert terminal_for(tty, {"NO_COLOR": "1"}) == Terminal(color=False, width=80)
    assert terminal_for(tty, {"TERM": "dumb"}).color is False
    # https://no-color.org: an empty NO_COLOR is as if it were not set.
    assert terminal_for(tty, {"NO_COLOR": ""}).color is True


def test_a_pipe_or_a_file_gets_no_colour_and_the_plain_width() -> None:
    read, write = os.pipe()
    with os.fdopen(read) as r, os.fdopen(write, "w") as w:
        assert r and terminal_for(w, {}) == Terminal(color=False, width=PLAIN_WIDTH)
    assert terminal_for(io.StringIO(), {}) == Terminal(color=False, width=PLAIN_WIDTH)
    assert terminal_for(None, {}) == Terminal(color=False, width=PLAIN_WIDTH)  # -o FILE
    assert terminal_for(None, {"COLUMNS": "72"}).width == 72


def test_scan_text_on_an_80_column_terminal(
    tty: IO[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`licscan scan` writes coloured tables that fit the terminal; with -o the same run writes plain text."""
    from licscan.cli.runner import render
    from tests.test_formats_common import sample_report

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr("sys.stdout", tty)
    shown = render(sample_report(), "text")
    assert "\x1b[" in shown
    plain = [line for line in _strip(shown).splitlines()]
    assert max(len(line) for line in plain) <= 80
    written = render(sample_report(), "text", output=tmp_path / "scan.txt")
    assert "\x1b[" not in written and max(len(line) for line in written.splitlines()) > 80


def _strip(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
