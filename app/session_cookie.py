"""Sign-in that survives a reload (F5) and opens links in a new tab: a signed, expiring session cookie.

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
    ``itsdangerous.URLSafeTimedSerializer``: the session id and user name, signed with a key of this process and
    time-stamped; a cookie older than ``MAX_AGE_S`` (12 hours, a working day) or with a bad signature is refused.
    The signature alone is not enough: the session id must be in :data:`SESSIONS`, the process's table of live
    sessions, which also holds each session's last activity, so that the idle timeout
    (``settings.auth.session_idle_minutes``) holds across reloads, and signing out ends the session on the server
    at once (``POST /docreview/signout`` then deletes the cookie too).  The account is checked again on every
    script run (``shell._run``: removed, disabled, role or teams changed).

Limits
    The table lives in the app's process: restarting the app signs everyone out, and several app processes behind
    one address need sticky sessions (Streamlit's own sessions need them anyway).  Started as a plain
    ``streamlit run app/main.py`` (tests, development) the route does not exist: sign-in works as before and does
    not survive a reload.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "docreview_session"
SESSION_PATH = "/docreview/session"
SIGNOUT_PATH = "/docreview/signout"
HEADER = "X-Docreview"  # a custom header: a cross-site form post cannot send one, a cross-site fetch is preflighted
MAX_AGE_S = 12 * 3600
TICKET_S = 120


@dataclass
class _Session:
    user: str
    last_seen: float


class Sessions:
    """The live sessions of this app process: session id → user and last activity, plus one-time tickets."""

    def __init__(self, *, clock: Callable[[], float] = time.time, secret: bytes | None = None) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}
        self._tickets: dict[str, tuple[str, float]] = {}  # ticket → (session id, issued)
        self._signer = URLSafeTimedSerializer(secret or secrets.token_bytes(32), salt="docreview-session")

    def open(self, user: str) -> str:
        """A new session for ``user`` (after a password sign-in); returns its id."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            now = self._clock()
            # sessions nobody came back to within a cookie's lifetime are dead anyway: the table does not grow
            self._sessions = {k: v for k, v in self._sessions.items() if now - v.last_seen <= MAX_AGE_S}
            self._sessions[sid] = _Session(user=user, last_seen=now)
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
            session = self._sessions.get(found[0])
            if session is None:
                return None
            return self._signer.dumps({"sid": found[0], "user": session.user})

    def restore(self, cookie: str | None, *, idle_s: float) -> tuple[str, str] | None:
        """(session id, user name) of a cookie whose signature and age are good, whose session is live and was
        active within ``idle_s``; the session's activity is renewed.  A session idle too long is ended."""
        if not cookie:
            return None
        try:
            data: Any = self._signer.loads(cookie, max_age=MAX_AGE_S)
        except BadSignature:  # also SignatureExpired
            return None
        if not isinstance(data, dict) or not isinstance(data.get("sid"), str):
            return None
        sid = data["sid"]
        with self._lock:
            session = self._sessions.get(sid)
            if session is None or session.user != data.get("user"):
                return None
            now = self._clock()
            if now - session.last_seen > idle_s:
                del self._sessions[sid]
                return None
            session.last_seen = now
            return sid, session.user

    def touch(self, sid: str | None) -> None:
        """Renew a session's activity (every script run of a signed-in page)."""
        if sid is None:
            return
        with self._lock:
            session = self._sessions.get(sid)
            if session is not None:
                session.last_seen = self._clock()

    def close(self, sid: str | None) -> None:
        """End a session (sign-out, idle timeout, a disabled account): its cookie no longer signs anyone in."""
        if sid is None:
            return
        with self._lock:
            self._sessions.pop(sid, None)
            self._tickets = {t: v for t, v in self._tickets.items() if v[0] != sid}

    def session_of(self, cookie: str | None) -> str | None:
        """The session id a cookie names (signature checked, not its liveness): for the sign-out route."""
        if not cookie:
            return None
        try:
            data: Any = self._signer.loads(cookie, max_age=MAX_AGE_S)
        except BadSignature:
            return None
        return data.get("sid") if isinstance(data, dict) else None


SESSIONS = Sessions()
"""The sessions of this process, shared by the route (``server.py``) and the pages (``shell``)."""


def fetch_script(path: str, ticket: str | None = None) -> str:
    """The script a page runs to post ``ticket`` to ``path`` (or, without one, to sign out), same-origin only."""
    import json

    body = json.dumps(ticket or "")
    return (f"<script>fetch({json.dumps(path)}, {{method: 'POST', credentials: 'same-origin', "
            f"headers: {{'{HEADER}': '1', 'Content-Type': 'text/plain'}}, body: {body}}})"
            ".catch(function () {});</script>")


def routes(base_url: str = "") -> list[Any]:
    """The Starlette routes of the cookie: the ticket exchange and the sign-out."""
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
        value = SESSIONS.redeem((await request.body()).decode("utf-8", "replace").strip())
        if value is None:
            return Response(status_code=403)
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        response.set_cookie(COOKIE, value, max_age=MAX_AGE_S, path=prefix or "/", httponly=True, samesite="lax",
                            secure=_secure(request))
        return response

    async def signout(request: Request) -> Response:
        if not _allowed(request):
            return Response(status_code=403)
        SESSIONS.close(SESSIONS.session_of(request.cookies.get(COOKIE)))
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        response.delete_cookie(COOKIE, path=prefix or "/", httponly=True, samesite="lax", secure=_secure(request))
        return response

    return [Route(prefix + SESSION_PATH, session, methods=["POST"]),
            Route(prefix + SIGNOUT_PATH, signout, methods=["POST"])]
