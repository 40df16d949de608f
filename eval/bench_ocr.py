"""Benchmark OCR on degraded scans of a real-shaped 自评表 (tests/fixtures/make_scans.py).

Run: ``.venv/bin/python eval/bench_ocr.py [--case h01_rural_roads] [--only seal_skew2,dpi200] [--repeat 3]
[--json out.json] [--markdown eval/reports/ocr_bench.md]``.  The degradations are those of
``make_scans`` (PNG files; ``jpeg60`` and ``photo`` JPEG) and ``seal_skew2_pdf``, the eval's 盖章版 scan
(:func:`make_scans.scan_document`, as eval/ocr_eval.py makes it: an image-only PDF with JPEG inside — the
compression that whitened the column rule under a seal).  For each degradation the scan is read by
``docreview.ingest`` (in this process's child, one per degradation, so that peak RSS is the reading's own)
and its largest table is compared cell by cell with the table the text reader reads from the original PDF:

- ``chars``: character accuracy of cell text, 1 − edit distance ÷ length, over all non-empty truth cells
  (text compared after NFKC, so a full-width ``：`` read for ``:`` is not an error, and without spaces);
- ``numeric``: share of numeric truth cells (``3412.50``, ``93.49%``, ``19.5``) read exactly;
- ``silent``: numeric cells read wrong *and not* marked uncertain — the misreads a reviewer would not be
  warned about;
- ``structure``: share of non-empty truth cells whose text is found at the same row and column
  (character accuracy ≥ 0.5), 0 when the grid has another shape;
- ``s/page`` wall-clock and ``CPU s/page`` (all threads; robust to other load on shared cores), medians
  of ``--repeat`` runs, and the child's peak RSS.

Not a test: the figures go into the issue notes (2 shared cores: repeat and read medians).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

NUMERIC = re.compile(r"^[-+]?\d[\d,.]*%?$")
SCANNED_PDF = "seal_skew2_pdf"
"""The eval's degradation (eval/ocr_eval.py): the form as an image-only PDF at 200 DPI (JPEG inside, as a
scanner writes it), a seal over the unit's name and over the page's last number, turned by 2°."""


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def compare(truth: list[list[str]], read: list[list[str]], uncertain: set[tuple[int, int]]) -> dict[str, float]:
    from rapidfuzz.distance import Levenshtein

    same_shape = len(truth) == len(read) and all(len(a) == len(b) for a, b in zip(truth, read, strict=False))
    edits = length = 0
    numeric = numeric_ok = silent = placed = filled = 0
    for r, row in enumerate(truth):
        for c, want in enumerate(row):
            want = _norm(want)
            if not want:
                continue
            got = _norm(read[r][c]) if r < len(read) and c < len(read[r]) else ""
            distance = Levenshtein.distance(want, got)
            edits += min(distance, len(want))
            length += len(want)
            filled += 1
            placed += distance <= len(want) / 2
            if NUMERIC.match(want):
                numeric += 1
                if got == want:
                    numeric_ok += 1
                elif (r, c) not in uncertain:
                    silent += 1
    return {"chars": 1 - edits / max(length, 1), "numeric": numeric_ok / max(numeric, 1),
            "numeric_cells": numeric, "silent": silent,
            "structure": placed / max(filled, 1) if same_shape else 0.0}


def _read_one(path: str, queue: object) -> None:
    from docreview.ingest import read
    from docreview.settings import IngestSettings

    t0 = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    seconds: list[float] = []
    doc = read(path, settings=IngestSettings(isolate=False),
               progress=lambda done, _t, s: seconds.append(s) if done else None)
    total = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu0  # all threads: what the page costs whatever else runs
    tables = [b for b in doc.blocks if b.kind == "table"]
    best = max(tables, key=lambda b: sum(len(r.cells) for r in b.rows)) if tables else None
    rows = [r.cells for r in best.rows] if best else []
    uncertain = [(i, j) for i, r in enumerate(best.rows) for j in r.uncertain] if best else []
    queue.put({"rows": rows, "uncertain": uncertain, "page_seconds": seconds, "total": total, "cpu": cpu,  # type: ignore[attr-defined]
               "warnings": doc.warnings, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def measure(path: Path) -> dict[str, object]:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_read_one, args=(str(path), queue))
    proc.start()
    result = queue.get(timeout=600)
    proc.join()
    return result  # type: ignore[no-any-return]


def main() -> None:
    import make_scans

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", default="h01_rural_roads")
    parser.add_argument("--only", default="", help="comma-separated degradations (default: all)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--markdown", type=Path, help="write the table with how it was measured")
    args = parser.parse_args()
    names = [n for n in (args.only.split(",") if args.only else (*make_scans.DEGRADATIONS, SCANNED_PDF)) if n]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = make_scans.form_pdf(folder / "form.pdf", args.case)
        truth = max(make_scans.truth_tables(pdf), key=lambda t: sum(len(r) for r in t))
        table = ["| degradation | chars | numeric exact | silent numeric misreads | structure | s/page | CPU s/page "
                 "| peak RSS MB |", "|---|---|---|---|---|---|---|---|"]
        print("\n".join(table))
        for name in names:
            if name == SCANNED_PDF:
                path = folder / f"{name}.pdf"
                path.write_bytes(make_scans.scan_document(pdf, "seal_skew2"))
            else:
                scan = make_scans.make_scan(pdf, name)
                path = folder / f"{name}{scan.suffix}"
                path.write_bytes(scan.data)
            runs = [measure(path) for _ in range(args.repeat)]
            first = runs[0]
            scores = compare(truth, first["rows"], {tuple(x) for x in first["uncertain"]})  # type: ignore[arg-type, attr-defined]
            per_page = statistics.median(statistics.mean(r["page_seconds"]) for r in runs)  # type: ignore[arg-type]
            pages = len(first["page_seconds"])  # type: ignore[arg-type]
            cpu = statistics.median(float(r["cpu"]) for r in runs) / max(1, pages)  # type: ignore[arg-type]
            peak = max(float(r["peak_mb"]) for r in runs)  # type: ignore[arg-type]
            row = {"degradation": name, **scores, "seconds_per_page": per_page, "cpu_seconds": cpu, "peak_mb": peak,
                   "uncertain_cells": len(first["uncertain"])}  # type: ignore[arg-type]
            rows.append(row)
            table.append(f"| {name} | {scores['chars']:.3f} | {scores['numeric']:.3f} ({scores['numeric_cells']:g}) | "
                         f"{scores['silent']:g} | {scores['structure']:.3f} | {per_page:.2f} | {cpu:.2f} | {peak:.0f} |")
            print(table[-1], flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.markdown:
        load = os.getloadavg()
        lines = ["# OCR on degraded scans of one form (issue 13)", "",
                 f"Generated by `eval/bench_ocr.py --case {args.case} --repeat {args.repeat}` on "
                 f"{os.cpu_count()} cores (load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}: "
                 "shared with other work, so the seconds are inflated; CPU s/page counts the reading's own "
                 "threads). The form is the case's report rendered by `tests/fixtures/make_scans.py`; the truth "
                 "is what the text reader reads from the same PDF. Columns as in the script's docstring.", "",
                 *table, ""]
        kept = _hand_written(args.markdown)
        if kept:
            print("kept the hand-written section of the report: update its figures", file=sys.stderr)
        args.markdown.write_text("\n".join([*lines, *kept, ""] if kept else lines), encoding="utf-8")


HAND_WRITTEN = "## Reading the table"


def _hand_written(report: Path) -> list[str]:
    """The section of an earlier report that starts with ``HAND_WRITTEN``, to the end of the file."""
    if not report.is_file():
        return []
    text = report.read_text(encoding="utf-8")
    start = text.find(HAND_WRITTEN)
    return text[start:].rstrip().splitlines() if start >= 0 else []


if __name__ == "__main__":
    main()
