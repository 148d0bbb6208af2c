"""licscan: license compliance scanning for open-weight AI models."""

__version__ = "0.1.0"
