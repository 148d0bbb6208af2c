"""The census's results spooled to disk as they stream: the output writes the summary first, the results after."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from licscan.results import ModelResult


class Spool:
    """Each result as one JSON line in a temporary file: the summary comes first in the output, the results after,
    and memory holds neither all the results nor all the cards."""

    def __init__(self) -> None:
        self._file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self.count = 0

    def add(self, result: ModelResult) -> None:
        self._file.write(result.model_dump_json(by_alias=True))
        self._file.write("\n")
        self.count += 1

    def lines(self) -> Iterator[str]:
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield line.rstrip("\n")

    def results(self) -> Iterator[ModelResult]:
        for line in self.lines():
            yield ModelResult.model_validate_json(line)

    def close(self) -> None:
        self._file.close()
