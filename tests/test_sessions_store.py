"""Issue 16: the app's sessions kept in the store (table ``sessions``, migration 0007), not only in the app process.

On the store itself (SQLite and PostgreSQL): two session tables over one workspace, as two app processes have,
share the sessions; only a hash of the session id is stored; the last activity is written at most once a minute;
sign-out and the idle timeout delete the row; the signing key is persisted with mode 0600.  In the real app
(``cli.streamlit_command``) in headless Chromium: a cookie from before a restart still signs in after it, a second
app process over the same workspace accepts it, and a sign-out in one process ends the session in the other."""

from __future__ import annotations

import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import netguard
from docreview import auth
from docreview.settings import Settings, StoreSettings
from docreview.store import Workspace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))
import session_cookie  # noqa: E402  (the app's module, from app/)
from browser_app import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402
from test_downloads import PASSWORD  # noqa: E402


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    netguard.block_network(monkeypatch)
    url = f"sqlite:///{tmp_path / 'docreview.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    return Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url))


@pytest.fixture
def workspaces(settings: Settings) -> Iterator[tuple[Workspace, Workspace]]:
    with Workspace(settings) as one, Workspace(settings) as two:
        yield one, two


def _rows(ws: Workspace) -> list[tuple[str, ...]]:
    with ws.engine.connect() as conn:
        return [tuple(str(v) for v in row) for row in conn.execute(
            text("SELECT id_hash, user_name, created, last_seen FROM sessions"))]


def test_two_processes_share_sessions_only_hashes_are_stored(workspaces: tuple[Workspace, Workspace],
                                                             settings: Settings) -> None:
    one_ws, two_ws = workspaces
    clock = Clock()
    folder = Path(settings.workspace)
    one = session_cookie.Sessions(clock=clock, secret=session_cookie.signing_key(folder),
                                  table=session_cookie.StoreSessions(lambda: one_ws))
    two = session_cookie.Sessions(clock=clock, secret=session_cookie.signing_key(folder),
                                  table=session_cookie.StoreSessions(lambda: two_ws))
    sid = one.open("审核员甲")
    cookie = one.redeem(one.ticket(sid))
    assert cookie is not None
    assert two.restore(cookie, idle_s=1800) == (sid, "审核员甲")  # the other process signs the cookie in
    rows = _rows(one_ws)
    assert len(rows) == 1 and rows[0][1] == "审核员甲"
    assert all(sid not in value for value in rows[0]) and len(rows[0][0]) == 64  # a SHA-256, not the id
    # sign-out in one process ends the session in the other at once
    one.close(sid)
    assert two.restore(cookie, idle_s=1800) is None and _rows(one_ws) == []
    # the key is the workspace's, 0600: a process started later checks the same cookies
    key = folder / session_cookie.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    assert session_cookie.signing_key(folder) == key.read_bytes()


def test_last_activity_written_at_most_once_a_minute_and_idle_sessions_deleted(
        workspaces: tuple[Workspace, Workspace], settings: Settings) -> None:
    ws, _ = workspaces
    clock = Clock()
    sessions = session_cookie.Sessions(clock=clock, secret=session_cookie.signing_key(Path(settings.workspace)),
                                       table=session_cookie.StoreSessions(lambda: ws))
    sid = sessions.open("甲")
    cookie = sessions.redeem(sessions.ticket(sid))
    first = _rows(ws)[0][3]
    clock.now += 30
    sessions.touch(sid)
    assert sessions.restore(cookie, idle_s=1800) is not None
    assert _rows(ws)[0][3] == first  # within the minute: not written
    clock.now += 31
    sessions.touch(sid)
    assert _rows(ws)[0][3] != first  # a minute on: written
    for _ in range(3):  # activity every 20 minutes keeps it alive past several idle times
        clock.now += 20 * 60
        assert sessions.restore(cookie, idle_s=30 * 60) == (sid, "甲")
    clock.now += 31 * 60
    assert sessions.restore(cookie, idle_s=30 * 60) is None  # idle too long: ended, the row deleted
    assert _rows(ws) == []
    # sessions unused for a cookie's lifetime are swept when the next one opens
    old = sessions.open("乙")
    clock.now += session_cookie.MAX_AGE_S + 1
    sessions.open("丙")
    assert [r[1] for r in _rows(ws)] == ["丙"] and not sessions.live(old)


def test_a_damaged_key_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / session_cookie.KEY_FILE).write_bytes(b"short")
    with pytest.raises(ValueError, match="会话密钥文件损坏"):
        session_cookie.signing_key(tmp_path)


@pytest.mark.browser
@pytest.mark.slow
def test_sessions_survive_a_restart_and_are_shared_by_app_processes(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    settings = Settings(workspace=tmp_path / "ws")
    with Workspace(settings) as ws:
        ws.add_user("审核员甲", role="reviewer", password=PASSWORD)

    def signed_in(browser: Any, url: str, cookie: str | None) -> bool:
        """Whether a fresh browser (holding only ``cookie``) opening ``url`` is signed in without a password."""
        context = browser.new_context(locale="zh-CN")
        try:
            if cookie is not None:
                context.add_cookies([{"name": session_cookie.COOKIE, "value": cookie, "url": url}])
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(url)
            either = page.get_by_role("button", name="退出登录").or_(page.get_by_label("用户名"))
            expect(either).to_be_visible()
            return bool(page.get_by_role("button", name="退出登录").is_visible())
        finally:
            context.close()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            with running_app(tmp_path, settings, name="first") as first:
                context = browser.new_context(locale="zh-CN")
                page = context.new_page()
                page.set_default_timeout(60_000)
                page.goto(first)
                page.get_by_label("用户名").fill("审核员甲")
                page.get_by_label("密码").fill(PASSWORD)
                page.get_by_role("button", name="登录").click()
                expect(page.get_by_role("button", name="退出登录")).to_be_visible()
                deadline = time.monotonic() + 30
                cookie = None
                while cookie is None and time.monotonic() < deadline:
                    cookie = next((c["value"] for c in context.cookies() if c["name"] == session_cookie.COOKIE), None)
                    time.sleep(0.2)
                assert cookie, "no session cookie"
                context.close()
                assert not signed_in(browser, first, None)  # (nothing signs in without the cookie)
            with running_app(tmp_path, settings, name="restarted") as restarted, running_app(tmp_path, settings, name="second") as second:
                assert signed_in(browser, restarted, cookie)  # the app was restarted: the cookie still signs in
                assert signed_in(browser, second, cookie)  # and another app process over the workspace takes it
                # sign out in the second process: the session is over in the first too
                context = browser.new_context(locale="zh-CN")
                context.add_cookies([{"name": session_cookie.COOKIE, "value": cookie, "url": second}])
                page = context.new_page()
                page.set_default_timeout(60_000)
                page.goto(second)
                page.get_by_role("button", name="退出登录").click()
                expect(page.get_by_label("用户名")).to_be_visible()
                context.close()
                assert not signed_in(browser, restarted, cookie)
                assert not signed_in(browser, second, cookie)
        finally:
            browser.close()
