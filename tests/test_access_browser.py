"""Issue 16 in a real browser: unit names made of HTML reach the dashboard's Plotly charts as text; headless
Chromium finds no link, bold or image element made of them in the page."""

from __future__ import annotations

import pytest

from docreview.settings import Settings
from docreview.store import Workspace
from store_samples import make_review
from test_browser import CHROMIUM, CHROMIUM_ARGS, server  # noqa: F401  (the fixture: a real `streamlit run`)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_UNITS = ['<a href="http://evil">x</a>', "<b>bold-unit</b>", "<img src=x onerror=alert(1)>"]


def test_html_in_unit_names_creates_no_element(server: tuple[str, Settings]) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    url, settings = server
    with Workspace(settings) as ws:
        batch = ws.create_batch("恶意名称批次", user="审核员甲")
        for n, unit in enumerate(HOSTILE_UNITS):
            doc = ws.store_document(f"report {n}".encode(), "自评表.xlsx", user="审核员甲")
            review = make_review().model_copy(update={"year": 2024})
            ws.save_review(batch.id, review, [(doc, "report")], user="审核员甲", unit_name=unit)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1440, "height": 1400}, locale="zh-CN").new_page()
            page.set_default_timeout(60_000)
            page.goto(url)
            page.get_by_label("用户名").fill("审核员甲")
            page.get_by_label("密码").fill("browser-password")
            page.get_by_role("button", name="登录").click()
            for link in ("看板",):  # its three charts; the ranking chart gets the same labels (test_access_app)
                page.get_by_role("link", name=link).click()
                expect(page.get_by_role("heading", name=link)).to_be_visible(timeout=60_000)
                expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
                # the label is drawn as the text it is ...
                expect(page.locator(".js-plotly-plot text", has_text='<a href="http://evil">x</a>').first
                       ).to_be_attached()
                # ... and no element is made of it anywhere in the page
                assert page.locator('a[href="http://evil"]').count() == 0, link
                assert page.locator('img[src="x"]').count() == 0, link
                assert page.locator("b", has_text="bold-unit").count() == 0, link
                assert page.evaluate("() => document.body.innerHTML.includes('<a href=\"http://evil\"')") is False
        finally:
            browser.close()
