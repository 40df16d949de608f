"""Faults the review queue must survive, each with real consumer processes (``docreview worker``, ``docreview
app``) started here, a real SQLite or PostgreSQL store and a real Redis server (issue 14).

Reviews are slowed down by the test hook ``DOCREVIEW_QUEUE_STAGE_SLEEP_S`` (a pause at the start of every
pipeline stage), so that a worker can be stopped in the middle of one deterministically; leases of 1.5 s and a
reaper every second keep the recoveries short.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docreview import auth
from docreview.errors import StoreError
from docreview.queue import submit_units
from docreview.settings import QueueSettings, Settings, StoreSettings
from docreview.store import Workspace, jobs
from docreview.store.jobs import ReviewUnit, UnitFile
from docreview.store.models import AuditLog, ReviewRow
from queue_procs import Proc, queue_env, wait_for, worker

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REPORTS = [ROOT / "corpus" / "h01_rural_roads" / "report.xlsx", ROOT / "corpus" / "h07_vaccination" / "report.xlsx",
           ROOT / "corpus" / "i01_retail_growth" / "report.xlsx", ROOT / "corpus" / "k08_baishi_jineng" / "report.xlsx",
           SAMPLES / "report_自评表.pdf"]

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


def _settings(workspace: Path, database_url: str | None = None, queue_url: str | None = None,
              queue_name: str = "docreview") -> Settings:
    url = database_url or f"sqlite:///{(workspace / 'docreview.db').resolve()}"
    return Settings(workspace=workspace, store=StoreSettings(database_url=url),
                    queue=QueueSettings(url=queue_url, name=queue_name))


def _submit(ws: Workspace, reports: list[Path], *, name: str = "故障批次", policy: Path | None = None,
            extra: list[tuple[str, bytes]] = ()) -> tuple[int, list[jobs.JobRecord]]:  # type: ignore[assignment]
    """A batch with one job per report (as the upload page makes it), queued."""
    batch = ws.create_batch(name, user=None)
    policy_files = []
    if policy is not None:
        policy_files = [UnitFile(sha256=ws.store_document(policy.read_bytes(), policy.name, user=None), role="policy",
                                 filename=policy.name)]
    files = [(f"{p.parent.name}_{p.name}", p.read_bytes()) for p in reports] + list(extra)
    units = [ReviewUnit(files=[*policy_files, UnitFile(sha256=ws.store_document(data, name_, user=None),
                                                       role="report", filename=name_)], unit_name=name_)
             for name_, data in files]
    out = submit_units(ws, batch.id, units, user=None)
    assert out.queue_error is None
    return batch.id, out.jobs


def _progress(ws: Workspace, batch_id: int) -> jobs.BatchProgress | None:
    try:
        return jobs.batch_progress(ws, batch_id)
    except StoreError:  # the database being restarted
        return None


def _finished(ws: Workspace, batch_id: int) -> bool:
    p = _progress(ws, batch_id)
    return p is not None and p.finished


def _review_versions(ws: Workspace, batch_id: int) -> list[int]:
    """The version numbers of the batch's reviews: one review per document set means all 1."""
    with ws.engine.connect() as c:
        return list(c.execute(select(ReviewRow.version).where(ReviewRow.batch_id == batch_id)).scalars())


def _saved_reviews_audited(ws: Workspace) -> int:
    with ws.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == "review", AuditLog.action == "create")).scalar_one())


