"""The root of licscan's own exceptions; the CLI maps them to exit codes."""


class LicscanError(Exception):
    """Base class of every error licscan raises on purpose."""


class UsageError(LicscanError):
    """Bad flags or invalid input files: exit code 2."""


def first_line(exc: BaseException, limit: int | None = None) -> str:
    """An exception as one line for a message: its first line (cut at `limit`), or its type when it has no text."""
    text = str(exc).strip()
    return text.splitlines()[0][:limit] if text else type(exc).__name__


def cannot_write(path: object, exc: OSError) -> UsageError:
    """An output file that cannot be written: an input error naming it (exit 2), never a traceback."""
    reason = exc.strerror or type(exc).__name__
    return UsageError(f"{path}: cannot write the output file: {reason}")
