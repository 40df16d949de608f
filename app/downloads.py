"""Downloads and page images served only through the signed-in session (issue 16).

Every file the pages hand to the browser (``st.download_button``: exports, 原件, the ranking notice, the batch
workbook and memos, the manifest template; ``st.image``: page images of the source viewer) is kept by Streamlit in
memory and served at ``/media/<id>``.  Streamlit serves that URL to anyone who holds it, without a cookie.  So the
``st.App`` of ``server.py`` wraps every request under ``/media/`` in :class:`MediaGuard`, an ASGI middleware that
answers 403 unless

- the request carries a live session cookie (``session_cookie``: good signature, not older than ``MAX_AGE_S``,
  session not signed out and active within ``settings.auth.session_idle_minutes``; the fetch counts as activity),
- and the file was made for a Streamlit session signed in as **the same user**: the pages bind their Streamlit
  session to the signed-in session (:func:`bind`, once per script run, from ``shell``), and the guard looks the file
  up: the media manager's ``add`` and ``execute_deferred`` (a download button's click) record the session each file
  is made for (:func:`_install`), and Streamlit's own references per session cover a file shown for longer.

Answers that pass get ``X-Content-Type-Options: nosniff`` and ``Cache-Control: no-store, private`` (a shared proxy
or the browser's cache keeps no copy of an export); file names keep Streamlit's RFC 5987 ``filename*=utf-8''…``
for Chinese names.  The pages themselves need no change: one mechanism for every download site.

Started as a plain ``streamlit run app/main.py`` (AppTest, development) there is no guard and no cookie: the pages
work as before, and :func:`bind` only records.

Relies on two private parts of Streamlit's media manager (checked against the installed version by
``tests/test_downloads.py``): its per-session references (``_files_by_session_and_coord``) and the callables of
download buttons (``_deferred_callables``); its public ``add`` and ``execute_deferred`` are wrapped.  Should they
change, the guard refuses (fails closed) and the test fails.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import session_cookie

logger = logging.getLogger("docreview.app")
MEDIA = "/media"
MADE_TTL_S = 600.0
"""How long a file stays bound to the session it was made for after it was last made (the browser fetches a download
at once; a file still shown on the page stays bound through Streamlit's own references as long as it is shown)."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_lock = threading.Lock()
_bound: dict[str, tuple[str, float]] = {}  # Streamlit session id → (our session id, idle seconds)
_made: dict[str, tuple[set[str], float]] = {}  # media file id → (Streamlit sessions it was made for, last made)
_installed: set[int] = set()  # id() of the media managers whose add and execute_deferred record their files


def _media_manager() -> Any | None:
    try:
        from streamlit.runtime import Runtime

        return Runtime.instance().media_file_mgr if Runtime.exists() else None
    except Exception:  # noqa: BLE001 — no runtime (a unit test)
        return None


def _streamlit_session_id() -> str | None:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
    except Exception:  # noqa: BLE001
        return None
    return ctx.session_id if ctx is not None else None


def bind(sid: str | None, idle_s: float) -> None:
    """Bind this Streamlit session (the script run's) to the signed-in session ``sid`` (None: signed out): the files
    it makes are served to that session's user only."""
    _install()
    st_sid = _streamlit_session_id()
    if st_sid is None:
        return
    with _lock:
        if sid is None:
            _bound.pop(st_sid, None)
            return
        if _bound.get(st_sid) != (sid, idle_s):
            live = session_cookie.SESSIONS.live
            for other in [k for k, (s, _) in _bound.items() if not live(s)]:  # signed out or expired: forgotten
                del _bound[other]
            _bound[st_sid] = (sid, idle_s)


def _install() -> None:
    """Record which session each media file was made for, as it is made (``add``: an element's file, whose session
    reference Streamlit drops at the next run while the browser may still be fetching it; ``execute_deferred``: a
    download button's click, which Streamlit leaves unmapped)."""
    mgr = _media_manager()
    if mgr is None or id(mgr) in _installed:
        return
    with _lock:
        if id(mgr) in _installed:
            return
        add, execute_deferred = mgr.add, mgr.execute_deferred

        def recorded_add(*args: Any, **kwargs: Any) -> str:
            url: str = add(*args, **kwargs)
            st_sid = _streamlit_session_id()
            if st_sid is not None:
                _record(url, st_sid)
            return url

        def recorded_execute_deferred(file_id: str) -> str:
            entry = getattr(mgr, "_deferred_callables", {}).get(file_id)
            url: str = execute_deferred(file_id)
            if isinstance(entry, dict) and isinstance(entry.get("session_id"), str):
                _record(url, entry["session_id"])
            return url

        mgr.add, mgr.execute_deferred = recorded_add, recorded_execute_deferred
        _installed.add(id(mgr))


def _file_id(name: str) -> str:
    """The media file id of a URL's last segment (``<id>.<ext>``), as Streamlit's storage reads it."""
    return name.rsplit("/", 1)[-1].split("?", 1)[0].split(".", 1)[0]


def _record(url: str, st_sid: str) -> None:
    now = time.monotonic()
    with _lock:
        for key in [k for k, (_, at) in _made.items() if now - at > MADE_TTL_S]:
            del _made[key]
        owners, _ = _made.get(_file_id(url), (set(), now))
        _made[_file_id(url)] = (owners | {st_sid}, now)


def _owners(file_id: str) -> set[str]:
    """The Streamlit sessions a media file was made for (empty: unknown, refused)."""
    owners: set[str] = set()
    mgr = _media_manager()
    refs = getattr(mgr, "_files_by_session_and_coord", None)
    lock = getattr(mgr, "_lock", None)
    if isinstance(refs, dict) and lock is not None:
        with lock:
            owners = {st_sid for st_sid, by_coord in refs.items() if file_id in by_coord.values()}
    with _lock:
        made = _made.get(file_id)
        if made is not None and time.monotonic() - made[1] <= MADE_TTL_S:
            owners |= made[0]
    return owners


def allowed(cookie: str | None, file_id: str) -> bool:
    """Whether the holder of ``cookie`` may fetch media file ``file_id``: a live session of the user it was made for."""
    if not cookie or not file_id:
        return False
    owners = _owners(file_id)
    with _lock:
        bound = [_bound[o] for o in owners if o in _bound]
    if not bound:
        return False
    restored = session_cookie.SESSIONS.restore(cookie, idle_s=min(idle for _, idle in bound))
    if restored is None:
        return False
    _, user = restored
    return any(session_cookie.SESSIONS.user_of(sid) == user for sid, _ in bound)


def _cookie(scope: Scope) -> str | None:
    from http.cookies import CookieError, SimpleCookie

    for key, value in scope.get("headers") or []:
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except CookieError:
                return None
            morsel = jar.get(session_cookie.COOKIE)
            if morsel is not None:
                return morsel.value
    return None


class MediaGuard:
    """ASGI middleware: ``/media/…`` only for the signed-in user the file was made for (see the module docstring)."""

    def __init__(self, app: ASGIApp, base_url: str = "") -> None:
        self.app = app
        base = base_url.strip("/")
        self.prefix = f"/{base}{MEDIA}" if base else MEDIA

    def guarded(self, path: str) -> bool:
        while "//" in path:
            path = path.replace("//", "/")
        return path == self.prefix or path.startswith(self.prefix + "/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http" or not self.guarded(str(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return
        from starlette.concurrency import run_in_threadpool

        try:  # the store is read: off the event loop
            ok = await run_in_threadpool(allowed, _cookie(scope), _file_id(str(scope.get("path", ""))))
        except Exception:  # noqa: BLE001 — the database down, say: refused, never a traceback
            logger.warning("media request refused: the session could not be checked", exc_info=True)
            ok = False
        if not ok:
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]})
            await send({"type": "http.response.body", "body": "无权获取该文件：请先登录（文件只提供给生成它的用户）".encode()})
            return

        async def hardened(message: Message) -> None:
            if message.get("type") == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"cache-control", b"x-content-type-options")]
                headers += [(b"cache-control", b"no-store, private"), (b"x-content-type-options", b"nosniff")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, hardened)


def middleware(base_url: str = "") -> list[Any]:
    """The middleware ``server.py`` gives its ``st.App``."""
    from starlette.middleware import Middleware

    return [Middleware(MediaGuard, base_url=base_url)]
