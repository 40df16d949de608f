"""The last English of the reviewer app (issue 15): where Streamlit has no Chinese option its element is hidden or
relabelled (``shell.chrome_css``, ``shell.aria_script``), an unknown page gets a Chinese page instead of Streamlit's
"Page not found" dialog, pages show the Chinese half of bilingual errors only (``shell.zh``), and each file of an
upload gets its unit from a dropdown of the known units or a new name (``shell.unit_choice``).

The real app in headless Chromium (``browser_app.running_app``: as ``docreview app`` starts it, on a workspace with a
stored review), and pages in ``streamlit.testing.v1.AppTest`` on a real SQLite workspace."""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from browser_app import CHROMIUM, CHROMIUM_ARGS, ENGLISH, require_browser, running_app
from docreview import auth
from docreview.settings import Settings
from docreview.store import Workspace, jobs
from docreview.store.jobs import ReviewUnit, UnitFile
from store_samples import make_review

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app" / "main.py")
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "app"))
import shell as ui  # noqa: E402  (the app's shell module, from app/)

MORE_ENGLISH = re.compile(r"Page not found|main page|Download as CSV|\bSearch\b|Fullscreen|Show/hide columns|"
                          r"internal error|no review was made|Download plot|\bZoom\b|Autoscale|Reset axes|\bAdd: ")
"""Streamlit's (and Plotly's) English beyond ``test_browser_review.ENGLISH``, and the English halves of the queue's
job errors."""
ARIA_ENGLISH = r"""() => [...document.querySelectorAll('[aria-label],[title]')]
  .filter(e => e.checkVisibility())
  .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('title')])
  .filter(t => t && /[A-Za-z]{3,}/.test(t.replace(/\b(Alt|Ctrl|Shift|Enter|Esc)\b/g, "")))"""
"""The English screen-reader texts (``aria-label``, ``title``) of the rendered elements (key names aside)."""


def _english(page: object) -> list[str]:
    text = page.evaluate("() => document.body.innerText")  # type: ignore[attr-defined]
    return sorted(set(ENGLISH.findall(text)) | set(MORE_ENGLISH.findall(text)))


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    """(the URL of the running app, a stored review of a reviewer's team)."""
    require_browser()
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    settings = Settings(workspace=tmp_path / "ws")
    with Workspace(settings) as ws:
        ws.add_user("审核员甲", role="reviewer", password="browser-password")
        sha = ws.store_document(b"report bytes", "report_自评表.xlsx", user=None)
        batch = ws.create_batch("2024年度复核", unit_name="某县交通运输局", user="审核员甲")
        rid = ws.save_review(batch.id, make_review(), [(sha, "report")], user="审核员甲").id
    with running_app(tmp_path, settings) as url:
        yield url, rid


