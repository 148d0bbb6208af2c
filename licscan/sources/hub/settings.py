"""Where the Hub is and who we are to it: endpoint, token, HF cache and offline mode, as the Hub's tools read them."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from huggingface_hub import get_token

from licscan.hubnames import DEFAULT_ENDPOINT

logger = logging.getLogger(__name__)

_TOKEN_LIKE = re.compile(r"\bhf_[A-Za-z0-9]{8,}")


def resolve_endpoint(endpoint: str | None = None) -> str:
    return (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def resolve_token(token: str | None = None) -> str | None:
    """--token, else HF_TOKEN, else the token `hf auth login` stored; read when the source is made, like hf does."""
    if token:
        return token
    if from_env := (os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN") or "").strip():
        return from_env
    try:
        return get_token()
    except Exception:  # a broken OIDC/credential setup means "no token", not a crash before any request
        logger.debug("no stored Hugging Face token could be read", exc_info=False)
        return None


def resolve_cache_dir(cache_dir: str | Path | None = None) -> Path:
    """The HF hub cache, from the environment at call time (huggingface_hub reads it once, at import)."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if found := os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE"):
        return Path(found).expanduser()
    if home := os.environ.get("HF_HOME"):
        return Path(home).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "huggingface" / "hub"


def env_offline() -> bool:
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in {"1", "ON", "YES", "TRUE"}


def scrub(text: str, token: str | None) -> str:
    """A message as it may be shown: the token in use, and anything shaped like a token, never appear."""
    if token:
        text = text.replace(token, "***")
    return _TOKEN_LIKE.sub("hf_***", text)


DEFAULT_TIMEOUT = 20.0


def request_timeout() -> float:
    """Seconds one request may take: HF_HUB_DOWNLOAD_TIMEOUT as huggingface_hub reads it, else 20."""
    try:
        value = float(os.environ.get("HF_HUB_DOWNLOAD_TIMEOUT", "") or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT
