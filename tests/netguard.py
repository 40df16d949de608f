"""Block network access to anything but loopback in tests.

``block_network(monkeypatch)`` patches ``socket.socket.connect`` / ``connect_ex``,
``socket.create_connection`` and ``socket.getaddrinfo`` so that any address other than 127.0.0.0/8,
::1, ``localhost`` or a Unix socket raises ``NetworkBlocked``.  Use it from an autouse fixture in a
test module:

    import netguard

    @pytest.fixture(autouse=True)
    def _no_network(monkeypatch):
        netguard.block_network(monkeypatch)

To enable it suite-wide, call it from an autouse fixture in ``tests/conftest.py``.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkBlocked(OSError):
    """A test tried to reach a non-loopback address."""


def is_loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    host = host.strip("[]").split("%", 1)[0]
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_address(address: Any) -> None:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return
    if isinstance(address, tuple) and address and is_loopback(address[0]):
        return
    raise NetworkBlocked(f"network access blocked in tests: {address!r} (only loopback is allowed)")


def block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch the socket module for the current test (undone by ``monkeypatch`` afterwards)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create_connection = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family != getattr(socket, "AF_UNIX", None):
            _check_address(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        if self.family != getattr(socket, "AF_UNIX", None):
            _check_address(address)
        return real_connect_ex(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
        _check_address(address)
        return real_create_connection(address, *args, **kwargs)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_loopback(host):
            raise NetworkBlocked(f"name resolution blocked in tests: {host!r} (only loopback is allowed)")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixture form of ``block_network`` (make it autouse in a conftest to guard a whole suite)."""
    block_network(monkeypatch)
