"""URLs from outside (cards, GGUF headers, prose), split without raising: a malformed one is simply no URL."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


def split_url(url: str) -> SplitResult | None:
    """urlsplit, or None where it raises (an unclosed IPv6 bracket, `http://[x`, is a ValueError)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None
