"""Test-wide set-up: nothing touches the user's real data dirs, and nothing reaches the network."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

# Set before anything imports argostranslate, nltk or polish's caches: these
# libraries read their directories once, at import.
_TMP = Path(tempfile.mkdtemp(prefix="polish-tests-"))
for var, sub in (
    ("XDG_DATA_HOME", "data"),
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_CACHE_HOME", "cache"),
    ("POLISH_CACHE_DIR", "polish-cache"),
    ("POLISH_DATA_DIR", "polish-data"),
    ("ARGOS_PACKAGES_DIR", "argos-packages"),
):
    os.environ[var] = str(_TMP / sub)
    (_TMP / sub).mkdir(parents=True, exist_ok=True)
os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
os.environ["NO_COLOR"] = "1"

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test on any attempt to open a non-loopback connection."""
    real_connect = socket.socket.connect
    real_create = socket.create_connection

    def loopback(host) -> bool:
        return isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if loopback(host) or self.family == getattr(socket, "AF_UNIX", None):
            return real_connect(self, address)
        raise AssertionError(f"network access attempted: {address!r}")

    def guarded_create(address, *args, **kwargs):
        if loopback(address[0]):
            return real_create(address, *args, **kwargs)
        raise AssertionError(f"network access attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "create_connection", guarded_create)
    yield


@pytest.fixture
def samples_dir() -> Path:
    """The project's sample articles."""
    return SAMPLES
