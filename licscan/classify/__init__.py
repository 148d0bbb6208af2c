"""Classify documents: license text -> database entry, with a match level."""

from licscan.classify.files import FileClassification, classify_bytes, classify_path
from licscan.classify.match import Match, classify_text

__all__ = ["FileClassification", "Match", "classify_bytes", "classify_path", "classify_text"]
