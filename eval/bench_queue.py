"""Benchmark of the review queue (issue 14): one batch of N varied documents reviewed by 1 and 2 consumer
processes, on SQLite (SqliteHuey + SQLite store) and on PostgreSQL + Redis (RedisHuey + PostgreSQL store).

Run: ``.venv/bin/python eval/bench_queue.py [--n 1000] [--consumers 1 2] [--modes sqlite pg]``; writes
``eval/reports/queue.md`` and ``eval/reports/queue.json``.  ``--n 100`` for a quick look.  Not a test.

The documents come from ``eval/gen_queue_docs.py`` (corpus reports with other figures and unit names).  Each
configuration gets a fresh workspace; PostgreSQL is a throwaway server (``scripts/pg_test_server.sh``, which
runs with fsync off: the store's write cost on a production server is higher) and Redis a throwaway
``redis-server``.  Consumers are ``docreview worker --workers 1`` processes with default settings (hybrid
retrieval with the bundled e5 model, no LLM).  Figures:

- documents per minute: N ÷ (last job finished − first job started);
- p50 / p95 seconds per document: a job's finished − started (claim to saved review, as a worker sees it);
- peak RSS per worker: the consumer process's VmHWM, and separately the largest of the processes it started
  (the parsing forkserver and its per-document children, sampled every 0.5 s: a child that lives 50 ms may be
  missed);
- store size afterwards: the SQLite files (store, queue) and blob folder, or the PostgreSQL database and the
  Redis memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
from gen_queue_docs import variant  # noqa: E402 — the committed generator of the batch

PG_SCRIPT = ROOT / "scripts" / "pg_test_server.sh"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        kids = []
        for task in Path(f"/proc/{p}/task").glob("*"):  # children of every thread (workers start the forkserver)
            try:
                kids += [int(x) for x in (task / "children").read_text(encoding="ascii").split()]
            except OSError:
                pass
        out += kids
        todo += kids
    return out


def _machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU jiffies of the whole machine since boot (/proc/stat)."""
    fields = [float(x) for x in Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def _cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and of the children it has reaped (utime + stime + cutime + cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        return sum(float(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


class Services:
    """PostgreSQL and Redis for the pg mode, started for one configuration and stopped after it."""

    def __init__(self, tmp: Path) -> None:
        out = subprocess.run([str(PG_SCRIPT), "start"], capture_output=True, text=True, timeout=120, check=True)
        values = dict(line.split("=", 1) for line in out.stdout.strip().splitlines())
        self.pg_dir = values["PGTEST_DIR"]
        self.pg_url = values["DOCREVIEW_TEST_PG_URL"]
        self.redis_port = _free_port()
        exe = shutil.which("redis-server")
        if exe is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        (tmp / "redis").mkdir()
        self.redis = subprocess.Popen([exe, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--dir",
                                       str(tmp / "redis"), "--save", "", "--appendonly", "no"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def redis_memory(self) -> int:
        import redis

        return int(redis.Redis.from_url(self.redis_url).info("memory")["used_memory"])

    def stop(self) -> None:
        self.redis.terminate()
        self.redis.wait(20)
        subprocess.run([str(PG_SCRIPT), "stop", self.pg_dir], timeout=120, check=False)


def run_config(n: int, consumers: int, mode: str, docs: list[tuple[str, bytes, str]]) -> dict[str, Any]:
    from docreview.queue import submit_units
    from docreview.settings import QueueSettings, Settings, StoreSettings
    from docreview.store import Workspace, jobs
    from docreview.store.jobs import ReviewUnit, UnitFile

    tmp = Path(tempfile.mkdtemp(prefix=f"bench-queue-{mode}-{consumers}-"))
    services = Services(tmp) if mode == "pg" else None
    workspace = tmp / "ws"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    env["DOCREVIEW_WORKSPACE"] = str(workspace)
    database_url = f"sqlite:///{(workspace / 'docreview.db').resolve()}"
    queue_url = None
    if services is not None:
        database_url, queue_url = services.pg_url, services.redis_url
        env.update({"DOCREVIEW_DATABASE_URL": database_url, "DOCREVIEW_QUEUE_URL": queue_url})
    settings = Settings(workspace=workspace, store=StoreSettings(database_url=database_url),
                        queue=QueueSettings(url=queue_url))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with Workspace(settings) as ws:
            t0 = time.perf_counter()
            batch = ws.create_batch(f"基准批次 {n}", user=None)
            units = [ReviewUnit(files=[UnitFile(sha256=ws.store_document(data, name, user=None), role="report",
                                                filename=name)], unit_name=unit) for name, data, unit in docs]
            submission = submit_units(ws, batch.id, units, user=None)
            submit_s = time.perf_counter() - t0
            assert submission.queue_error is None, submission.queue_error
            logs = [(tmp / f"worker{k}.log").open("wb") for k in range(consumers)]
            procs = [subprocess.Popen([sys.executable, "-m", "docreview.cli", "worker", "--workers", "1"], env=env,
                                      stdout=logs[k], stderr=subprocess.STDOUT, start_new_session=True)
                     for k in range(consumers)]
            peak_worker = dict.fromkeys(range(consumers), 0)
            peak_child = dict.fromkeys(range(consumers), 0)
            cpu: dict[int, float] = {}  # pid → CPU seconds, last reading (the worker and every process under it)
            machine0 = _machine_cpu()
            started = time.perf_counter()
            while True:
                for k, p in enumerate(procs):
                    peak_worker[k] = max(peak_worker[k], _status_kb(p.pid, "VmHWM"))
                    cpu[p.pid] = max(cpu.get(p.pid, 0.0), _cpu_seconds(p.pid))
                    for child in _descendants(p.pid):
                        peak_child[k] = max(peak_child[k], _status_kb(child, "VmHWM"))
                        cpu[child] = max(cpu.get(child, 0.0), _cpu_seconds(child))
                progress = jobs.batch_progress(ws, batch.id)
                if progress.finished:
                    break
                if any(p.poll() is not None for p in procs):
                    raise RuntimeError(f"a consumer exited; see {tmp}")
                if time.perf_counter() - started > 6 * 3600:
                    raise RuntimeError("over 6 hours")
                time.sleep(0.5)
            for k, p in enumerate(procs):
                peak_worker[k] = max(peak_worker[k], _status_kb(p.pid, "VmHWM"))
                for pid in [p.pid, *_descendants(p.pid)]:
                    cpu[pid] = max(cpu.get(pid, 0.0), _cpu_seconds(pid))
            machine1 = _machine_cpu()
            run_s = time.perf_counter() - started
            durations = sorted((j.finished - j.started).total_seconds() for j in progress.jobs
                               if j.finished and j.started and j.state == "done")
            first = min(j.started for j in progress.jobs if j.started)
            last = max(j.finished for j in progress.jobs if j.finished)
            wall = (last - first).total_seconds()
            states = progress.counts
            if services is not None:
                with ws.engine.connect() as c:
                    from sqlalchemy import text

                    store_bytes = int(c.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
                store = {"postgresql_database": store_bytes, "redis_used_memory": services.redis_memory()}
            else:
                store = {"docreview.db (+wal)": sum(_tree_size(p) for p in workspace.glob("docreview.db*")),
                         "queue.db (+wal)": sum(_tree_size(p) for p in workspace.glob("queue.db*")),
                         "blobs/": _tree_size(workspace / "blobs")}
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        if services is not None:
            services.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    q = statistics.quantiles(durations, n=20) if len(durations) >= 20 else [0.0] * 19
    return {
        "mode": mode, "consumers": consumers, "documents": n, "submit_seconds": round(submit_s, 1),
        "states": states, "wall_seconds": round(wall, 1), "documents_per_minute": round(n / wall * 60, 1),
        "p50_seconds": round(statistics.median(durations), 3), "p95_seconds": round(q[18], 3),
        "mean_seconds": round(statistics.fmean(durations), 3),
        "peak_rss_worker_mb": [round(v / 1024, 1) for v in peak_worker.values()],
        "peak_rss_parse_child_mb": [round(v / 1024, 1) for v in peak_child.values()],
        # where the time went: CPU of the workers (and their parsing processes) per document, and how busy the
        # whole machine was meanwhile (other load included: the store and Redis, anything else running)
        "worker_cpu_seconds_per_document": round(sum(cpu.values()) / n, 3),
        "workers_cpu_share_of_machine": round(sum(cpu.values()) / (run_s * (os.cpu_count() or 1)), 2),
        "machine_busy_share": round((machine1[0] - machine0[0]) / max(1.0, machine1[1] - machine0[1]), 2),
        "store_bytes": store,
    }


def estimate(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Machines of this kind (2 cores) for 50,000 documents in 8 hours, 10 % of them scanned.

    Text documents at the best whole-machine rate measured; OCR as machine time: the OCR engine (onnxruntime)
    already uses both cores, and a page costs 3-4 s on 2 idle cores (``eval/bench_ocr.py``), so scanned pages
    do not go faster with more workers on the same machine.
    """
    best = max(results, key=lambda r: r["documents_per_minute"])
    rate = best["documents_per_minute"] / 60  # documents per second on one 2-core machine
    docs, scanned, pages, page_s = 50_000, 5_000, 4, 3.5
    text_s = docs / rate  # every document, scanned ones too, is read, matched, scored and saved
    ocr_s = scanned * pages * page_s
    total = text_s + ocr_s
    return {
        "rate_used": f"{best['mode']}, {best['consumers']} consumers: {best['documents_per_minute']} documents/minute",
        "text_machine_hours": round(text_s / 3600, 1), "ocr_machine_hours": round(ocr_s / 3600, 1),
        "machine_hours": round(total / 3600, 1), "machines_for_8_hours": round(total / (8 * 3600), 2),
    }


def to_markdown(results: list[dict[str, Any]], est: dict[str, Any], args: argparse.Namespace) -> str:
    lines = [
        "# Review queue benchmark (issue 14)", "",
        f"`.venv/bin/python eval/bench_queue.py --n {args.n} --consumers {' '.join(map(str, args.consumers))} "
        f"--modes {' '.join(args.modes)}` on {platform.node()} ({os.cpu_count()} cores, {platform.python_version()}), "
        f"{time.strftime('%Y-%m-%d')}.  Documents: `eval/gen_queue_docs.py` (12 corpus reports — XLSX tables, "
        "TXT and MD reports — with figures moved by ±15 % and other unit names), one review job each, no policy, "
        "default settings (hybrid retrieval, bundled e5, no LLM).", "",
        "| store + queue | consumers | documents | done / failed | docs per minute | p50 s/doc | p95 s/doc | "
        "peak RSS per worker (MB) | peak RSS of a parsing child (MB) | store afterwards |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        mode = "SQLite + SqliteHuey" if r["mode"] == "sqlite" else "PostgreSQL + Redis"
        store = ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in r["store_bytes"].items())
        lines.append(
            f"| {mode} | {r['consumers']} | {r['documents']} | {r['states']['done']} / {r['states']['failed']} | "
            f"{r['documents_per_minute']} | {r['p50_seconds']} | {r['p95_seconds']} | "
            f"{' / '.join(map(str, r['peak_rss_worker_mb']))} | {' / '.join(map(str, r['peak_rss_parse_child_mb']))} | "
            f"{store} |")
    if all("worker_cpu_seconds_per_document" in r for r in results):
        lines += ["", "| store + queue | consumers | worker CPU s per document | workers' share of the 2 cores | "
                  "whole machine busy |", "|---|---|---|---|---|"]
        lines += [f"| {r['mode']} | {r['consumers']} | {r['worker_cpu_seconds_per_document']} | "
                  f"{r['workers_cpu_share_of_machine']:.0%} | {r['machine_busy_share']:.0%} |" for r in results]
    lines += ["", "## 50,000 documents in 8 hours (paper estimate)", "",
              f"- Review, without OCR: 50,000 documents at the best rate measured ({est['rate_used']}) = "
              f"{est['text_machine_hours']} machine-hours of a 2-core machine.",
              "- OCR: 5,000 scanned documents × ~4 pages × 3.5 s per page (`eval/bench_ocr.py`, a page on 2 idle "
              f"cores: OCR already uses the whole machine) = {est['ocr_machine_hours']} machine-hours.",
              f"- Together {est['machine_hours']} machine-hours: **{est['machines_for_8_hours']} such machines for 8 "
              "hours**; with headroom (retries, longer real documents, scans of more pages, the LLM if explanations "
              "are on, the store and Redis on machines of their own) plan for about twice that.", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--consumers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--modes", nargs="+", default=["sqlite", "pg"], choices=["sqlite", "pg"])
    ap.add_argument("--markdown", type=Path, default=ROOT / "eval" / "reports" / "queue.md")
    ap.add_argument("--json", type=Path, default=ROOT / "eval" / "reports" / "queue.json")
    ap.add_argument("--from-json", type=Path, help="Write the report again from an earlier run's JSON.")
    args = ap.parse_args()
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))["results"]
    else:
        docs = [variant(i) for i in range(args.n)]
        results = []
        for mode in args.modes:
            for consumers in args.consumers:
                result = run_config(args.n, consumers, mode, docs)
                print(json.dumps(result, ensure_ascii=False), flush=True)
                results.append(result)
    est = estimate(results)
    args.json.write_text(json.dumps({"results": results, "estimate": est}, ensure_ascii=False, indent=2),
                         encoding="utf-8")
    args.markdown.write_text(to_markdown(results, est, args), encoding="utf-8")
    print(args.markdown.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
