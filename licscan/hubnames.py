"""How the Hugging Face Hub names things: repository ids, commits, its hosts, the paths of its URLs, and the card
license values that name no license."""

from __future__ import annotations

import re

from licscan.urls import split_url

DEFAULT_ENDPOINT = "https://huggingface.co"
# The hosts that serve the public Hub's pages (a configured mirror, HF_ENDPOINT, is added where it is known).
HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co", "www.hf.co"})
# A Hub repository id: `name` or `org/name`, letters, digits, `_`, `.`, `-`; never `..` or `--` (the Hub refuses them).
HUB_ID = re.compile(r"[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?")
COMMIT = re.compile(r"[0-9a-f]{40}")
# The card `license:` values that name no license: `other` (the card names it in license_name, or nowhere) and
# `unknown`. Never a license's name, nor a phrase that names one.
NOT_A_LICENSE = frozenset({"other", "unknown"})


def is_hub_id(text: str) -> bool:
    return HUB_ID.fullmatch(text) is not None and ".." not in text and "--" not in text


def hub_hosts(endpoint: str | None = None) -> frozenset[str]:
    """The Hub's hosts, and the configured endpoint's (a local mirror names its repositories as the Hub does)."""
    if endpoint:
        mirror = split_url(endpoint)
        if mirror is not None and mirror.netloc:
            return HUB_HOSTS | {mirror.netloc.lower()}
    return HUB_HOSTS


def hub_path(url: str, endpoint: str | None = None) -> str | None:
    """The path of an http(s) URL on a Hub host, without its leading `/` (as written, not unquoted); else None."""
    parts = split_url(url)
    if parts is None or parts.scheme not in ("http", "https") or parts.netloc.lower() not in hub_hosts(endpoint):
        return None
    return parts.path.lstrip("/")


def endpoint_of(url: str | None) -> str | None:
    """`scheme://host` of a repository URL: the Hub (or mirror) it was read from."""
    parts = split_url(url) if url else None
    return f"{parts.scheme}://{parts.netloc}" if parts is not None and parts.netloc else None
