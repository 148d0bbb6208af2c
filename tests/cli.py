"""Running the licscan command line in-process, as the CLI tests do."""

from __future__ import annotations

import pytest

from licscan.cli.main import main


def licscan(*args: str) -> int:
    """Run `licscan ARGS...` and return its exit code."""
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)
