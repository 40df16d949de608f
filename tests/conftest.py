"""Shared test setup: the generated fixture files (``tests/fixtures/make_fixtures.py``) and the test
PostgreSQL servers (``scripts/pg_test_server.sh``)."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
PG_SCRIPT = str(ROOT / "scripts" / "pg_test_server.sh")

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


# ---------------------------------------------------------------------- PostgreSQL


def _pg_binaries() -> bool:
    return bool(glob.glob("/usr/lib/postgresql/*/bin/initdb") or os.environ.get("PG_BIN"))


@dataclass
class PgServer:
    """A throwaway PostgreSQL server of this test run that a test may stop and start again."""

    url: str
    folder: str

    def halt(self) -> None:
        """Stop the server (fast shutdown: clients are cut off, committed data stays)."""
        subprocess.run([PG_SCRIPT, "halt", self.folder], check=True, capture_output=True, timeout=60)

    def resume(self) -> None:
        """Start the halted server again on the same port."""
        subprocess.run([PG_SCRIPT, "resume", self.folder], check=True, capture_output=True, timeout=60)

    def stop(self) -> None:
        subprocess.run([PG_SCRIPT, "stop", self.folder], timeout=60, check=False)


def _start_pg() -> PgServer:
    if not _pg_binaries():
        pytest.skip("no PostgreSQL binaries (apt-get install postgresql) and no DOCREVIEW_TEST_PG_URL")
    out = subprocess.run([PG_SCRIPT, "start"], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"could not start PostgreSQL: {out.stderr}")
    values = dict(line.split("=", 1) for line in out.stdout.strip().splitlines())
    return PgServer(url=values["DOCREVIEW_TEST_PG_URL"], folder=values["PGTEST_DIR"])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a PostgreSQL server: DOCREVIEW_TEST_PG_URL, else a throwaway one started here."""
    url = os.environ.get("DOCREVIEW_TEST_PG_URL")
    if url:
        yield url
        return
    server = _start_pg()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    base = pg_server.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def own_pg() -> Iterator[PgServer]:
    """A PostgreSQL server of this test alone (never the shared one), for tests that stop it."""
    server = _start_pg()
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------------- Redis (the queue's multi-machine mode)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RedisServer:
    """A throwaway redis-server of this test run on 127.0.0.1, without persistence: a restart empties it, as
    a Redis that lost its data would be."""

    port: int
    folder: str
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import shutil
        import time

        exe = shutil.which("redis-server")
        assert exe is not None
        log = open(os.path.join(self.folder, "redis.log"), "ab")  # noqa: SIM115 — the server keeps it
        self.proc = subprocess.Popen(
            [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.folder, "--save", "",
             "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    break
            except redis.RedisError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start (see {self.folder}/redis.log)")
            time.sleep(0.05)
        client.close()

    def halt(self) -> None:
        """Stop the server; what it held is gone (no persistence)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)
        self.proc = None

    def resume(self) -> None:
        """Start it again, empty, on the same port."""
        self.start()


def _start_redis(folder: str) -> RedisServer:
    import shutil

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
    server = RedisServer(port=_free_port(), folder=folder)
    server.start()
    return server


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A redis-server shared by the tests of this run (each test uses its own queue name or database)."""
    server = _start_redis(str(tmp_path_factory.mktemp("redis")))
    try:
        yield server
    finally:
        server.halt()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test alone, for tests that stop and restart it."""
    folder = tmp_path / "redis"
    folder.mkdir()
    server = _start_redis(str(folder))
    try:
        yield server
    finally:
        server.halt()
