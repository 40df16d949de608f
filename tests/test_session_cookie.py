"""The sign-in cookie (issue 15, ``app/session_cookie.py``): one-time tickets, the signed and expiring cookie, the idle
timeout across reloads, sign-out on the server; the real routes through Starlette; and the app signing a session in
from the cookie (AppTest, the cookie handed to ``shell`` as a browser would send it)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from docreview import auth
from docreview.settings import Settings
from docreview.store import Workspace

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app" / "main.py")
sys.path.insert(0, str(ROOT / "app"))
import session_cookie  # noqa: E402  (the app's module, from app/)
import shell as ui  # noqa: E402


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_ticket_is_exchanged_once_for_a_signed_cookie() -> None:
    clock = Clock()
    sessions = session_cookie.Sessions(clock=clock)
    sid = sessions.open("审核员甲")
    ticket = sessions.ticket(sid)
    cookie = sessions.redeem(ticket)
    assert cookie and "审核员甲" not in cookie  # signed and encoded, not the plain name
    assert sessions.redeem(ticket) is None  # used up
    assert sessions.restore(cookie, idle_s=1800) == (sid, "审核员甲")
    # a cookie changed by hand, or signed by another process (another key), signs nobody in
    assert sessions.restore(cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1], idle_s=1800) is None
    assert session_cookie.Sessions(clock=clock).restore(cookie, idle_s=1800) is None
    # a ticket not used within its time is worthless
    late = sessions.ticket(sid)
    clock.now += session_cookie.TICKET_S + 1
    assert sessions.redeem(late) is None


def test_idle_timeout_sign_out_and_expiry_hold_across_reloads(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    sessions = session_cookie.Sessions(clock=clock)
    sid = sessions.open("甲")
    cookie = sessions.redeem(sessions.ticket(sid))
    clock.now += 29 * 60
    assert sessions.restore(cookie, idle_s=30 * 60) == (sid, "甲")  # renews the activity
    clock.now += 29 * 60
    sessions.touch(sid)
    clock.now += 29 * 60
    assert sessions.restore(cookie, idle_s=30 * 60) is not None
    clock.now += 31 * 60
    assert sessions.restore(cookie, idle_s=30 * 60) is None  # idle too long: ended
    assert sessions.restore(cookie, idle_s=10**9) is None  # and gone for good
    sid2 = sessions.open("甲")
    cookie2 = sessions.redeem(sessions.ticket(sid2))
    sessions.close(sid2)  # sign-out
    assert sessions.restore(cookie2, idle_s=10**9) is None
    # the signature's own age: older than MAX_AGE_S is refused even while the session is live
    sid3 = sessions.open("甲")
    cookie3 = sessions.redeem(sessions.ticket(sid3))
    import itsdangerous.timed

    real = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp",
                        lambda self: real(self) + session_cookie.MAX_AGE_S + 10)
    assert sessions.restore(cookie3, idle_s=10**9) is None


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    sessions = session_cookie.Sessions()
    monkeypatch.setattr(session_cookie, "SESSIONS", sessions)
    with TestClient(Starlette(routes=session_cookie.routes()), base_url="http://127.0.0.1:8501") as c:
        yield c


def test_the_route_sets_an_httponly_samesite_cookie_for_a_ticket(client: TestClient) -> None:
    sessions = session_cookie.SESSIONS
    sid = sessions.open("审核员甲")
    ticket = sessions.ticket(sid)
    headers = {session_cookie.HEADER: "1", "Origin": "http://127.0.0.1:8501"}
    # a cross-site page can neither send the header without a preflight nor claim our origin
    assert client.post(session_cookie.SESSION_PATH, content=ticket).status_code == 403
    assert client.post(session_cookie.SESSION_PATH, content=ticket,
                       headers={session_cookie.HEADER: "1", "Origin": "http://evil.example"}).status_code == 403
    r = client.post(session_cookie.SESSION_PATH, content=ticket, headers=headers)
    assert r.status_code == 204
    set_cookie = r.headers["set-cookie"]
    assert set_cookie.startswith(f"{session_cookie.COOKIE}=")
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie and "Path=/" in set_cookie
    assert f"Max-Age={session_cookie.MAX_AGE_S}" in set_cookie and "Secure" not in set_cookie
    value = r.cookies[session_cookie.COOKIE]
    assert sessions.restore(value, idle_s=60) == (sid, "审核员甲")
    assert client.post(session_cookie.SESSION_PATH, content=ticket, headers=headers).status_code == 403  # once
    # behind a TLS proxy the cookie is Secure
    r = client.post(session_cookie.SESSION_PATH, content=sessions.ticket(sid),
                    headers={**headers, "X-Forwarded-Proto": "https"})
    assert "Secure" in r.headers["set-cookie"]
    # sign-out: the session ends on the server and the cookie is deleted
    client.cookies.set(session_cookie.COOKIE, value)
    r = client.post(session_cookie.SIGNOUT_PATH, headers=headers)
    assert r.status_code == 204 and 'docreview_session=""' in r.headers["set-cookie"]
    assert sessions.restore(value, idle_s=60) is None


# ---------------------------------------------------------------------- the app signs itself in from the cookie


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    ui._open_workspace.clear()
    w = Workspace(Settings())
    w.add_user("alice", role="reviewer", password="alice-password")
    yield w
    w.close()
    ui._open_workspace.clear()


def test_a_new_session_with_a_live_cookie_is_signed_in(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    browser: dict[str, str | None] = {"cookie": None}
    monkeypatch.setattr(ui, "_cookie", lambda: browser["cookie"])  # what st.context.cookies gives a real browser
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    at.text_input(key="signin_name").input("alice")
    at.text_input(key="signin_password").input("alice-password")
    at.button[0].click().run()
    assert not at.exception, at.exception
    # the page was given a ticket to exchange for the cookie (the script posts it; HttpOnly needs an HTTP answer)
    scripts = [h.proto.body for h in at.get("html") if session_cookie.SESSION_PATH in h.proto.body]
    assert len(scripts) == 1
    sid = at.session_state[ui.SID_KEY]
    ticket = next(t for t in session_cookie.SESSIONS._tickets if session_cookie.SESSIONS._tickets[t][0] == sid)
    assert ticket in scripts[0]
    browser["cookie"] = session_cookie.SESSIONS.redeem(ticket)

    # F5: a new session of the same browser is signed in by the cookie, without the form
    again = AppTest.from_file(APP, default_timeout=90).run()
    assert not again.exception, again.exception
    assert again.session_state[ui.USER_KEY]["name"] == "alice" and "signin_name" not in [t.key for t in again.text_input]
    # a disabled account is not signed in by its cookie, and the session ends
    ws.set_active("alice", False)
    third = AppTest.from_file(APP, default_timeout=90).run()
    assert ui.USER_KEY not in third.session_state and [t.label for t in third.text_input] == ["用户名", "密码"]
    ws.set_active("alice", True)
    assert ui.USER_KEY not in AppTest.from_file(APP, default_timeout=90).run().session_state

    # sign-out ends the session on the server: the cookie no longer signs anyone in
    sid = session_cookie.SESSIONS.open("alice")
    browser["cookie"] = session_cookie.SESSIONS.redeem(session_cookie.SESSIONS.ticket(sid))
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert at.session_state[ui.USER_KEY]["name"] == "alice"
    next(b for b in at.button if b.label == "退出登录").click().run()
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    assert any(session_cookie.SIGNOUT_PATH in h.proto.body for h in at.get("html"))  # and asks to delete the cookie
    assert session_cookie.SESSIONS.restore(browser["cookie"], idle_s=10**9) is None
    assert [t.label for t in AppTest.from_file(APP, default_timeout=90).run().text_input] == ["用户名", "密码"]
