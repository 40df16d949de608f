"""The suite-wide network guard (tests/conftest.py) is on for every test."""

from __future__ import annotations

import pytest


def test_network_guard_blocks_public_addresses() -> None:
    import socket

    import netguard

    with pytest.raises(netguard.NetworkBlocked):
        socket.create_connection(("198.51.100.7", 443), timeout=1)
