"""The Hugging Face Hub source; `sources/hub/` is the only place that imports huggingface_hub."""

import os

# licscan reads license documents only: huggingface_hub's usage telemetry (with its agent-registry lookup on
# huggingface.co) is off unless the user turns it on. Set here, before huggingface_hub reads its constants: this
# package is the only one that imports it (the import-linter contract), so nothing has read them earlier.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import huggingface_hub as _huggingface_hub

from licscan.errors import LicscanError


def _require_huggingface_hub_2() -> None:
    """An environment that kept an older huggingface_hub (e.g. installed with --no-deps) gets a fix, not a traceback.

    The package's own `__version__` is read (its top level imports lazily): no scan of the installed metadata.
    """
    found = str(getattr(_huggingface_hub, "__version__", "") or "")
    if found.split(".")[0] != "2":
        raise LicscanError(
            f"licscan needs huggingface_hub 2.x, but {found or 'an unknown version'} is installed: "
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
