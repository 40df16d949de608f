"""Sign-in that survives a reload (F5), an app restart, and opens links in a new tab: a signed, expiring session
cookie naming a session kept in the store.

Streamlit keeps a session's state (``st.session_state``) only as long as its websocket: a reload opens a new
session, and the reviewer would have to sign in again.  So, after a sign-in, the browser is given a cookie that
names a server-side session, and a new session of the same browser signs itself in from it.

How the cookie is made
    An HttpOnly cookie can only be set by an HTTP response, never over the websocket or by page JavaScript.
    ``docreview app`` therefore runs ``app/server.py``, an ``st.App`` (Streamlit's ASGI app) with one route of
    ours, ``POST /docreview/session`` (:func:`routes`).  After a successful sign-in the page (``shell``) receives
    a one-time **ticket** (random, valid for ``TICKET_S`` seconds, usable once) and a small script posts it to
    that route with ``fetch`` (same origin, a custom header: a cross-site form cannot send it); the route answers
    ``Set-Cookie: docreview_session=…; HttpOnly; SameSite=Lax; Path=/`` (``Secure`` behind HTTPS).  Page
    JavaScript never sees the cookie, so a script injected into the page could not steal it.

What the cookie holds
    ``itsdangerous.URLSafeTimedSerializer``: the session id and user name, signed and time-stamped; a cookie older
    than ``MAX_AGE_S`` (12 hours, a working day) or with a bad signature is refused.  The signature alone is not
    enough: the session must be live in the session table, which also holds its last activity, so that the idle
    timeout (``settings.auth.session_idle_minutes``) holds across reloads, and signing out ends the session on the
    server at once (``POST /docreview/signout`` then deletes the cookie too).  The account is checked again on
    every script run (``shell._run``: removed, disabled, role or teams changed).

Where the sessions live
    Under ``server.py`` (``docreview app``): in the store, table ``sessions`` (:class:`StoreSessions` over
    ``Workspace.open_session`` …), keyed by a SHA-256 of the session id, the last activity written at most once a
    minute (``TOUCH_S``, so the idle timeout counts to the minute); the signing key in the workspace
    (``session.key``, 0600).  Restarting the app signs nobody out, and several app processes over one workspace
    share the sessions: a sign-out in one ends the session in all.  Tickets stay in the process that issued them
    (the page and its route: Streamlit needs sticky sessions behind a load balancer anyway).  Started as a plain
    ``streamlit run app/main.py`` (tests, development) there is no route and the table is in memory
    (:class:`MemorySessions`): sign-in works as before and does not survive a reload.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "docreview_session"
SESSION_PATH = "/docreview/session"
SIGNOUT_PATH = "/docreview/signout"
HEADER = "X-Docreview"  # a custom header: a cross-site form post cannot send one, a cross-site fetch is preflighted
MAX_AGE_S = 12 * 3600
TICKET_S = 120
TOUCH_S = 60.0
"""A session's last activity is written to the store at most this often (every script run renews it)."""
KEY_FILE = "session.key"


class SessionTable(Protocol):
    """Where the live sessions are: session id → (user, last activity, seconds since the epoch)."""

    def open(self, sid: str, user: str, now: float) -> None: ...

    def get(self, sid: str) -> tuple[str, float] | None: ...

    def touch(self, sid: str, now: float) -> None: ...

    def close(self, sid: str) -> None: ...


class MemorySessions:
    """The sessions of this process only (a plain ``streamlit run``, the tests)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[str, tuple[str, float]] = {}

    def open(self, sid: str, user: str, now: float) -> None:
        with self._lock:
            # sessions nobody came back to within a cookie's lifetime are dead anyway: the table does not grow
            self._rows = {k: v for k, v in self._rows.items() if now - v[1] <= MAX_AGE_S}
            self._rows[sid] = (user, now)

    def get(self, sid: str) -> tuple[str, float] | None:
        with self._lock:
            return self._rows.get(sid)

    def touch(self, sid: str, now: float) -> None:
        with self._lock:
            if sid in self._rows:
                self._rows[sid] = (self._rows[sid][0], now)

    def close(self, sid: str) -> None:
        with self._lock:
            self._rows.pop(sid, None)


class StoreSessions:
    """The sessions in the workspace's store (table ``sessions``), shared by every app process over it."""

    def __init__(self, open_workspace: Callable[[], Any]) -> None:
        self._open_workspace = open_workspace
        self._ws: Any = None
        self._lock = threading.Lock()
        self._written: dict[str, float] = {}  # session id → when this process last wrote its activity

    def _store(self) -> Any:
        with self._lock:
            if self._ws is None:
                self._ws = self._open_workspace()
            return self._ws

    @staticmethod
    def _time(now: float) -> dt.datetime:
        return dt.datetime.fromtimestamp(now, dt.UTC)

    def open(self, sid: str, user: str, now: float) -> None:
        self._store().open_session(sid, user, now=self._time(now), forget_before=self._time(now - MAX_AGE_S))
        with self._lock:
            self._written = {k: v for k, v in self._written.items() if now - v <= MAX_AGE_S}
            self._written[sid] = now

    def get(self, sid: str) -> tuple[str, float] | None:
        found = self._store().get_session(sid)
        return None if found is None else (found[0], found[1].timestamp())

    def touch(self, sid: str, now: float) -> None:
        with self._lock:
            if now - self._written.get(sid, float("-inf")) < TOUCH_S:
                return
            self._written[sid] = now
        self._store().touch_session(sid, now=self._time(now))

    def close(self, sid: str) -> None:
        with self._lock:
            self._written.pop(sid, None)
        self._store().close_session(sid)


def signing_key(folder: Path) -> bytes:
    """The cookie signing key of a workspace: ``session.key`` (32 random bytes, 0600), made once, atomically (the
    first of several app processes starting together wins; the others read its key)."""
    path = folder / KEY_FILE
    if not path.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = folder / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(fd, secrets.token_bytes(32))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # fails when another process made the key first
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    if path.stat().st_mode & 0o777 != 0o600:
        os.chmod(path, 0o600)
    key = path.read_bytes()
    if len(key) < 32:
        raise ValueError(f"会话密钥文件损坏：{path} / the session key file is damaged")
    return key


class Sessions:
    """The live sessions (in a :class:`SessionTable`), their signed cookies, and this process's one-time tickets."""

    def __init__(self, *, clock: Callable[[], float] = time.time, secret: bytes | None = None,
                 table: SessionTable | None = None) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._table: SessionTable = table if table is not None else MemorySessions()
        self._tickets: dict[str, tuple[str, float]] = {}  # ticket → (session id, issued)
        self._signer = URLSafeTimedSerializer(secret or secrets.token_bytes(32), salt="docreview-session")

    @classmethod
    def in_store(cls, open_workspace: Callable[[], Any], key_folder: Path) -> Sessions:
        """Sessions kept in a workspace's store, signed with the workspace's key (``server.py``)."""
        return cls(secret=signing_key(key_folder), table=StoreSessions(open_workspace))

    def open(self, user: str) -> str:
        """A new session for ``user`` (after a password sign-in); returns its id."""
        sid = secrets.token_urlsafe(32)
        self._table.open(sid, user, self._clock())
        return sid

    def ticket(self, sid: str) -> str:
        """A one-time ticket that the route exchanges for the cookie of session ``sid``."""
        ticket = secrets.token_urlsafe(32)
        with self._lock:
            now = self._clock()
            self._tickets = {t: v for t, v in self._tickets.items() if now - v[1] <= TICKET_S}
            self._tickets[ticket] = (sid, now)
        return ticket

    def redeem(self, ticket: str) -> str | None:
        """The signed cookie value for a valid, unused, unexpired ticket (which is then used up); else None."""
        with self._lock:
            found = self._tickets.pop(ticket, None)
        if found is None or self._clock() - found[1] > TICKET_S:
            return None
        user = self.user_of(found[0])
        if user is None:
            return None
        return self._signer.dumps({"sid": found[0], "user": user})

    def restore(self, cookie: str | None, *, idle_s: float) -> tuple[str, str] | None:
        """(session id, user name) of a cookie whose signature and age are good, whose session is live and was
        active within ``idle_s``; the session's activity is renewed.  A session idle too long is ended."""
        data = self._payload(cookie)
        if data is None:
            return None
        sid = data["sid"]
        found = self._table.get(sid)
        if found is None or found[0] != data.get("user"):
            return None
        now = self._clock()
        if now - found[1] > idle_s:
            self._table.close(sid)
            return None
        self._table.touch(sid, now)
        return sid, found[0]

    def touch(self, sid: str | None) -> None:
        """Renew a session's activity (every script run of a signed-in page)."""
        if sid is not None:
            self._table.touch(sid, self._clock())

    def user_of(self, sid: str) -> str | None:
        """The user of a live session (not renewed, not checked for idleness: ``restore`` does that); else None."""
        found = self._table.get(sid)
        return found[0] if found is not None else None

    def live(self, sid: str) -> bool:
        """Whether session ``sid`` has not been ended (signed out, timed out)."""
        return self.user_of(sid) is not None

    def close(self, sid: str | None) -> None:
        """End a session (sign-out, idle timeout, a disabled account): its cookie no longer signs anyone in."""
        if sid is None:
            return
        self._table.close(sid)
        with self._lock:
            self._tickets = {t: v for t, v in self._tickets.items() if v[0] != sid}

    def session_of(self, cookie: str | None) -> str | None:
        """The session id a cookie names (signature and age checked, not its liveness): for the sign-out route."""
        data = self._payload(cookie)
        return None if data is None else str(data["sid"])

    def _payload(self, cookie: str | None) -> dict[str, Any] | None:
        """What a cookie holds when its signature and age are good ({"sid": …, "user": …}); else None."""
        if not cookie:
            return None
        try:
            data: Any = self._signer.loads(cookie, max_age=MAX_AGE_S)
        except BadSignature:  # also SignatureExpired
            return None
        if not isinstance(data, dict) or not isinstance(data.get("sid"), str):
            return None
        return data


