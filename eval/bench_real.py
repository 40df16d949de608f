"""Benchmark: the real-document corpus (corpus/real), reviewed case by case as a whole process.

Run: ``.venv/bin/python eval/bench_real.py [--runs 3] [--corpus corpus/real]``.  Each run is one
``docreview eval`` process over every case (reading, extraction, matching, scoring; no LLM); the figures are
the median wall time per document and the process's peak RSS.  To compare with another checkout, run the
same script with ``PYTHONPATH=<that checkout>/src``.  Not a test: figures go into the issue notes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
from bench import run_measured  # noqa: E402 — the one way the benchmarks time a whole process


def run_once(corpus: Path, workspace: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MB, documents reviewed) of one eval process."""
    out = workspace / "eval.json"
    wall, rss = run_measured([sys.executable, "-m", "docreview.cli", "eval", str(corpus), "--json", str(out),
                              "--quiet"], workspace)
    report = json.loads(out.read_text(encoding="utf-8"))
    documents = sum(1 for case in report["cases"] for f in (corpus / case["id"]).iterdir()
                    if f.name.startswith(("policy", "report", "target", "history")))
    return wall, rss, documents


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "real")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = ap.parse_args()
    walls, peaks, documents = [], [], 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            wall, rss, documents = run_once(args.corpus, Path(tmp))
        walls.append(wall)
        peaks.append(rss)
    figures = {"documents": documents, "runs": args.runs, "median_s": statistics.median(walls),
               "min_s": min(walls), "max_s": max(walls),
               "median_s_per_document": statistics.median(walls) / max(documents, 1),
               "peak_rss_mb": max(peaks)}
    print(json.dumps(figures, indent=2))
    if args.out is not None:
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
