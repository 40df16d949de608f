"""Store writes raced from several real processes (each with its own ``Workspace`` and connections, as app
servers and queue workers are), released together by a barrier just before the racing call.

The processes are forked: spawning 8 interpreters that import the store takes seconds on a busy machine.
A forked child opens its own engine and ends with ``os._exit`` (multiprocessing's), so it never touches or
closes the connections it inherited from the test process."""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docreview.errors import DocReviewError
from docreview.settings import Settings, StoreSettings
from docreview.store import Workspace
from docreview.store.intake import Upload, review_uploads
from store_samples import make_review

Wait = Callable[[], None]


def run_processes(target: Callable[..., Any], jobs: list[tuple[Any, ...]], *, workspace: Path, database_url: str,
                  timeout: float = 60.0) -> list[Any]:
    """Run ``target(ws, wait, *job)`` in one process per job; every process calls ``wait()`` right
    before its racing write.  Returns each job's return value, or ``("error", class name, message)``."""
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(jobs))
    results = ctx.Queue()
    procs = [ctx.Process(target=_child, args=(n, target, job, str(workspace), database_url, barrier, results))
             for n, job in enumerate(jobs)]
    for p in procs:
        p.start()
    out: dict[int, Any] = {}
    try:
        for _ in jobs:
            n, value = results.get(timeout=timeout)
            out[n] = value
    except queue.Empty:
        pass
    for p in procs:
        p.join(10)
        if p.is_alive():
            p.kill()
            p.join()
    assert len(out) == len(jobs), f"only {len(out)} of {len(jobs)} processes reported: {out}"
    return [out[n] for n in range(len(jobs))]


def _child(n: int, target: Callable[..., Any], job: tuple[Any, ...], workspace: str, database_url: str,
           barrier: Any, results: Any) -> None:
    settings = Settings(workspace=Path(workspace), store=StoreSettings(database_url=database_url))
    try:
        with Workspace(settings, migrate=False) as ws:
            with ws.engine.connect() as conn:  # connected before the start
                conn.exec_driver_sql("SELECT 1")
            value = target(ws, lambda: barrier.wait(30), *job)
    except DocReviewError as e:
        value = ("error", type(e).__name__, e.message)
    except Exception as e:  # noqa: BLE001 — reported to the test, which shows it
        value = ("error", type(e).__name__, str(e))
    results.put((n, value))


# ---------------------------------------------------------------------- the racing writes


def _review(policy_paths: list[Path], report_paths: list[Path], **_: Any) -> Any:
    return make_review()


def upload(ws: Workspace, wait: Wait, policy: bytes, report: bytes, report_name: str, batch_id: int | None,
           times: int = 1) -> list[dict[str, Any]]:
    """The upload page's call (``review_uploads``) ``times`` times: the same policy, this process's report."""
    outcomes = []
    wait()
    for _ in range(times):
        outcome = review_uploads(
            ws, policies=[Upload(filename="policy_目标表.docx", data=policy)],
            reports=[Upload(filename=report_name, data=report)], batch_name=f"批次 {report_name}",
            batch_id=batch_id, user="alice", review_fn=_review)
        outcomes.append({"errors": [e.message for e in outcome.errors],
                         "reviews": [(r.id, r.version, r.policy_files, r.report_files) for r in outcome.reviews]})
    return outcomes


def first_verdict(ws: Workspace, wait: Wait, flag_id: int, user: str) -> str:
    """Set the first verdict on a flag (the reviewer saw none: expected version 0)."""
    wait()
    ws.set_verdict(flag_id, "确认", f"{user} 的意见", user=user, expected_version=0)
    return "ok"


def migrate(ws: Workspace, wait: Wait) -> str:
    """Open an empty database and bring it to the newest schema, as every process does at start: several
    queue workers and app servers starting together race on the first migration."""
    wait()
    ws.migrate()
    with ws.engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar())
