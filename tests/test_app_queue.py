"""The app's side of the review queue (issue 14) under ``AppTest``: the upload page queues and returns, the
批次进度 page follows a real ``docreview worker`` process, failed files are retried and batches cancelled with
its buttons."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from docreview import auth
from docreview.settings import Settings
from docreview.store import Workspace, jobs
from queue_procs import queue_env, run_queued, wait_for, worker

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app" / "main.py")
sys.path.insert(0, str(ROOT / "app"))
import shell as ui  # noqa: E402  (the app's shell module, from app/)

SAMPLES = ROOT / "samples"
PAGE = {name: str(path) for name, (path, _, _) in ui.PAGES.items()}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.delenv("DOCREVIEW_QUEUE_URL", raising=False)
    monkeypatch.setenv("DOCREVIEW_RETRIEVAL_MODE", "bm25")
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    w = Workspace(Settings())
    w.add_user("alice", role="admin", password="alice-password")
    yield w
    w.close()
    ui._open_workspace.clear()


def sign_in() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="signin_name").input("alice")
    at.text_input(key="signin_password").input("alice-password")
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str):  # noqa: ANN202 — AppTest widget
    return next(b for b in at.button if b.label == label)


def _upload(at: AppTest, files: list[tuple[str, bytes, str]], batch: str) -> None:
    # after a submission the page's file pickers are new ones ("report_files~1" …): the form starts empty
    next(u for u in at.file_uploader if u.key.split("~")[0] == "report_files").set_value(files).run()
    at.text_input(key="batch_name").input(batch)
    _button(at, "开始审核").click().run()
    assert not at.exception, at.exception


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.slow
def test_upload_returns_at_once_and_the_batch_page_follows_a_real_worker(ws: Workspace, tmp_path: Path) -> None:
    at = sign_in()
    files = [("白石自评表.xlsx", (ROOT / "corpus" / "k08_baishi_jineng" / "report.xlsx").read_bytes(), XLSX),
             ("report_自评表.pdf", (SAMPLES / "report_自评表.pdf").read_bytes(), "application/pdf")]
    t0 = time.perf_counter()
    _upload(at, files, "后台批次")
    took = time.perf_counter() - t0
    # no worker runs yet: the page stored the files, queued two jobs and returned
    (batch,) = ws.list_batches(user="alice")
    progress = jobs.batch_progress(ws, batch.id)
    assert [j.state for j in progress.jobs] == ["queued", "queued"] and ws.list_reviews(user="alice") == []
    assert took < 30 and any("正在后台审核" in s.value for s in at.success)

    # leave for another page; a worker starts meanwhile (the app's own, or one on another machine)
    at.switch_page(PAGE["dashboard"]).run()
    w = worker(tmp_path, queue_env(ws.settings.workspace, DOCREVIEW_QUEUE_STAGE_SLEEP_S="0.3"))
    try:
        wait_for(lambda: jobs.batch_progress(ws, batch.id).counts["running"], what="a review running", logs=[w])
        at.switch_page(PAGE["batches"]).run()  # coming back: the batch is being worked on
        assert not at.exception, at.exception
        assert at.selectbox(key="batch_pick").value == batch.id
        assert _metrics(at)["审核中"] == "1" and any("自动刷新" in c.value for c in at.caption)
        table = at.dataframe[0].value
        assert "审核中" in list(table["状态"]) and any(str(p) for p in table["进度"])
        wait_for(lambda: jobs.batch_progress(ws, batch.id).finished, timeout=60, what="the batch", logs=[w])
    finally:
        w.stop()
    at.run()
    assert not at.exception, at.exception
    assert _metrics(at)["已完成"] == "2" and not any("自动刷新" in c.value for c in at.caption)
    done = [m.value for m in at.markdown if "规则计算总分" in m.value]
    assert len(done) == 2 and "白石自评表" in done[0]
    _button(at, "去审核").click().run()
    first = jobs.batch_progress(ws, batch.id).jobs[0]
    assert at.session_state[ui.REVIEW_KEY] == first.review_id
    assert at.metric[0].label == "规则计算总分"


def test_the_batch_page_retries_a_failed_file_and_cancels_a_batch(ws: Workspace) -> None:
    at = sign_in()
    _upload(at, [("broken.pdf", b"%PDF-1.4 this is not a pdf", "application/pdf"),
                 ("坏_表[1](x).xlsx", b"PK\x03\x04 not a zip", XLSX)], "失败批次")
    assert run_queued(ws.settings) == ["failed", "failed"]
    _button(at, "查看批次进度").click().run()
    assert not at.exception, at.exception
    assert _metrics(at)["失败"] == "2"
    assert any("文件已损坏或不完整" in e.value and "broken" in e.value for e in at.error)
    assert any(ui.markdown_text("坏_表[1](x).xlsx") in m.value for m in at.markdown)  # escaped: no link
    broken = jobs.batch_progress(ws, jobs.batch_progress(ws, at.selectbox(key="batch_pick").value).batch.id).jobs[0]
    at.button(key=f"retry_{broken.id}").click().run()
    assert not at.exception, at.exception
    again = jobs.get_job(ws, broken.id)
    assert again.state == "queued" and again.attempts == 0
    assert any(ui.markdown_text(f"任务 #{broken.id} 已重新排队") in i.value for i in at.info)
    assert _metrics(at)["排队中"] == "1" and _metrics(at)["失败"] == "1"

    # a second batch, no worker: cancelled from the page before any review starts
    at.switch_page(PAGE["upload"]).run()
    _upload(at, [("白石自评表.xlsx", (ROOT / "corpus" / "k08_baishi_jineng" / "report.xlsx").read_bytes(), XLSX)],
            "取消批次")
    _button(at, "查看批次进度").click().run()
    second = at.selectbox(key="batch_pick").value
    _button(at, "取消批次").click().run()  # a button of the polling fragment: AppTest reruns the fragment alone …
    assert not at.exception, at.exception
    assert [j.state for j in jobs.batch_progress(ws, second).jobs] == ["cancelled"]
    at.switch_page(PAGE["batches"]).run()  # … which asked for the whole page (st.rerun; AppTest forgets the page)
    assert at.selectbox(key="batch_pick").value == second
    assert _metrics(at)["已取消"] == "1" and not any("自动刷新" in c.value for c in at.caption)
    run_queued(ws.settings)  # the cancelled job's task is skipped; the retried one fails again
    assert jobs.batch_progress(ws, second).jobs[0].review_id is None
