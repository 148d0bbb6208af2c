"""Shared pytest fixtures."""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.hubserver import FakeHub

if TYPE_CHECKING:
    from licscan.classify.index import Index
    from licscan.database import Database

# --- sources: no network, a private HF cache, and a fake Hub

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback_host(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local wildcard
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name.lower() in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _is_loopback_address(address: object) -> bool:
    # Anything but (host, port, ...) is a local socket (AF_UNIX paths, netlink...).
    return not isinstance(address, tuple) or _is_loopback_host(address[0])


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests cannot reach beyond 127.0.0.0/8 and ::1; an attempt fails the call and, at teardown, the test.

    Only tests marked `online` (deselected by default) may reach the real Hub.
    """
    if request.node.get_closest_marker("online"):
        yield
        return
    blocked: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def refuse(what: object) -> OSError:
        blocked.append(repr(what))
        return ConnectionRefusedError(f"network access is blocked in tests: {what!r}")

    def connect(self: socket.socket, address: Any) -> None:
        if not _is_loopback_address(address):
            raise refuse(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_loopback_address(address):
            raise refuse(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback_host(host):
            blocked.append(repr(host))
            raise socket.gaierror(socket.EAI_NONAME, f"name resolution is blocked in tests: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield
    assert not blocked, f"the test tried to reach the network: {blocked}"


_HF_VARIABLES = (
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "HF_TOKEN_PATH",
    "HF_ENDPOINT",
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "HUGGINGFACE_HUB_CACHE",
    "HF_HUB_ETAG_TIMEOUT",
    "HF_HUB_DOWNLOAD_TIMEOUT",
    "HF_OIDC_RESOURCE",
    "HUGGINGFACE_CO_STAGING",
)


@pytest.fixture(autouse=True)
def _hf_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HF_HOME, HF_HUB_CACHE and XDG_CACHE_HOME in tmp_path; no token, endpoint or offline mode from the machine."""
    home = tmp_path / "hf-home"
    for name in _HF_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_CACHE", str(home / "hub"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    # Keeps huggingface_hub from fetching its agent registry from huggingface.co on first use.
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        # huggingface_hub read the environment when it was imported (by an earlier test): match it to this one.
        for attribute, value in {
            "HF_HOME": str(home),
            "HF_HUB_CACHE": str(home / "hub"),
            "HF_TOKEN_PATH": str(home / "token"),
            "HF_STORED_TOKENS_PATH": str(home / "stored_tokens"),
            "HF_HUB_OFFLINE": False,
            "HF_HUB_DISABLE_TELEMETRY": True,
        }.items():
            monkeypatch.setattr(constants, attribute, value)
    return home


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    """The fake Hub (tests/hubserver.py) serving tests/fixtures/hub, on a free port of 127.0.0.1."""
    with FakeHub() as server:
        yield server


# --- classifier: one index cache for the whole session (each test has its own XDG cache)


@pytest.fixture(autouse=True, scope="session")
def _index_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    import os

    previous = os.environ.get("LICSCAN_CACHE_DIR")
    os.environ["LICSCAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("licscan-cache"))
    yield
    if previous is None:
        os.environ.pop("LICSCAN_CACHE_DIR", None)
    else:
        os.environ["LICSCAN_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def db(_index_cache: None) -> Database:
    """The bundled license database, loaded once for the session."""
    from licscan.database import load_database

    return load_database()


@pytest.fixture(scope="session")
def index(_index_cache: None) -> Index:
    """The classifier's index of the bundled database, built once for the session."""
    from licscan.classify.index import load_index

    return load_index()


# --- the bundled example, copied to a scratch folder


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch repository holding the bundled example (models, manifest, app) and the example policies."""
    import shutil

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "examples", tmp_path / "examples")
    shutil.copytree(root / "policies", tmp_path / "policies")
    monkeypatch.chdir(tmp_path)
    return tmp_path
