"""Issue 16: downloads (and page images) served only through the signed-in session (``app/downloads.py``).

Against the real app started as ``docreview app`` starts it (``cli.streamlit_command``: the ``st.App`` of
``server.py`` with the media guard) in headless Chromium: a file a download button made (an export, made on click)
and a file an element shows (the manifest template) are fetched with the signed-in cookie; the same URLs without a
cookie, with a forged cookie, with another user's cookie and after sign-out are refused.  The idle timeout and the
cookie's age are checked on the guard's decision itself with a controlled clock."""

from __future__ import annotations

import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from browser_app import CHROMIUM, CHROMIUM_ARGS, require_browser, running_app
from docreview import auth
from docreview.settings import Settings
from docreview.store import Workspace
from store_samples import make_review

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))
import downloads  # noqa: E402  (the app's module, from app/)
import session_cookie  # noqa: E402

PASSWORD = "browser-password"


@dataclass
class App:
    url: str
    settings: Settings
    review_id: int


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    require_browser()
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    workspace = tmp_path / "ws"
    settings = Settings(workspace=workspace)
    with Workspace(settings) as ws:
        ws.add_user("审核员甲", role="reviewer", password=PASSWORD)
        ws.add_user("审核员乙", role="reviewer", password=PASSWORD)
        batch = ws.create_batch("下载保护批次", user="审核员甲")
        doc = ws.store_document(b"report bytes", "自评表.xlsx", user="审核员甲")
        review = make_review().model_copy(update={"year": 2024})
        rid = ws.save_review(batch.id, review, [(doc, "report")], user="审核员甲", unit_name="某县交通运输局").id
    with running_app(tmp_path, settings, name="app") as url:
        yield App(url=url, settings=settings, review_id=rid)  # type: ignore[arg-type]


