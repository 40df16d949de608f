"""A 20-report batch through the workspace (store + pipeline), as the upload page runs it.

Run: ``.venv/bin/python eval/bench_batch.py [--reports 20]``.  Each report is a corpus case's report
reviewed against that case's policy files, all in one batch; prints wall time, seconds per report, peak RSS
and the dashboard counts.  Not a test: figures go into the issue notes.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from docreview.evaluate import find_cases, load_case
    from docreview.settings import Settings
    from docreview.store import Workspace
    from docreview.store.intake import Upload, review_uploads

    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=20)
    args = ap.parse_args()
    cases = [load_case(p) for p in find_cases(ROOT / "corpus")]
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Settings(workspace=Path(tmp)))
        user = ws.add_user("bench", role="admin", password="bench-password")
        batch_id: int | None = None
        done = 0
        t0 = time.perf_counter()
        for case in cases:
            for report in case.reports:
                if done == args.reports:
                    break
                outcome = review_uploads(
                    ws, policies=[Upload(filename=p.name, data=p.read_bytes()) for p in case.policies],
                    reports=[Upload(filename=report.name, data=report.read_bytes())],
                    batch_name="基准批次", batch_id=batch_id, unit_name=case.id, user=user)
                if outcome.batch is not None:
                    batch_id = outcome.batch.id
                done += len(outcome.reviews)
        wall = time.perf_counter() - t0
        dash = ws.dashboard(batch_id, user=None) if batch_id is not None else None
        result = {
            "reports": done,
            "seconds": round(wall, 2),
            "seconds_per_report": round(wall / max(done, 1), 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "units": len(dash.units) if dash else 0,
            "flags_in_heat_map": sum(map(sum, dash.counts)) if dash else 0,
            "open_reviews": len(dash.open_reviews) if dash else 0,
        }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