SESSIONS = Sessions()
"""The sessions of this process, shared by the routes (``server.py``, which puts them in the store) and the pages
(``shell``)."""


def fetch_script(path: str, ticket: str | None = None) -> str:
    """The script a page runs to post ``ticket`` to ``path`` (or, without one, to sign out), same-origin only."""
    import json

    body = json.dumps(ticket or "")
    return (f"<script>fetch({json.dumps(path)}, {{method: 'POST', credentials: 'same-origin', "
            f"headers: {{'{HEADER}': '1', 'Content-Type': 'text/plain'}}, body: {body}}})"
            ".catch(function () {});</script>")


def routes(base_url: str = "") -> list[Any]:
    """The Starlette routes of the cookie: the ticket exchange and the sign-out."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    prefix = "/" + base_url.strip("/") if base_url.strip("/") else ""

    def _allowed(request: Request) -> bool:
        if request.headers.get(HEADER) != "1":
            return False
        origin = request.headers.get("origin")
        if origin is None:
            return True
        host = request.headers.get("x-forwarded-host") or request.headers.get("host") or ""
        return origin.split("://", 1)[-1] == host

    def _secure(request: Request) -> bool:
        return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"

    async def session(request: Request) -> Response:
        if not _allowed(request):
            return Response(status_code=403)
        ticket = (await request.body()).decode("utf-8", "replace").strip()
        value = await run_in_threadpool(SESSIONS.redeem, ticket)  # the store: off the event loop
        if value is None:
            return Response(status_code=403)
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        response.set_cookie(COOKIE, value, max_age=MAX_AGE_S, path=prefix or "/", httponly=True, samesite="lax",
                            secure=_secure(request))
        return response

    async def signout(request: Request) -> Response:
        if not _allowed(request):
            return Response(status_code=403)
        await run_in_threadpool(SESSIONS.close, SESSIONS.session_of(request.cookies.get(COOKIE)))
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        response.delete_cookie(COOKIE, path=prefix or "/", httponly=True, samesite="lax", secure=_secure(request))
        return response

    return [Route(prefix + SESSION_PATH, session, methods=["POST"]),
            Route(prefix + SIGNOUT_PATH, signout, methods=["POST"])]
