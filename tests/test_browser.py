"""End to end: the real app (``streamlit run app/main.py``) driven in headless Chromium with Playwright."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_app import CHROMIUM, CHROMIUM_ARGS, free_port, serving
from docreview import auth
from docreview.settings import Settings
from docreview.store import Workspace
from queue_procs import queue_env, worker

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Settings]]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    workspace = tmp_path / "ws"
    env = {k: v for k, v in os.environ.items() if k != "DOCREVIEW_DATABASE_URL"}
    env.update({"DOCREVIEW_WORKSPACE": str(workspace), "PYTHONUNBUFFERED": "1"})
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    settings = Settings(workspace=workspace)
    with Workspace(settings) as ws:
        ws.add_user("审核员甲", role="reviewer", password="browser-password")
    port = free_port()
    # a plain `streamlit run main.py` (no st.App, no session cookie): the pages work without server.py too
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "main.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"]
    with serving(cmd, port, tmp_path, env, tmp_path / "streamlit.log") as url:
        # the reviews run in a queue worker beside the app, as `docreview app` starts one (issue 14)
        consumer = worker(tmp_path, queue_env(workspace, DOCREVIEW_QUEUE_STAGE_SLEEP_S="0.3"), "browser-worker")
        try:
            yield url, settings
        finally:
            consumer.stop()


def test_sign_in_upload_confirm_and_download(server: tuple[str, Settings], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, settings = server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True,
                                          locale="zh-CN")
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(url)

            # sign in: nothing but the form before that
            expect(page.get_by_label("用户名")).to_be_visible()
            expect(page.locator('input[type="file"]')).to_have_count(0)
            page.get_by_label("用户名").fill("审核员甲")
            page.get_by_label("密码").fill("browser-password")
            page.get_by_role("button", name="登录").click()

            # upload a policy and a report
            files = page.locator('input[type="file"]')
            expect(files).to_have_count(2)
            files.nth(0).set_input_files(str(SAMPLES / "policy_目标表.docx"))
            # the page reruns for the policy file (and grows its unit field): the report goes in after that, or a
            # loaded machine re-renders its picker under the upload
            expect(page.get_by_text("policy_目标表.docx").first).to_be_visible(timeout=30_000)
            page.wait_for_timeout(1000)
            files.nth(1).set_input_files(str(SAMPLES / "report_自评表.pdf"))
            expect(page.get_by_text("report_自评表.pdf").first).to_be_visible(timeout=30_000)
            # the report's kind is detected on upload (the file is read: slow on a loaded machine), with its reason
            expect(page.get_by_text("report_自评表.pdf：绩效自评")).to_be_visible(timeout=60_000)
            expect(page.get_by_text("识别依据：标题含「自评」")).to_be_visible()
            page.screenshot(path=str(tmp_path / "upload_kinds.png"), full_page=True)
            page.get_by_label("被审核单位（留空则用批次单位或报告文件名）").fill("某县交通运输局")
            page.get_by_role("button", name="开始审核").click()
            # the page queues the review and returns; 批次进度 follows it until the result is there
            expect(page.get_by_text("已提交 1 个审核任务", exact=False)).to_be_visible(timeout=30_000)
            page.get_by_role("button", name="查看批次进度").click()
            expect(page.get_by_role("heading", name="批次进度")).to_be_visible(timeout=30_000)
            expect(page.get_by_text("规则计算总分", exact=False).first).to_be_visible(timeout=90_000)
            page.screenshot(path=str(tmp_path / "batch_page.png"), full_page=True)
            page.get_by_role("button", name="去审核").click()

            # the review page: confirm the selected flag with a comment
            expect(page.get_by_test_id("stMetric").first).to_be_visible()
            expect(page.get_by_text("政策依据（目标）")).to_be_visible()
            page.get_by_label("审核意见").fill("浏览器测试：与原表一致")
            # the button's name carries its keyboard shortcut ("确认 Alt + 1")
            page.get_by_role("button", name=re.compile(r"^确认")).click()
            expect(page.get_by_text("已记录：确认（版本 1）")).to_be_visible()
            # Streamlit scrolls inside its main area: a tall viewport shows the whole page
            page.set_viewport_size({"width": 1440, "height": 2600})
            page.wait_for_timeout(500)
            shot = tmp_path / "review_page.png"
            page.screenshot(path=str(shot), full_page=True)
            page.set_viewport_size({"width": 1440, "height": 1000})
            print(f"\nreview page screenshot: {shot}")

            # download the 审核意见表
            page.get_by_role("link", name="导出").click()
            button = page.get_by_role("button", name="下载审核意见表（XLSX）")
            expect(button).to_be_visible()
            with page.expect_download() as dl:
                button.click()
            xlsx = tmp_path / "download.xlsx"
            dl.value.save_as(str(xlsx))

            # the ranking of the batch's units renders, with its 通报 export
            page.get_by_role("link", name="排名通报").click()
            expect(page.get_by_role("heading", name="排名通报")).to_be_visible(timeout=30_000)
            expect(page.get_by_role("button", name="下载通报表（XLSX）")).to_be_visible()
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
            shot = tmp_path / "ranking_page.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"ranking page screenshot: {shot}")

            # the unit's history: its reviews by year, the unit chosen by its (normalised) name
            page.get_by_role("link", name="历史对比").click()
            expect(page.get_by_role("heading", name="历史对比")).to_be_visible(timeout=30_000)
            expect(page.get_by_role("heading", name="各年度审核记录")).to_be_visible()
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
            # one year only: the page says there is nothing earlier to compare with, and lists this year's
            expect(page.get_by_text(re.compile(r"该单位在 \d{4} 年之前没有审核记录"))).to_be_visible()
            page.screenshot(path=str(tmp_path / "history_page.png"), full_page=True)
        finally:
            browser.close()

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()))["审核意见表"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert rows, "the 审核意见表 has no flags"
    confirmed = [r for r in rows if r[7] == "确认"]
    assert len(confirmed) == 1 and confirmed[0][8] == "浏览器测试：与原表一致" and confirmed[0][9] == "审核员甲"
    assert all(r[7] == "待审核" for r in rows if r is not confirmed[0])
    with Workspace(settings) as ws:
        (summary,) = ws.list_reviews(user=None)
        assert summary.unit_name == "某县交通运输局" and summary.decided_count == 1
        assert ws.audit_for("verdict", user=None)[-1].user == "审核员甲"
