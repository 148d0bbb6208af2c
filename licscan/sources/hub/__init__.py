"""The Hugging Face Hub source; `sources/hub/` is the only place that imports huggingface_hub."""

import importlib.metadata as _metadata

from licscan.errors import LicscanError


def _require_huggingface_hub_2() -> None:
    """An environment that kept an older huggingface_hub (e.g. installed with --no-deps) gets a fix, not a traceback."""
    try:
        found = _metadata.version("huggingface-hub")
    except _metadata.PackageNotFoundError:
        found = None
    if found is None or not found.split(".")[0].isdigit() or int(found.split(".")[0]) != 2:
        raise LicscanError(
            f"licscan needs huggingface_hub 2.x, but {found or 'none'} is installed: "
            "pip install 'huggingface-hub>=2.0,<3'"
        )


_require_huggingface_hub_2()

# The version check must run before huggingface_hub 2.x's API is imported.

from licscan.sources.hub.client import RetryPolicy, retry_after_seconds  # noqa: E402
from licscan.sources.hub.settings import env_offline, resolve_cache_dir, resolve_endpoint, resolve_token  # noqa: E402
from licscan.sources.hub.source import HubSource, split_ref  # noqa: E402

__all__ = [
    "HubSource",
    "RetryPolicy",
    "env_offline",
    "resolve_cache_dir",
    "resolve_endpoint",
    "resolve_token",
    "retry_after_seconds",
    "split_ref",
]
