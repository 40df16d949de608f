"""The review queue's job store and task code, in this process (real SQLite and PostgreSQL stores, a real
SqliteHuey queue whose tasks are taken and executed by Huey here).  The consumer processes and the faults
they must survive are in ``test_queue_faults.py``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docreview import auth
from docreview.errors import ConflictError
from docreview.queue import queue_for, reap, retry, submit_units, submit_uploads
from docreview.queue.runner import close_workspaces, run_job, workspace_for
from docreview.settings import QueueSettings, Settings, StoreSettings
from docreview.store import Workspace, jobs
from docreview.store.intake import Upload
from docreview.store.jobs import JobLost, ReviewUnit, UnitFile
from docreview.store.models import Blob, Job, ReviewRow
from queue_procs import run_queued
from store_samples import make_review

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    url = f"sqlite:///{tmp_path / 'docreview.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    base = Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url),
                    queue=QueueSettings(lease_s=30, max_attempts=2))
    yield base.model_copy(update={"retrieval": base.retrieval.model_copy(update={"mode": "bm25"})})
    close_workspaces()


@pytest.fixture
def ws(settings: Settings) -> Iterator[Workspace]:
    w = Workspace(settings)
    w.add_user("alice", role="admin", password="alice-password")
    yield w
    w.close()


def _unit(ws: Workspace, report: bytes, name: str = "report_自评表.xlsx") -> ReviewUnit:
    sha = ws.store_document(report, name, user="alice")
    return ReviewUnit(files=[UnitFile(sha256=sha, role="report", filename=name)], unit_name="某县交通运输局")


def _reviews(ws: Workspace) -> int:
    with ws.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(ReviewRow)).scalar_one())


def test_a_job_saves_its_review_once_whoever_runs_it(ws: Workspace) -> None:
    batch = ws.create_batch("队列批次", user="alice")
    unit = _unit(ws, b"report one")
    first = submit_units(ws, batch.id, [unit], user="alice")
    again = submit_units(ws, batch.id, [unit], user="alice")  # submitted twice while pending: one job
    assert [j.id for j in again.jobs] == [j.id for j in first.jobs] and first.queue_error is None
    job = first.jobs[0]
    assert (job.state, job.attempts, job.engine, job.created_by) == ("queued", 0, jobs.ENGINE_VERSION, "alice")
    assert len(job.key) == 64 and job.key != jobs.job_key(batch.id, unit, profile="hubei")

    claimed = jobs.claim(ws, job.id, job.key, worker="w1", lease_s=30)
    assert claimed is not None and claimed.state == "running" and claimed.attempts == 1
    assert jobs.claim(ws, job.id, job.key, worker="w2", lease_s=30) is None  # a live lease is w1's
    assert jobs.claim(ws, job.id, "0" * 64, worker="w1", lease_s=30) is None  # a task for another job
    assert jobs.report_progress(ws, job.id, worker="w1", stage="match", done=3, total=7) == "ok"
    assert jobs.report_progress(ws, job.id, worker="w2", stage="match", done=3, total=7) == "lost"
    assert (jobs.get_job(ws, job.id).stage, jobs.get_job(ws, job.id).done) == ("match", 3)

    docs = [(unit.files[0].sha256, "report", unit.files[0].filename)]
    rec = jobs.finish(ws, claimed, worker="w1", review=make_review(), documents=docs, notes=["文件类型：绩效自评"])
    done = jobs.get_job(ws, job.id)
    assert (done.state, done.review_id, done.notes, done.lease_until) == ("done", rec.id, ["文件类型：绩效自评"], None)
    # the same task again (Huey may deliver it twice): nothing more is written
    with pytest.raises(JobLost):
        jobs.finish(ws, claimed, worker="w1", review=make_review(), documents=docs)
    assert jobs.claim(ws, job.id, job.key, worker="w1", lease_s=30) is None
    assert _reviews(ws) == 1

    # uploading the same files again after the job ended: a new job, and a second version of the review
    later = submit_units(ws, batch.id, [unit], user="alice").jobs[0]
    assert later.id != job.id and later.key == jobs.job_key(batch.id, unit, profile="default", round=1)
    claimed2 = jobs.claim(ws, later.id, later.key, worker="w1", lease_s=30)
    assert claimed2 is not None
    rec2 = jobs.finish(ws, claimed2, worker="w1", review=make_review(), documents=docs)
    assert rec2.summary.version == 2 and _reviews(ws) == 2


def test_a_worker_whose_lease_ran_out_cannot_save(ws: Workspace, settings: Settings) -> None:
    batch = ws.create_batch("租约", user="alice")
    unit = _unit(ws, b"report lease")
    job = submit_units(ws, batch.id, [unit], user="alice").jobs[0]
    dead = jobs.claim(ws, job.id, job.key, worker="dead", lease_s=0.3)
    assert dead is not None
    assert jobs.reap(ws, max_attempts=3).requeued == []  # the lease is still running
    time.sleep(0.5)
    assert jobs.heartbeat(ws, job.id, worker="dead", lease_s=30) == "ok"  # a late heartbeat renews it …
    time.sleep(0.05)
    assert jobs.reap(ws, max_attempts=3).requeued == []
    dead = jobs.claim(ws, job.id, job.key, worker="dead", lease_s=0.3)  # … a worker re-claims its own job
    assert dead is not None and dead.attempts == 2
    time.sleep(0.5)
    assert jobs.reap(ws, max_attempts=3).requeued == [(job.id, job.key)]
    alive = jobs.claim(ws, job.id, job.key, worker="alive", lease_s=30)
    assert alive is not None and alive.attempts == 3
    docs = [(unit.files[0].sha256, "report", unit.files[0].filename)]
    with pytest.raises(JobLost):  # the dead worker came back: its review is rolled back
        jobs.finish(ws, dead, worker="dead", review=make_review(), documents=docs)
    assert _reviews(ws) == 0
    assert jobs.heartbeat(ws, job.id, worker="dead", lease_s=30) == "lost"
    jobs.finish(ws, alive, worker="alive", review=make_review(), documents=docs)
    assert _reviews(ws) == 1 and jobs.get_job(ws, job.id).state == "done"

    # a job whose worker keeps dying is failed after max_attempts runs, with the reason
    other = submit_units(ws, batch.id, [_unit(ws, b"report dies")], user="alice").jobs[0]
    for _ in range(2):
        assert jobs.claim(ws, other.id, other.key, worker="crasher", lease_s=0.05) is not None
        time.sleep(0.1)
        jobs.reap(ws, max_attempts=2)
    failed = jobs.get_job(ws, other.id)
    assert failed.state == "failed" and "停止了 2 次" in (failed.error or "")


def test_cancel_a_batch_and_retry_one_job(ws: Workspace) -> None:
    batch = ws.create_batch("取消", user="alice")
    units = [_unit(ws, f"report {n}".encode(), f"r{n}.xlsx") for n in range(3)]
    a, b, c = submit_units(ws, batch.id, units, user="alice").jobs
    assert jobs.claim(ws, a.id, a.key, worker="w", lease_s=30) is not None
    assert jobs.cancel_batch(ws, batch.id, user="alice") == {"cancelled": 2, "stopping": 1}
    progress = jobs.batch_progress(ws, batch.id, user="alice")
    assert [j.state for j in progress.jobs] == ["running", "cancelled", "cancelled"]
    assert progress.jobs[0].state_zh == "正在取消" and not progress.finished
    assert jobs.claim(ws, b.id, b.key, worker="w", lease_s=30) is None  # a cancelled job's task is skipped
    assert jobs.heartbeat(ws, a.id, worker="w", lease_s=30) == "cancel"
    assert jobs.report_progress(ws, a.id, worker="w", stage="score", done=1, total=1) == "cancel"
    assert jobs.cancelled(ws, a.id, worker="w")
    assert jobs.batch_progress(ws, batch.id, user="alice").finished
    assert [e.action for e in ws.audit_for("batch", batch.id, user="alice")][-1] == "cancel"

    again = retry(ws, c.id, user="alice")
    assert again.jobs[0].state == "queued" and again.jobs[0].attempts == 0 and again.queue_error is None
    assert queue_for(ws.settings).pending_jobs() >= {c.id}
    assert jobs.batch_counts(ws, user="alice")[batch.id] == {"queued": 1, "running": 0, "done": 0, "failed": 0,
                                                             "cancelled": 2}
    with pytest.raises(ConflictError, match="只有失败或已取消的任务可以重试"):
        retry(ws, c.id, user="alice")


def test_the_reaper_queues_jobs_whose_task_was_lost(ws: Workspace, settings: Settings) -> None:
    batch = ws.create_batch("丢失", user="alice")
    job = submit_units(ws, batch.id, [_unit(ws, b"report lost")], user="alice").jobs[0]
    q = queue_for(settings)
    q.huey.flush()  # the queue lost its tasks (a Redis restarted empty)
    assert q.pending_jobs() == set()
    assert reap(q, workspace_for(settings))["requeued"] == []  # within the grace period: it may be in flight
    with ws.engine.begin() as c:  # as if it had been queued a minute ago
        c.execute(Job.__table__.update().values(enqueued=jobs.utcnow() - jobs.dt.timedelta(minutes=1)))
    assert reap(q, workspace_for(settings))["requeued"] == [job.id]
    assert q.pending_jobs() == {job.id}


def test_documents_are_in_the_database_on_postgresql_and_in_the_folder_on_sqlite(ws: Workspace) -> None:
    data = b"\x00\x01 original bytes \xff"
    sha = ws.store_document(data, "报告.xlsx", user="alice")
    with ws.engine.connect() as c:
        in_db = c.execute(select(Blob.data).where(Blob.sha256 == sha)).scalar()
    if ws.engine.dialect.name == "postgresql":  # a worker on another machine reads them from there
        assert in_db == data and not ws.blob_path(sha).exists()
    else:
        assert in_db is None and ws.blob_path(sha).read_bytes() == data
    assert ws.read_document(sha, user="alice") == data


def test_queued_reviews_run_through_huey_and_a_broken_file_fails_alone(ws: Workspace, settings: Settings) -> None:
    """The upload path: files stored, one job per report, tasks executed by Huey (here, not in a consumer)."""
    reports = [Upload(filename="report_自评表.pdf", data=(SAMPLES / "report_自评表.pdf").read_bytes()),
               Upload(filename="broken.pdf", data=b"%PDF-1.4 this is not a pdf"),
               Upload(filename="tool.exe", data=b"MZ")]
    policy = Upload(filename="policy_目标表.docx", data=(SAMPLES / "policy_目标表.docx").read_bytes())
    t0 = time.perf_counter()
    out = submit_uploads(ws, policies=[policy], reports=reports, batch_name="上传批次", unit_name="某县交通运输局",
                         user="alice")
    assert time.perf_counter() - t0 < 5  # nothing is reviewed here
    assert [e.filename for e in out.errors] == ["tool.exe"] and out.batch is not None
    assert [j.label for j in out.jobs] == ["report_自评表.pdf", "broken.pdf"] and _reviews(ws) == 0
    assert queue_for(settings).pending_jobs() == {j.id for j in out.jobs}

    assert sorted(run_queued(settings)) == ["done", "failed"]
    good, bad = jobs.batch_progress(ws, out.batch.id, user="alice").jobs
    assert good.state == "done" and good.review_id is not None and good.attempts == 1
    assert any(n.startswith("文件类型：") for n in good.notes)
    rec = ws.get_review(good.review_id, user="alice")
    assert rec.summary.report_files == ["report_自评表.pdf"] and rec.summary.policy_files == ["policy_目标表.docx"]
    assert rec.summary.created_by == "alice" and rec.summary.unit_name == "某县交通运输局" and rec.flags
    assert bad.state == "failed" and bad.review_id is None
    assert bad.error is not None and "broken.pdf" in bad.error and "文件已损坏或不完整" in bad.error
    # a finished job's task delivered again is skipped
    assert run_job(settings, good.id, good.key) == "skipped" and _reviews(ws) == 1


def test_jobs_follow_the_teams(ws: Workspace) -> None:
    """Submitting, retrying and cancelling take the right to upload into the batch's team; progress is seen by
    whoever may see the batch."""
    from docreview.errors import AccessError

    ws.add_team("甲科室")
    ws.add_team("乙科室")
    ws.add_user("bob", role="reviewer", password="bob-password-1", team="甲科室")
    ws.add_user("vic", role="viewer", password="vic-password-1", team="甲科室")
    ws.add_user("eve", role="reviewer", password="eve-password-1", team="乙科室")
    batch = ws.create_batch("甲的批次", user="bob")
    job = submit_units(ws, batch.id, [_unit(ws, b"report team")], user="bob").jobs[0]
    assert job.created_by == "bob"
    with pytest.raises(AccessError):
        submit_units(ws, batch.id, [_unit(ws, b"report viewer")], user="vic")
    with pytest.raises(AccessError):
        jobs.cancel_batch(ws, batch.id, user="vic")
    with pytest.raises(AccessError):
        jobs.batch_progress(ws, batch.id, user="eve")
    assert batch.id not in jobs.batch_counts(ws, user="eve")
    assert [j.id for j in jobs.batch_progress(ws, batch.id, user="vic").jobs] == [job.id]
    assert jobs.cancel_batch(ws, batch.id, user="bob") == {"cancelled": 1, "stopping": 0}
    with pytest.raises(AccessError):
        retry(ws, job.id, user="eve")
    assert retry(ws, job.id, user="bob").jobs[0].state == "queued"
