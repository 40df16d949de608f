"""Shared test setup: the generated fixture files (``tests/fixtures/make_fixtures.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))


@pytest.fixture(scope="session")
def fixture_files() -> Path:
    """The folder of generated fixtures, (re)generated when any file is missing."""
    import make_fixtures

    if not all((make_fixtures.FILES / name).exists() for name in make_fixtures.NAMES):
        make_fixtures.main()
    return make_fixtures.FILES


@pytest.fixture(scope="session", autouse=True)
def _loopback_only() -> object:
    """No test may reach a non-loopback address (the LLM and Chroma servers of the tests run on 127.0.0.1)."""
    import netguard

    with pytest.MonkeyPatch.context() as mp:
        netguard.block_network(mp)
        yield

