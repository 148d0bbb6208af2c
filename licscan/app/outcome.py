"""What every use case returns and says, without the scan's weight: the outcome, its diagnostics, its progress."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T", covariant=True)

# One diagnostic line for stderr ("licscan: warning: ..."), said as the use case meets it, so that a later error
# never swallows what was already found. The CLI prints it; a test collects it in a list.
Say = Callable[[str], None]

# A progress display for a run of `total` targets: a context that gives a tick per finished target, or None.
Progress = Callable[[int], AbstractContextManager[Callable[[], None] | None]]


def quiet(line: str) -> None:
    """A Say that drops every line (a caller that wants none)."""


def no_progress(total: int) -> AbstractContextManager[Callable[[], None] | None]:
    return nullcontext(None)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A use case's result, its exit code (README: 0 ok, 1 violations, 2 usage/input error, 3 runtime failure),
    and the lines for stderr once the caller has written the result (`wrote ...`, what fails the run)."""

    result: T
    code: int
    after: tuple[str, ...] = ()