def fetch(url: str, cookie: str | None = None) -> tuple[int, bytes, dict[str, str]]:
    """GET ``url`` outside the browser, with only the given session cookie (or none)."""
    request = urllib.request.Request(url)
    if cookie is not None:
        request.add_header("Cookie", f"{session_cookie.COOKIE}={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read(), {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, e.read(), {k.lower(): v for k, v in e.headers.items()}


def sign_in(browser: Any, url: str, name: str) -> tuple[Any, Any, str]:
    """A new browser context signed in as ``name``: (context, page, its session cookie)."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    deadline = time.monotonic() + 30
    while True:  # the page exchanges its ticket for the HttpOnly cookie right after the sign-in
        cookie = next((c["value"] for c in context.cookies() if c["name"] == session_cookie.COOKIE), None)
        if cookie or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert cookie, f"{name}: no session cookie"
    return context, page, cookie


def forged(cookie: str) -> str:
    return cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]


@pytest.mark.browser
@pytest.mark.slow
def test_downloads_need_the_signed_in_session_of_their_user(app: App) -> None:
    from playwright.sync_api import expect, sync_playwright

    with Workspace(app.settings) as ws:
        expected_json = ws.get_review(app.review_id, user=None).review.model_dump_json(indent=2).encode()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            ctx_a, page, cookie_a = sign_in(browser, app.url, "审核员甲")
            _, _, cookie_b = sign_in(browser, app.url, "审核员乙")

            def served_to_a_only(url: str, body: bytes) -> None:
                # with the signed-in cookie (in the browser's context and outside it): the file, not cached
                answer = ctx_a.request.get(url)
                assert answer.status == 200 and answer.body() == body, url
                status, data, headers = fetch(url, cookie_a)
                assert (status, data) == (200, body), url
                assert headers["x-content-type-options"] == "nosniff"
                assert "no-store" in headers["cache-control"]
                # without a cookie, a forged one, another user's (signed in and live): refused, no bytes
                for cookie in (None, forged(cookie_a), "garbage", cookie_b):
                    status, data, _ = fetch(url, cookie)
                    assert status == 403 and body not in data, (url, cookie)

            # a file an element shows: the manifest template of the upload page (made when the page runs)
            page.get_by_text("清单（XLSX/CSV：单位、文件名、类型）").click()
            button = page.get_by_role("button", name="下载清单模板")
            expect(button).to_be_visible()
            with page.expect_download() as dl:
                button.click()
            template_url, template = dl.value.url, Path(dl.value.path()).read_bytes()
            assert template[:2] == b"PK"  # an XLSX
            served_to_a_only(template_url, template)

            # a file a download button makes on click: the review's JSON export
            page.get_by_role("link", name="导出").click()
            button = page.get_by_role("button", name="下载审核结果（JSON）")
            expect(button).to_be_visible()
            with page.expect_download() as dl:
                button.click()
            export_url = dl.value.url
            assert Path(dl.value.path()).read_bytes() == expected_json  # the browser got the right file
            assert urllib.parse.urlsplit(export_url).path.startswith("/media/")
            served_to_a_only(export_url, expected_json)
            status, _, headers = fetch(export_url, cookie_a)
            name = re.search(r"filename\*=utf-8''([^;]+)", headers["content-disposition"])
            assert name and urllib.parse.unquote(name.group(1)).endswith(f"_审核{app.review_id}_第1版.json")

            # sign-out ends the session on the server: the old cookie no longer fetches anything
            page.get_by_role("button", name="退出登录").click()
            expect(page.get_by_label("用户名")).to_be_visible()
            for url in (export_url,):
                deadline = time.monotonic() + 10
                while (status := fetch(url, cookie_a)[0]) != 403 and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert status == 403, url
        finally:
            browser.close()


def test_guard_decision_idle_timeout_age_and_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """The decision itself, with a controlled clock: a file bound to 甲's Streamlit session is served to a live
    cookie of 甲 only; not after the idle timeout, not past the cookie's age, not to 乙."""
    import itsdangerous.timed

    now = [1_000_000.0]
    sessions = session_cookie.Sessions(clock=lambda: now[0])
    monkeypatch.setattr(session_cookie, "SESSIONS", sessions)
    monkeypatch.setattr(downloads, "_bound", {})
    monkeypatch.setattr(downloads, "_made", {})
    sid_a, sid_b = sessions.open("甲"), sessions.open("乙")
    cookie_a, cookie_b = sessions.redeem(sessions.ticket(sid_a)), sessions.redeem(sessions.ticket(sid_b))
    downloads._bound.update({"st-a": (sid_a, 1800.0), "st-b": (sid_b, 1800.0)})
    downloads._record("/media/abc123.json", "st-a")
    assert downloads.allowed(cookie_a, "abc123")
    assert not downloads.allowed(cookie_b, "abc123")  # another user's live cookie
    assert not downloads.allowed(cookie_a, "other")  # a file nobody made for this user
    assert not downloads.allowed(None, "abc123")
    now[0] += 1700
    assert downloads.allowed(cookie_a, "abc123")  # within the idle time (and renews it)
    now[0] += 1801
    assert not downloads.allowed(cookie_a, "abc123")  # idle too long: the session is ended
    assert not sessions.live(sid_a)
    # a cookie older than its age is refused while its session is live
    sid_c = sessions.open("甲")
    cookie_c = sessions.redeem(sessions.ticket(sid_c))
    downloads._bound["st-c"] = (sid_c, 1e9)
    downloads._record("/media/def456.xlsx", "st-c")
    assert downloads.allowed(cookie_c, "def456")
    real = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp",
                        lambda self: real(self) + session_cookie.MAX_AGE_S + 10)
    assert not downloads.allowed(cookie_c, "def456")


def test_the_guard_covers_media_under_the_base_path() -> None:
    guard = downloads.MediaGuard(lambda *a: None, base_url="/review-app/")  # type: ignore[arg-type,return-value]
    assert guard.guarded("/review-app/media/abc.png") and guard.guarded("/review-app//media/abc.png")
    assert not guard.guarded("/review-app/export") and not guard.guarded("/media-not/x")
    assert downloads._file_id("/review-app/media/0f1e.xlsx") == "0f1e"
