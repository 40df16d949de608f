"""Issue 16: the sign-in throttle's check and record are one serialised step.  Simultaneous wrong guesses from
real processes (each with its own ``Workspace`` and connections, as several app servers are), released together,
on SQLite and on PostgreSQL: no more than ``auth.max_failures`` of them reach the password hash within the window,
the rest are refused, and the right password is refused after them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import netguard
import store_race
from docreview import auth
from docreview.settings import AuthSettings, Settings, StoreSettings
from docreview.store import Workspace
from docreview.store.service import _sign_in_lock

PROCESSES = 16


@pytest.fixture(autouse=True)
def _setup(monkeypatch: pytest.MonkeyPatch) -> None:
    netguard.block_network(monkeypatch)  # loopback only: the test PostgreSQL server
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    # the racing processes make their own settings: no growing delays, so the limit itself is what is tested
    monkeypatch.setenv("DOCREVIEW_AUTH_DELAY_S", "0")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'docreview.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    yield Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url), auth=AuthSettings(delay_s=0))


def guess(ws: Workspace, wait: store_race.Wait, name: str, password: str, address: str | None) -> str:
    """One sign-in attempt: ``checked`` (the password was compared with the hash: wrong), ``ok`` or ``refused``."""
    wait()
    try:
        return "ok" if ws.authenticate(name, password, address=address) is not None else "checked"
    except auth.SignInThrottled:
        return "refused"


def _race(settings: Settings, jobs: list[tuple[object, ...]]) -> list[object]:
    return store_race.run_processes(guess, jobs, workspace=Path(settings.workspace),
                                    database_url=str(settings.database_url), timeout=120)


@pytest.mark.slow
@pytest.mark.parametrize("same_address", [True, False], ids=["one-address", "many-addresses"])
def test_simultaneous_wrong_guesses_never_pass_the_limit(settings: Settings, same_address: bool) -> None:
    limit = settings.auth.max_failures
    with Workspace(settings) as ws:
        ws.add_user("alice", password="alice-password")
    jobs: list[tuple[object, ...]] = [("alice", f"guess-{n:02d}-x", "10.0.0.9" if same_address else f"10.0.1.{n}")
                                      for n in range(PROCESSES)]
    outcomes = _race(settings, jobs)
    assert set(outcomes) <= {"checked", "refused"}, outcomes
    assert outcomes.count("checked") == limit, outcomes  # exactly the limit got through, one at a time
    assert outcomes.count("refused") == PROCESSES - limit
    with Workspace(settings) as ws:
        entries = ws.audit_for("sign_in", "alice", user=None)
        assert sorted(e.action for e in entries) == sorted(["sign_in_failed"] * limit
                                                           + ["sign_in_refused"] * (PROCESSES - limit))
        with pytest.raises(auth.SignInThrottled):  # locked: even the right password is refused now
            ws.authenticate("alice", "alice-password", address="10.0.0.200")


@pytest.mark.slow
def test_an_address_guessing_many_accounts_at_once_is_held_to_its_limit(settings: Settings,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """16 names guessed at the same instant from one address whose limit is 4 (each account stays under its own)."""
    cfg = settings.model_copy(update={"auth": AuthSettings(delay_s=0, max_failures_per_address=4)})
    with Workspace(cfg) as ws:
        for n in range(PROCESSES):
            ws.add_user(f"user{n:02d}", password=f"password-{n:02d}-ok")
    monkeypatch.setenv("DOCREVIEW_AUTH_MAX_FAILURES_PER_ADDRESS", "4")  # for the racing processes' settings
    outcomes = _race(cfg, [(f"user{n:02d}", "wrong-password", "203.0.113.7") for n in range(PROCESSES)])
    assert outcomes.count("checked") == 4 and outcomes.count("refused") == PROCESSES - 4, outcomes


def test_lock_keys_are_stable_32_bit_and_distinct() -> None:
    keys = {_sign_in_lock("account", "alice"), _sign_in_lock("address", "alice"), _sign_in_lock("account", "bob")}
    assert len(keys) == 3 and all(-(2**31) <= k < 2**31 for k in keys)
    assert _sign_in_lock("account", "审核员甲") == _sign_in_lock("account", "审核员甲")