def test_a_worker_killed_mid_review_leaves_nothing_half_written_and_the_job_is_retried(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "ws")
    env = queue_env(settings.workspace, DOCREVIEW_QUEUE_STAGE_SLEEP_S="0.2")
    with Workspace(settings) as ws:
        batch_id, (job,) = _submit(ws, [SAMPLES / "report_自评表.pdf"], policy=SAMPLES / "policy_目标表.docx")
        a = worker(tmp_path, env, "a")
        try:
            running = wait_for(lambda: (j := jobs.get_job(ws, job.id)).stage in ("match", "score") and j,
                               what="the review in its match stage", logs=[a])
            assert running.state == "running" and running.worker and running.attempts == 1
            a.kill9()  # the worker machine dies in the middle of the review
        finally:
            a.stop()
        assert _review_versions(ws, batch_id) == [] and _saved_reviews_audited(ws) == 0  # nothing half-written
        assert jobs.get_job(ws, job.id).state == "running"  # until its lease runs out

        b = worker(tmp_path, env, "b")
        try:
            wait_for(lambda: _finished(ws, batch_id), timeout=60, what="the job retried on worker b", logs=[b])
        finally:
            b.stop()
        done = jobs.get_job(ws, job.id)
        assert done.state == "done" and done.attempts == 2 and done.review_id is not None
        assert done.worker is not None and done.worker != running.worker
        assert _review_versions(ws, batch_id) == [1] and _saved_reviews_audited(ws) == 1
        assert "queued again" in b.output() or "reaper" in b.output()


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").read_text(encoding="ascii").split(")")[-1].split()[0] == "Z"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _app(tmp_path: Path, env: dict[str, str], name: str) -> tuple[Proc, int]:
    port = _free_port()
    app_env = {**env, "STREAMLIT_SERVER_HEADLESS": "true", "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
               "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    return Proc(["app", "--port", str(port)], app_env, tmp_path / f"{name}.log"), port


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def test_the_app_killed_while_a_batch_runs_the_batch_finishes_after_restart(tmp_path: Path) -> None:
    """``docreview app`` runs the reviews in a worker process beside Streamlit: killing the app (-9) stops that
    worker, which puts the review it was running back in the queue at once (SIGNAL_INTERRUPTED), not after its
    lease (60 s here); the restarted app's worker finishes the batch."""
    settings = _settings(tmp_path / "ws")
    env = queue_env(settings.workspace, DOCREVIEW_QUEUE_STAGE_SLEEP_S="0.2", DOCREVIEW_QUEUE_LEASE_S="60")
    with Workspace(settings) as ws:
        app, port = _app(tmp_path, env, "app1")
        try:
            wait_for(lambda: _healthy(port), timeout=60, what="the app", logs=[app])
            consumer = wait_for(lambda: next((c for c in _children(app.pid) if " worker " in _cmdline(c)), None),
                                what="the app's worker", logs=[app])
            batch_id, submitted = _submit(ws, REPORTS[:2])
            first = wait_for(lambda: (j := jobs.get_job(ws, submitted[0].id)).stage in ("extract", "index") and j,
                             what="the first review running", logs=[app])
            assert first.state == "running"
            app.kill9(group=False)  # the app process alone: its worker must notice and stop
            wait_for(lambda: not _alive(consumer), timeout=20, what="the app's worker to stop", logs=[app])
            back = jobs.get_job(ws, first.id)
            assert back.state == "queued" and back.worker is None  # given back, not left to its 60 s lease
            assert _review_versions(ws, batch_id) == []
        finally:
            app.stop()  # the orphaned Streamlit server

        app2, port2 = _app(tmp_path, env, "app2")
        try:
            wait_for(lambda: _finished(ws, batch_id), timeout=90, what="the batch after the restart", logs=[app2])
            assert wait_for(lambda: _healthy(port2), timeout=60, what="the restarted app", logs=[app2])
        finally:
            app2.stop()
        progress = jobs.batch_progress(ws, batch_id)
        assert [j.state for j in progress.jobs] == ["done"] * 2
        assert sorted(_review_versions(ws, batch_id)) == [1, 1]
        assert "interrupted, queued again" in app.output()


def test_redis_restarted_empty_mid_batch_the_tasks_resume_without_duplicates(tmp_path: Path, own_redis, pg_url: str
                                                                              ) -> None:
    """Several machines: the queue in Redis, the store in PostgreSQL.  Redis is stopped and started again
    without its data in the middle of a batch: the running review finishes, the lost tasks are queued again by
    the reaper, and every document is reviewed exactly once."""
    name = f"t{uuid.uuid4().hex[:8]}"
    settings = _settings(tmp_path / "ws", pg_url, own_redis.url, name)
    env = queue_env(settings.workspace, DOCREVIEW_DATABASE_URL=pg_url, DOCREVIEW_QUEUE_URL=own_redis.url,
                    DOCREVIEW_QUEUE_NAME=name, DOCREVIEW_QUEUE_STAGE_SLEEP_S="0.2")
    with Workspace(settings) as ws:
        w = worker(tmp_path, env, "redis-worker")
        try:
            batch_id, submitted = _submit(ws, REPORTS[:3])
            wait_for(lambda: jobs.get_job(ws, submitted[0].id).state == "running", what="the first review", logs=[w])
            own_redis.halt()  # the queued tasks are gone with it
            time.sleep(1.0)
            own_redis.resume()
            wait_for(lambda: _finished(ws, batch_id), timeout=90, what="the batch after the Redis restart", logs=[w])
        finally:
            w.stop()
        progress = jobs.batch_progress(ws, batch_id)
        assert [j.state for j in progress.jobs] == ["done"] * 3
        assert sorted(_review_versions(ws, batch_id)) == [1, 1, 1]
        assert "reaper: queued again" in w.output()


def test_postgresql_restarted_mid_batch_the_reviews_resume_without_duplicates(tmp_path: Path, own_pg, redis_server
                                                                               ) -> None:
    name = f"t{uuid.uuid4().hex[:8]}"
    settings = _settings(tmp_path / "ws", own_pg.url, redis_server.url, name)
    env = queue_env(settings.workspace, DOCREVIEW_DATABASE_URL=own_pg.url, DOCREVIEW_QUEUE_URL=redis_server.url,
                    DOCREVIEW_QUEUE_NAME=name, DOCREVIEW_QUEUE_STAGE_SLEEP_S="0.2")
    with Workspace(settings) as ws:
        w = worker(tmp_path, env, "pg-worker")
        try:
            batch_id, submitted = _submit(ws, REPORTS[:2])
            wait_for(lambda: (j := _progress(ws, batch_id)) and j.jobs[0].stage in ("extract", "index", "match"),
                     what="the first review", logs=[w])
            own_pg.halt()  # longer than the store's own reconnect attempts (about 2 s)
            time.sleep(3.0)
            own_pg.resume()
            wait_for(lambda: _finished(ws, batch_id), timeout=90, what="the batch after the PostgreSQL restart",
                     logs=[w])
        finally:
            w.stop()
        progress = jobs.batch_progress(ws, batch_id)
        assert [j.state for j in progress.jobs] == ["done"] * 2, [(j.state, j.error) for j in progress.jobs]
        assert sorted(_review_versions(ws, batch_id)) == [1, 1]
        assert _saved_reviews_audited(ws) == 2
        assert "the database is unavailable" in w.output()  # the worker met the outage mid-review


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docreview.cli", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_a_broken_document_fails_alone_and_batches_are_retried_and_cancelled_from_the_cli(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "ws")
    env = queue_env(settings.workspace, DOCREVIEW_QUEUE_STAGE_SLEEP_S="0.3")  # longer than a CLI call takes to start
    with Workspace(settings) as ws:
        w = worker(tmp_path, env, "cli-worker")
        try:
            batch_id, submitted = _submit(ws, [REPORTS[0], REPORTS[4]], extra=[
                ("损坏的自评表.pdf", b"%PDF-1.4 \x00\x01 this is not a pdf")])
            wait_for(lambda: _finished(ws, batch_id), timeout=60, what="the first batch", logs=[w])
            good, pdf, broken = jobs.batch_progress(ws, batch_id).jobs
            assert (good.state, pdf.state, broken.state) == ("done", "done", "failed")
            assert broken.error is not None and "损坏的自评表.pdf" in broken.error and "文件已损坏或不完整" in broken.error
            status = _cli("batch", "status", str(batch_id), env=env)
            assert status.returncode == 0 and "已完成 2，失败 1" in status.stdout
            as_json = _cli("batch", "status", str(batch_id), "--json", env=env)
            listed = json.loads(as_json.stdout)["jobs"]
            assert [j["state"] for j in listed] == ["done", "done", "failed"] and "文件已损坏" in listed[2]["error"]

            retried = _cli("batch", "retry", str(broken.id), env=env)  # the failed file alone
            assert retried.returncode == 0, retried.stderr
            wait_for(lambda: jobs.get_job(ws, broken.id).state == "failed" and jobs.get_job(ws, broken.id).finished
                     and jobs.get_job(ws, broken.id).finished > broken.finished, what="the retried job", logs=[w])
            assert [j.state for j in jobs.batch_progress(ws, batch_id).jobs] == ["done", "done", "failed"]
            assert sorted(_review_versions(ws, batch_id)) == [1, 1]

            # cancelling: the running review stops at its next stage boundary, the queued ones never start
            second, jobs2 = _submit(ws, REPORTS[1:4], name="取消的批次")
            wait_for(lambda: jobs.get_job(ws, jobs2[0].id).state == "running", what="the second batch", logs=[w])
            cancelled = _cli("batch", "cancel", str(second), env=env)
            assert cancelled.returncode == 0, cancelled.stderr
            wait_for(lambda: _finished(ws, second), timeout=30, what="the cancellation", logs=[w])
            assert [j.state for j in jobs.batch_progress(ws, second).jobs] == ["cancelled"] * 3
            assert _review_versions(ws, second) == []
            retried = _cli("batch", "retry", str(jobs2[2].id), env=env)
            assert retried.returncode == 0, retried.stderr
            wait_for(lambda: jobs.get_job(ws, jobs2[2].id).state == "done", what="the retried job", logs=[w])
        finally:
            w.stop()
        assert _review_versions(ws, second) == [1]
