"""The root of licscan's own exceptions; the CLI maps them to exit codes."""


class LicscanError(Exception):
    """Base class of every error licscan raises on purpose."""


class UsageError(LicscanError):
    """Bad flags or invalid input files: exit code 2."""


class RuntimeFailure(LicscanError):
    """The Hub was unreachable, a repository was not found, access was refused: exit code 3."""