@pytest.mark.browser
@pytest.mark.slow
def test_no_english_dialog_toolbar_or_screen_reader_text_in_the_browser(app: tuple[str, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, review_id = app

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="zh-CN").new_page()
            page.set_default_timeout(60_000)
            # an unknown page before sign-in: the sign-in form, no "Page not found" dialog over it
            page.goto(f"{url}/no.such")
            expect(page.get_by_label("用户名")).to_be_visible()
            page.wait_for_timeout(1500)
            assert _english(page) == [] and page.get_by_test_id("stDialog").count() == 0
            page.get_by_label("用户名").fill("审核员甲")
            page.get_by_label("密码").fill("browser-password")
            page.get_by_role("button", name="登录").click()
            missing = page.get_by_text("您打开的页面不存在，或您的账户无权打开该页面", exact=False)
            expect(missing).to_be_visible(timeout=60_000)
            assert _english(page) == [] and page.get_by_test_id("stDialog").count() == 0
            assert page.evaluate(ARIA_ENGLISH) == []  # the sidebar, its pages, the password fields: Chinese
            # an admin page asked for by a reviewer, a Chinese path: the same Chinese page
            for path in ("units", "%E5%AE%A1%E6%A0%B8%E9%A1%B5"):
                page.goto(f"{url}/{path}")
                expect(missing).to_be_visible(timeout=60_000)
                assert _english(page) == [] and page.get_by_test_id("stDialog").count() == 0

            # the dashboard: tables without their English toolbar, charts without Plotly's mode bar
            page.goto(f"{url}/dashboard")
            table = page.get_by_test_id("stDataFrame").first
            expect(table).to_be_visible(timeout=60_000)
            expect(page.locator(".js-plotly-plot").first).to_be_visible()
            table.hover()
            page.locator(".js-plotly-plot").first.hover()
            page.wait_for_timeout(1000)
            assert page.get_by_test_id("stElementToolbar").count() > 0  # there, and hidden
            for toolbar in page.get_by_test_id("stElementToolbar").all():
                expect(toolbar).to_be_hidden()
            for modebar in page.locator(".modebar-container").all():
                expect(modebar).to_be_hidden()
            assert _english(page) == []
            assert page.evaluate(ARIA_ENGLISH) == []  # "Help for …", "Link to heading", "Open": Chinese

            # the review page: the shortcut keys and the select boxes read in Chinese too
            page.goto(f"{url}/review?review={review_id}")
            expect(page.get_by_label("审核意见", exact=True)).to_be_visible(timeout=60_000)
            page.wait_for_timeout(1000)
            assert _english(page) == []
            assert page.evaluate(ARIA_ENGLISH) == []
            labels = page.evaluate("() => [...document.querySelectorAll('kbd[aria-label]')].map(e => e.ariaLabel)")
            assert "快捷键 Alt + 1" in labels
        finally:
            browser.close()


# ---------------------------------------------------------------------- pages (AppTest)


@pytest.fixture
def app_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.delenv("DOCREVIEW_QUEUE_URL", raising=False)
    monkeypatch.setenv("DOCREVIEW_AUTH_DELAY_S", "0")
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    ui._open_workspace.clear()
    w = Workspace(Settings())
    w.add_user("alice", role="admin", password="alice-password")
    yield w
    w.close()
    ui._open_workspace.clear()


def _signed_in() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="signin_name").input("alice")
    at.text_input(key="signin_password").input("alice-password")
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _shown(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("error", "warning", "info", "success", "caption", "markdown"):
        parts += [str(e.value) for e in at.get(kind)]
    for df in at.dataframe:
        parts += [str(v) for v in df.value.to_numpy().ravel()]
    return "\n".join(parts)


def test_zh_keeps_the_chinese_of_each_joined_message() -> None:
    # the queue joins the errors of a unit's files with "；" (queue/runner.py)
    assert ui.zh("a.pdf: 文件为空 / the file is empty；b.pdf: 内部错误 / internal error: ValueError: boom") == (
        "a.pdf: 文件为空；b.pdf: 内部错误")
    assert ui.zh("a.xlsx: 文件内容超出处理上限 / the content exceeds a processing limit: 表格过大：超过 500000 个单元格 / "
                 "table too large；b.pdf: 文件为空 / empty") == "a.xlsx: 文件内容超出处理上限：表格过大：超过 500000 个单元格；b.pdf: 文件为空"


def test_batch_progress_shows_the_chinese_half_of_job_errors(app_ws: Workspace) -> None:
    batch = app_ws.create_batch("失败批次", user="alice").id
    errors = ["内部错误 / internal error: ValueError: boom",
              "甲.pdf: 文件为空 / the file is empty；乙.pdf: 未能生成审核记录 / no review was made"]
    for n, error in enumerate(errors):
        sha = app_ws.store_document(f"report {n}".encode(), f"自评表{n}.xlsx", user="alice")
        job = jobs.create_jobs(app_ws, batch, [ReviewUnit(files=[UnitFile(sha256=sha, role="report",
                                                                          filename=f"自评表{n}.xlsx")],
                                                          unit_name=f"单位{n}")], profile="default", user="alice")[0]
        running = jobs.claim(app_ws, job.id, job.key, worker="w1", lease_s=60)
        assert running is not None
        assert jobs.fail(app_ws, job.id, worker="w1", error=error)
    at = _signed_in()
    at.switch_page(str(ui.PAGES["batches"][0])).run()
    assert not at.exception, at.exception
    shown = _shown(at)
    assert list(at.dataframe[0].value["错误"]) == ["内部错误", "甲.pdf: 文件为空；乙.pdf: 未能生成审核记录"]
    assert [e.value for e in at.error] == [ui.markdown_text("内部错误"),
                                           ui.markdown_text("甲.pdf: 文件为空；乙.pdf: 未能生成审核记录")]
    assert not MORE_ENGLISH.search(shown) and "ValueError" not in shown


def test_evaluate_names_its_retrieval_modes_in_chinese(app_ws: Workspace) -> None:
    at = _signed_in()
    at.switch_page(str(ui.PAGES["evaluate"][0])).run()
    assert not at.exception, at.exception
    mode = at.selectbox(key="eval_mode")
    assert mode.options == ["混合检索", "关键词检索（BM25）", "向量检索"] and mode.value == "hybrid"
    at.text_input(key="eval_dir").input("/nonexistent/corpus")
    next(b for b in at.button if b.label == "运行评测").click().run()
    assert [e.value for e in at.error] == [ui.markdown_text("目录不存在：/nonexistent/corpus")]


def test_each_file_gets_its_unit_from_a_dropdown_or_a_new_name(app_ws: Workspace) -> None:
    batch = app_ws.create_batch("已有单位", user="alice").id
    sha = app_ws.store_document(b"earlier report", "report.xlsx", user="alice")
    app_ws.save_review(batch, make_review(), [(sha, "report")], user="alice", unit_name="某县交通局")
    table, prose = (SAMPLES / "report_自评表.pdf").read_bytes(), (SAMPLES / "report_自评报告.txt").read_bytes()
    at = _signed_in()
    at.file_uploader(key="report_files").set_value([("自评表.pdf", table, "application/pdf"),
                                                    ("自评报告.txt", prose, "text/plain")]).run()
    assert not at.exception, at.exception
    key_t, key_p = (hashlib.sha256(d).hexdigest()[:16] for d in (table, prose))
    new = "＋ 新单位（输入名称）"
    # the workspace's units are offered; a new one is typed (and cleaned: full width folded, spaces collapsed)
    assert at.selectbox(key=f"unitpick_{key_t}").options == ["默认：被审核单位", "某县交通局", new]
    at.selectbox(key=f"unitpick_{key_t}").set_value(ui.NEW_UNIT).run()
    at.text_input(key=f"unit_{key_t}").input(" 乙县　卫健委 ").run()
    # the name typed for the first file is offered for the second
    pick = at.selectbox(key=f"unitpick_{key_p}")
    assert pick.options == ["默认：被审核单位", "乙县 卫健委", "某县交通局", new]
    pick.set_value("乙县 卫健委").run()
    assert not at.exception, at.exception
    assert ui.markdown_text("乙县 卫健委：自评表.pdf、自评报告.txt（对照：无政策文件，以报告自身目标值为准）") in [
        c.value for c in at.caption]
    next(b for b in at.button if b.label == "开始审核").click().run()
    assert not at.exception, at.exception
    (job,) = jobs.batch_progress(app_ws, max(b.id for b in app_ws.list_batches(user=None))).jobs
    assert (job.unit_name, sorted(f.filename for f in job.unit.reports)) == ("乙县 卫健委", ["自评报告.txt", "自评表.pdf"])
