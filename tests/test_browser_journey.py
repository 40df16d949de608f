"""Issue 15, the whole journey in a real browser: the app as ``docreview app`` starts it (``browser_app.running_app``)
with a real queue worker beside it, driven in headless Chromium.

Sign in, upload one ZIP with a folder per unit (``fixtures/journey_units.py``: each unit a 目标表 DOCX, a 自评表 PDF
and a 自评报告), follow 批次进度 until both units' reviews are done, open unit 1's review: its three files (and none of
unit 2's) are one review, the table-vs-prose ``inconsistent_values`` is there with both quotes, no ``not_reported``
comes from the table and the prose being reviewed apart, the source viewer draws the box on the PDF page where
pdfplumber has the table's value; a verdict with its comment is recorded by keyboard (Alt+1 while typing); unit 2 has
no ``inconsistent_values``; the dashboard counts each unit once.  Screenshots for the README go to
``docs/screenshots/`` (upload_zip.png, batch_progress.png, journey_review.png, journey_source.png), each taken once
the page shows what it illustrates."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import journey_units as ju
import pytest

from browser_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SHOTS,
    assert_box_drawn,
    require_browser,
    running_app,
    shown_image,
    visible_english,
)
from docreview import auth
from docreview.models import FLAG_ZH
from docreview.settings import Settings
from docreview.store import Workspace, jobs
from queue_procs import queue_env, worker

pytestmark = [pytest.mark.browser, pytest.mark.slow]

USER, PASSWORD = "审核员甲", "journey-password"
BATCH = "2024年度部门绩效自评复核"
WALL_S = 150  # the whole test, app and worker start included: the CI budget (< 90 s on an idle machine)


@dataclass
class Journey:
    url: str
    settings: Settings
    files: Path  # the folder the fixture files were written to: <unit>/<file> and the ZIP


@pytest.fixture
def journey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Journey]:
    require_browser()
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    settings = Settings(workspace=tmp_path / "ws")
    with Workspace(settings) as ws:
        ws.add_user(USER, role="reviewer", password=PASSWORD)
    files = tmp_path / "files"
    ju.build(files)
    with running_app(tmp_path, settings) as url:
        # the reviews run in a queue worker beside the app, as `docreview app` starts one (issue 14)
        consumer = worker(tmp_path, queue_env(settings.workspace), "journey-worker")
        try:
            yield Journey(url=url, settings=settings, files=files)
        finally:
            consumer.stop()


def _caption_with(page: object, text: str) -> str:
    """The text of the one caption of the page that contains ``text``."""
    from playwright.sync_api import expect

    found = page.get_by_test_id("stCaptionContainer").filter(has_text=text)  # type: ignore[attr-defined]
    expect(found.first).to_be_visible(timeout=30_000)
    texts = found.all_inner_texts()
    assert len(texts) == 1, texts
    return str(texts[0])


def _flag_rows(page: object) -> list[str]:
    """The rows of the review's flag table (every flag: no filter is set), as the grid's accessible table holds them
    (the grid itself is drawn on a canvas)."""
    from playwright.sync_api import expect

    grid = page.get_by_test_id("stDataFrame").first  # type: ignore[attr-defined]
    expect(grid).to_be_visible(timeout=30_000)
    rows = grid.locator("tbody tr")
    expect(rows.first).to_be_attached(timeout=30_000)
    return [str(r) for r in rows.evaluate_all("rows => rows.map(r => r.textContent)")]


def _open_unit(page: object, report_name: str) -> None:
    """On 批次进度, the 去审核 button of the finished review whose files include ``report_name``."""
    button = page.get_by_role("button", name="去审核")  # type: ignore[attr-defined]
    # the innermost block holding both the file name and a button: that review's bordered container
    box = page.get_by_test_id("stVerticalBlock").filter(has_text=report_name).filter(  # type: ignore[attr-defined]
        has=button).last
    box.get_by_role("button", name="去审核").click()


def _screenshot(page: object, path: Path, *, height: int) -> None:
    """The whole page, from its top: Streamlit scrolls inside its main area, so a tall viewport shows it all."""
    page.set_viewport_size({"width": 1440, "height": height})  # type: ignore[attr-defined]
    page.evaluate("""() => { document.activeElement && document.activeElement.blur();
        document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')
            .forEach(e => e.scrollTo(0, 0)); }""")  # type: ignore[attr-defined]
    page.wait_for_timeout(800)  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1440, "height": 1000})  # type: ignore[attr-defined]


def test_two_unit_zip_journey(journey: Journey) -> None:
    from playwright.sync_api import expect, sync_playwright

    started = time.monotonic()
    (unit1, _), (unit2, _) = ju.UNITS
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(journey.url)
            expect(page.get_by_label("用户名")).to_be_visible()
            page.get_by_label("用户名").fill(USER)
            page.get_by_label("密码", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="登录").click()

            # upload: one ZIP, a folder per unit; the page says which files form which review before submitting
            expect(page.get_by_role("heading", name="上传文件")).to_be_visible(timeout=60_000)
            page.get_by_text("ZIP 压缩包（每个单位一个文件夹）").click()
            picker = page.locator('input[type="file"]')
            expect(picker).to_have_count(1)
            picker.set_input_files(str(journey.files / ju.ZIP_NAME))
            expect(page.get_by_text("将形成 2 条审核记录")).to_be_visible(timeout=60_000)
            for unit, _ in ju.UNITS:
                plan = _caption_with(page, f"{unit.unit}：")
                assert plan == f"{unit.unit}：{unit.table}、{unit.report}（对照：{unit.target}）", plan
            page.get_by_label("新批次名称").fill(BATCH)
            expect(page.get_by_test_id("stDataFrame").or_(page.get_by_test_id("stDataFrameResizable")).first) \
                .to_be_visible()
            assert visible_english(page) == []
            SHOTS.mkdir(parents=True, exist_ok=True)
            _screenshot(page, SHOTS / "upload_zip.png", height=1400)
            # the 批次 picker's "新建批次" (its value None) once the page has rerun: not Streamlit's English placeholder
            batch_pick = page.get_by_role("combobox", name="批次", exact=True)
            assert batch_pick.evaluate("el => el.value || el.placeholder") == "新建批次"
            # the scoring profile by its Chinese name (the one the review page names), not its code name
            profile = str(page.get_by_role("combobox", name="评分方案", exact=True).input_value())
            assert profile != "default" and re.search(r"[\u4e00-\u9fff]", profile), profile
            assert visible_english(page) == []
            page.get_by_role("button", name="开始审核").click()
            expect(page.get_by_text("已提交 2 个审核任务", exact=False)).to_be_visible(timeout=30_000)

            # 批次进度 refreshes itself until both units are done (bounded wait)
            page.get_by_role("button", name="查看批次进度").click()
            expect(page.get_by_role("heading", name="批次进度")).to_be_visible(timeout=30_000)
            expect(page.get_by_text("2 / 2 个文件已结束")).to_be_visible(timeout=90_000)
            # the refreshing part reruns the whole page once everything has ended: one list of finished reviews
            expect(page.get_by_role("heading", name="已完成的审核")).to_have_count(1, timeout=30_000)
            expect(page.get_by_role("button", name="去审核")).to_have_count(2, timeout=30_000)
            expect(page.get_by_role("button", name="取消批次")).to_have_count(0)
            expect(page.get_by_text("规则计算总分", exact=False)).to_have_count(2)
            _screenshot(page, SHOTS / "batch_progress.png", height=1500)
            with Workspace(journey.settings) as ws:
                reviews = {r.unit_name: r for r in ws.list_reviews(user=None)}
                batch_id = next(iter(reviews.values())).batch_id
                progress = jobs.batch_progress(ws, batch_id, user=None)
            assert sorted(reviews) == sorted([unit1.unit, unit2.unit])  # one review per unit, not per file
            assert [j.state for j in progress.jobs] == ["done", "done"]
            r1, r2 = reviews[unit1.unit], reviews[unit2.unit]
            assert sorted(r1.report_files) == sorted([unit1.table, unit1.report]) and r1.policy_files == [unit1.target]

            # unit 1's review: its three files, none of unit 2's
            _open_unit(page, unit1.table)
            expect(page.get_by_role("heading", name="审核", exact=True)).to_be_visible(timeout=30_000)
            page.wait_for_url(re.compile(f"/review\\?review={r1.id}(&|$)"))
            files_line = _caption_with(page, "报告文件：")
            for name in unit1.names:
                assert name in files_line, files_line
            for name in unit2.names:
                assert name not in files_line, files_line
            assert unit1.unit in files_line and f"评分方案：{profile}" in files_line, files_line

            # the table-vs-prose inconsistency is found; nothing is "not reported" for want of the other file
            with Workspace(journey.settings) as ws:
                flags = ws.get_review(r1.id, user=None).flags
            rows = _flag_rows(page)
            assert len(rows) == len(flags)
            inconsistent = [r for r in rows if FLAG_ZH["inconsistent_values"] in r]
            assert len(inconsistent) == 1 and ju.INCONSISTENT in inconsistent[0], rows
            assert not [r for r in rows if FLAG_ZH["not_reported"] in r], rows
            flag = next(f for f in flags if f.flag.type == "inconsistent_values")
            number = [f.id for f in flags].index(flag.id) + 1
            selector = page.get_by_role("combobox", name="当前问题")
            for _ in range(number - 1):  # J moves to the next flag (the first open one is shown first)
                page.get_by_role("heading", name="审核", exact=True).click()
                page.keyboard.press("j")
                page.wait_for_timeout(700)
            expect(selector).to_have_value(re.compile(f"^#{number} .*{FLAG_ZH['inconsistent_values']}"))
            heading = page.get_by_role("heading", name=f"{FLAG_ZH['inconsistent_values']}：{ju.INCONSISTENT}")
            expect(heading).to_be_visible(timeout=30_000)
            page.wait_for_url(re.compile(f"/review\\?review={r1.id}&flag={flag.id}$"))
            table_ev = next(e for e in flag.flag.evidence if e.file == unit1.table)
            prose_ev = next(e for e in flag.flag.evidence if e.file == unit1.report)
            assert (table_ev.quote, prose_ev.quote) == (ju.TABLE_VALUE, ju.PROSE_VALUE)
            # both quotes in the evidence column, each marked; the prose one in its paragraph of the 自评报告 too
            report_side = page.locator(f".st-key-source_report_{flag.id}")
            for quote in (ju.TABLE_VALUE, ju.PROSE_VALUE):
                expect(page.locator("mark", has_text=quote).first).to_be_visible()
            expect(page.get_by_text(table_ev.where(), exact=False).first).to_be_visible()
            expect(page.get_by_text(prose_ev.where(), exact=False).first).to_be_visible()
            expect(report_side.locator(".docreview-source mark", has_text=ju.PROSE_VALUE)).to_be_visible()
            # the source viewer: the 自评表's PDF page with the row's value boxed where pdfplumber has it
            image = report_side.get_by_role("img", name=f"原件 {table_ev.where()}")
            expect(image).to_be_visible(timeout=60_000)
            shown = shown_image(page, image)
            for name in (unit1.table, unit1.report):
                expect(report_side.get_by_role("button", name=f"打开原件：{name}")).to_be_visible()
            assert visible_english(page) == []
            report_side.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            report_side.screenshot(path=str(SHOTS / "journey_source.png"))

            # a verdict with a comment, by keyboard: Alt+1 while typing saves the typed text with it
            typed = "表中860人次与报告890人次不一致，请单位说明以哪个为准"
            comment = page.get_by_label("审核意见", exact=True)
            comment.click()
            comment.press_sequentially(typed)
            page.keyboard.press("Alt+1")
            expect(page.get_by_text("已记录：确认（版本 1）", exact=False)).to_be_visible(timeout=30_000)
            with Workspace(journey.settings) as ws:
                saved = next(f for f in ws.get_review(r1.id, user=None).flags if f.id == flag.id).verdict
            assert saved is not None and (saved.decision, saved.comment, saved.user) == ("confirmed", typed, USER)
            # the page went on to the next open flag; K (outside the comment) goes back to the decided one
            expect(selector).to_have_value(re.compile(f"^#{number % len(flags) + 1} .*待审核$"))
            page.get_by_role("heading", name="审核", exact=True).click()
            page.keyboard.press("k")
            expect(selector).to_have_value(re.compile(f"^#{number} .*{FLAG_ZH['inconsistent_values']}.*确认$"))
            expect(page.get_by_text(f"当前：确认 — {USER}", exact=False)).to_be_visible()
            kept = page.get_by_label("审核意见", exact=True)
            expect(kept).to_have_count(1, timeout=30_000)  # the other flag's form is gone once the run is over
            expect(kept).to_have_value(typed)
            expect(report_side.get_by_role("img", name=f"原件 {table_ev.where()}")).to_be_visible(timeout=30_000)
            _screenshot(page, SHOTS / "journey_review.png", height=2400)

            # unit 2 (consistent): its own files, no inconsistent_values
            page.get_by_role("link", name="批次进度").click()
            # the page settled (one list of finished reviews, both buttons) before a button is picked: while it
            # redraws, the list can briefly show twice and a click can land on the other unit's button
            expect(page.get_by_role("heading", name="已完成的审核")).to_have_count(1, timeout=30_000)
            expect(page.get_by_role("button", name="去审核")).to_have_count(2, timeout=30_000)
            page.wait_for_timeout(1000)
            expect(page.get_by_role("button", name="去审核")).to_have_count(2, timeout=30_000)
            _open_unit(page, unit2.table)
            page.wait_for_url(re.compile(f"/review\\?review={r2.id}(&|$)"), timeout=30_000)
            files_line = _caption_with(page, "报告文件：")
            assert all(n in files_line for n in unit2.names) and not any(n in files_line for n in unit1.names)
            rows = _flag_rows(page)
            assert rows and not [r for r in rows if FLAG_ZH["inconsistent_values"] in r], rows

            # the dashboard: two reviews, each unit once (one row of the heat map each)
            page.get_by_role("link", name="看板").click()
            expect(page.get_by_role("heading", name="各单位问题分布")).to_be_visible(timeout=30_000)
            expect(page.get_by_test_id("stMetric").filter(has_text="审核记录").get_by_test_id("stMetricValue")) \
                .to_have_text("2")
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
            rows = page.locator(".js-plotly-plot").first.locator(".ytick text").evaluate_all(
                "ticks => ticks.map(t => t.textContent)")
            assert sorted(rows) == sorted([unit1.unit, unit2.unit]), rows
            _screenshot(page, SHOTS / "journey_dashboard.png", height=1600)
            assert visible_english(page) == []
        except BaseException:  # what the page showed, for the CI log's reader
            with contextlib.suppress(Exception):
                page.screenshot(path=str(journey.files.parent / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()

    assert_box_drawn(shown, journey.files / unit1.unit / unit1.table, table_ev)
    with Workspace(journey.settings) as ws:
        board = ws.dashboard(None, user=None)
    assert board.reviews == 2 and sorted(board.units) == sorted([unit1.unit, unit2.unit])
    assert board.verdicts.get("confirmed", 0) == 1
    elapsed = time.monotonic() - started
    print(f"\njourney: {elapsed:.1f} s in the browser")
    assert elapsed < WALL_S
