"""The root of licscan's own exceptions; the CLI maps them to exit codes."""


class LicscanError(Exception):
    """Base class of every error licscan raises on purpose."""


class UsageError(LicscanError):
    """Bad flags or invalid input files: exit code 2."""
