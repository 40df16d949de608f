"""Issue 15, part A, where only a browser shows it: the real app started as ``docreview app`` starts it
(``cli.streamlit_command``: the ``st.App`` server with the session-cookie route) driven in headless Chromium.

A link to a review and flag survives the sign-in; the source viewer shows the PDF page with the evidence boxed,
and the box lies on the evidence text (pdfplumber's character positions); Alt+1 pressed while typing saves the typed
comment; J/K and ↓/↑ move between flags (not inside a text field); F5 keeps the sign-in (an HttpOnly, SameSite=Lax
cookie) and the place; Streamlit's English chrome never shows.  Screenshots of the review page, the source viewer
and the dashboard go to ``docs/screenshots/`` for the README."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from browser_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SHOTS,
    assert_box_drawn,
    page_height,
    require_browser,
    running_app,
    shown_image,
)
from browser_app import visible_english as _visible_english
from docreview import auth
from docreview.models import Evidence
from docreview.pipeline import run_review
from docreview.settings import IngestSettings, Settings
from docreview.store import Workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@dataclass
class App:
    url: str
    settings: Settings
    review_id: int
    pdf: Path


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    require_browser()
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    workspace = tmp_path / "ws"
    settings = Settings(workspace=workspace)
    policy, reports = SAMPLES / "policy_目标表.docx", [SAMPLES / "report_自评表.pdf", SAMPLES / "report_自评报告.txt"]
    review = run_review([policy], reports, settings=Settings(workspace=tmp_path / "pipeline",
                                                             ingest=IngestSettings(isolate=False)), explain=False)
    with Workspace(settings) as ws:
        ws.add_user("审核员甲", role="reviewer", password="browser-password")
        docs = [(ws.store_document(p.read_bytes(), p.name, user=None), role)
                for role, p in [("policy", policy), *[("report", r) for r in reports]]]
        batch = ws.create_batch("2024年度复核", unit_name="某县交通运输局", user="审核员甲")
        rid = ws.save_review(batch.id, review, docs, user="审核员甲").id  # type: ignore[arg-type]
    with running_app(tmp_path, settings) as url:
        yield App(url=url, settings=settings, review_id=rid, pdf=reports[0])


def test_link_source_viewer_keyboard_and_reload(app: App) -> None:
    from playwright.sync_api import expect, sync_playwright

    with Workspace(app.settings) as ws:
        flags = ws.get_review(app.review_id, user=None).flags
    number = {f.id: n for n, f in enumerate(flags, start=1)}
    target = next(f for f in flags if f.flag.type == "target_missed" and f.flag.indicator == "新改建农村公路里程")
    evidence: Evidence = next(e for e in target.flag.evidence if e.side == "report" and e.box is not None)
    open_after = [f for f in flags if f.decision == "pending" and number[f.id] > number[target.id]]
    typed = "浏览器：快捷键保存的意见"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="zh-CN",
                                          accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(60_000)

            # a link to one review and flag, opened before signing in
            page.goto(f"{app.url}/review?review={app.review_id}&flag={target.id}")
            expect(page.get_by_label("用户名")).to_be_visible()
            page.get_by_label("用户名").fill("审核员甲")
            page.get_by_label("密码").fill("browser-password")
            assert _visible_english(page) == []  # a dirty form input: no "Press Enter to submit form"
            page.get_by_role("button", name="登录").click()
            heading = page.get_by_role("heading", name=f"未完成目标：{target.flag.indicator}")
            expect(heading).to_be_visible(timeout=60_000)
            page.wait_for_url(re.compile(f"/review\\?review={app.review_id}&flag={target.id}$"))
            cookie = next(c for c in context.cookies() if c["name"] == "docreview_session")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
            assert page.evaluate("() => document.cookie").find("docreview_session") < 0  # not for page scripts

            # the source viewer: the PDF page with the evidence boxed, the DOCX table row highlighted
            image = page.get_by_role("img", name=f"原件 {evidence.where()}")
            expect(image).to_be_visible(timeout=60_000)
            shown = shown_image(page, image)
            expect(page.locator('[data-evidence-row="1"]').first).to_be_visible()
            expect(page.locator('[data-evidence-cell="1"]').filter(has_text="≥120公里")).to_be_visible()
            expect(page.get_by_role("button", name=re.compile(r"打开原件：report_自评表\.pdf"))).to_be_visible()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.locator(f".st-key-source_report_{target.id}").screenshot(path=str(SHOTS / "source_viewer.png"))
            assert _visible_english(page) == []

            # Alt+1 while typing the comment: the typed text is saved with the verdict
            comment = page.get_by_label("审核意见", exact=True)
            comment.click()
            comment.press_sequentially(typed)
            page.keyboard.press("Alt+1")
            expect(page.get_by_text("已记录：确认（版本 1）", exact=False)).to_be_visible()
            with Workspace(app.settings) as ws:
                saved = next(f for f in ws.get_review(app.review_id, user=None).flags if f.id == target.id).verdict
            assert saved is not None and (saved.decision, saved.comment) == ("confirmed", typed)
            # the page moved on to the next open flag (never back to #1) and the selector says so at once
            nxt = open_after[0]
            expect(page.get_by_role("heading", name=re.compile(f"：{re.escape(nxt.flag.indicator or '（整体）')}$")))\
                .to_be_visible()
            selector = page.get_by_role("combobox", name="当前问题")
            expect(selector).to_have_value(re.compile(f"^#{number[nxt.id]} .*待审核$"))
            page.wait_for_url(re.compile(f"/review\\?review={app.review_id}&flag={nxt.id}$"))

            page.set_viewport_size({"width": 1440, "height": 2600})  # Streamlit scrolls inside its main area
            page.evaluate("""() => { document.activeElement && document.activeElement.blur();
                document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')
                    .forEach(e => e.scrollTo(0, 0)); }""")
            page.wait_for_timeout(800)
            page.screenshot(path=str(SHOTS / "review_page.png"), full_page=True)
            page.set_viewport_size({"width": 1440, "height": 1100})

            # J / K and ↓ / ↑ outside a text field move between flags; inside the comment they are just letters
            def current() -> str:
                return selector.input_value()

            def press(key: str, expected: int) -> None:
                page.keyboard.press(key)
                expect(selector).to_have_value(re.compile(f"^#{expected} "))
                page.wait_for_timeout(700)  # the script run of that move is over before the next key

            page.get_by_role("heading", name="审核", exact=True).click()
            before = current()
            press("j", number[nxt.id] + 1)
            press("k", number[nxt.id])
            press("ArrowDown", number[nxt.id] + 1)
            press("ArrowUp", number[nxt.id])
            assert current() == before
            box = page.get_by_label("审核意见", exact=True)
            box.click()
            box.press_sequentially("jk")
            page.wait_for_timeout(1500)
            assert current() == before and box.input_value() == "jk"

            # F5: still signed in, on the same review and flag
            page.reload()
            expect(page.get_by_role("button", name="退出登录")).to_be_visible(timeout=60_000)
            expect(page.get_by_label("用户名")).to_have_count(0)
            expect(selector).to_have_value(re.compile(f"^#{number[nxt.id]} "))
            page.wait_for_url(re.compile(f"/review\\?review={app.review_id}&flag={nxt.id}$"))

            # the upload page: the uploader in Chinese with the limit in force, no Streamlit chrome
            page.get_by_role("link", name="上传").click()
            dropzone = page.get_by_test_id("stFileUploaderDropzone").first
            expect(dropzone).to_be_visible()
            hint = dropzone.get_by_test_id("stFileUploaderDropzoneInstructions").evaluate(
                "el => getComputedStyle(el.firstElementChild, '::after').content")
            assert "单个文件不超过 50 MB" in hint
            button = dropzone.locator("button").evaluate(
                "el => getComputedStyle(el.querySelector('[data-testid=stMarkdownContainer]'), '::after').content")
            assert "选择文件" in button
            assert _visible_english(page) == []
            expect(page.get_by_test_id("stToolbar")).to_be_hidden()

            # the dashboard, for the README
            page.get_by_role("link", name="看板").click()
            expect(page.get_by_role("heading", name="各单位问题分布")).to_be_visible()
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
            page.wait_for_timeout(500)
            page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
            assert _visible_english(page) == []
            # a row of the unit × type table opens its first open flag on the review page (the confirmed 新改建农村
            # 公路里程 of 未完成目标 comes after the open 项目完工时间)
            grid = page.get_by_test_id("stDataFrame").filter(has_text="已驳回").first
            grid.scroll_into_view_if_needed()
            area = grid.bounding_box()
            assert area is not None
            page.mouse.click(area["x"] + 15, area["y"] + 35 + 17)  # the selection box of the first row
            expect(page.get_by_role("heading", name="未完成目标：项目完工时间")).to_be_visible(timeout=30_000)
            page.wait_for_url(re.compile(r"/review\?review=\d+&flag=\d+$"))

            # sign-out ends the session: a reload shows the sign-in form again
            page.get_by_role("button", name="退出登录").click()
            expect(page.get_by_label("用户名")).to_be_visible()
            page.reload()
            expect(page.get_by_label("用户名")).to_be_visible(timeout=60_000)
        finally:
            browser.close()

    # the box drawn on the page lies on the evidence text (pdfplumber's characters of the quote inside it), the
    # image's red outline is drawn exactly around it
    assert_box_drawn(shown, app.pdf, evidence)
    marked = Image.open(io.BytesIO(shown))
    assert evidence.page is not None
    assert marked.height < page_height(app.pdf, evidence.page, marked.width) * 0.8  # the blank lower half: trimmed
