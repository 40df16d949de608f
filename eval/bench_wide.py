"""Review time against table width and table count (issue 18: "no step quadratic in table width or table
count; review time on a 2,000-column table linear").

Run: ``.venv/bin/python eval/bench_wide.py [--out eval/bench_wide_out] [--repeat 3]``.  Writes
``eval/reports/wide.md``.  Not a test: figures go into the issue notes (median of ``--repeat`` runs; the
machine is shared).

Workloads, generated here with a fixed seed:
- **width**: one sheet (XLSX) and one table (DOCX) of 50 rows × 250 / 500 / 1,000 / 2,000 columns, the first
  five columns an ordinary indicator table (一级/二级/三级指标, 指标值, 实际完成值), the rest numbers;
- **count**: a DOCX of 250 / 500 / 1,000 / 2,000 small indicator tables (4 rows each).

Each file goes through ``docreview review --report FILE`` as a whole process (reading, extraction in the
bounded worker, index, match, score); the figure is the wall time minus the time of the same command on the
smallest file's empty counterpart (process start, model loading), so that the per-column and per-table cost
can be compared across sizes: linear means seconds per column (per table) stays flat as the size grows.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCREVIEW = Path(sys.executable).with_name("docreview")
WIDTHS = (250, 500, 1000, 2000)
COUNTS = (250, 500, 1000, 2000)
HEAD = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"]


def _row(rng: random.Random, r: int) -> list[str]:
    return ["产出指标", "数量指标", f"培训人数{r}", f"≥{100 + r}人", f"{95 + r}人"]


def write_wide(out: Path, width: int, seed: int = 7) -> tuple[Path, Path]:
    """The XLSX and the DOCX of 50 rows × ``width`` columns."""
    import docx
    from openpyxl import Workbook

    rng = random.Random(seed)
    header = HEAD + [f"列{i}" for i in range(width - len(HEAD))]
    rows = [header] + [_row(rng, r) + [str(rng.randint(1, 999)) for _ in range(width - len(HEAD))]
                       for r in range(49)]
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    xlsx = out / f"wide_{width}.xlsx"
    wb.save(xlsx)
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for cell, text in zip(table.rows[r].cells, row, strict=True):
            cell.text = text
    docx_path = out / f"wide_{width}.docx"
    document.save(docx_path)
    return xlsx, docx_path


def write_tables(out: Path, count: int, seed: int = 7) -> Path:
    """A DOCX of ``count`` small indicator tables, each under a heading."""
    import docx

    rng = random.Random(seed)
    document = docx.Document()
    for t in range(count):
        document.add_paragraph(f"项目{t + 1}绩效目标完成情况")
        table = document.add_table(rows=4, cols=len(HEAD))
        for c, text in enumerate(HEAD):
            table.rows[0].cells[c].text = text
        for r in range(1, 4):
            for c, text in enumerate(_row(rng, t * 3 + r)):
                table.rows[r].cells[c].text = text
    path = out / f"tables_{count}.docx"
    document.save(path)
    return path


def review_seconds(path: Path, workspace: Path, repeat: int) -> float:
    """Median wall seconds of ``docreview review --report path`` (fresh workspace each run)."""
    runs = []
    for _ in range(repeat):
        shutil.rmtree(workspace, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([str(DOCREVIEW), "review", "--report", str(path), "--workspace", str(workspace),
                        "--out", str(workspace / "out")], check=True, capture_output=True)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "bench_wide_out")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report", type=Path, default=ROOT / "eval" / "reports" / "wide.md")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    workspace = args.out / "ws"

    floor_doc = args.out / "floor.txt"  # one sentence: process start, imports, model, an empty review
    floor_doc.write_text("本年度项目按计划实施。\n", encoding="utf-8")
    floor = review_seconds(floor_doc, workspace, args.repeat)

    lines = ["# Review time against table width and table count", "",
             f"`docreview review --report FILE`, whole process, median of {args.repeat} runs; net = wall − "
             f"{floor:.2f} s (the same command on a one-sentence TXT: start-up and model loading).", "",
             "| workload | size | wall s | net s | net ms per column / table | ratio to the smallest |",
             "|---|---|---|---|---|---|"]
    for label, sizes, make in (
        ("XLSX, 50 rows", WIDTHS, lambda n: write_wide(args.out, n)[0]),
        ("DOCX, 50 rows", WIDTHS, lambda n: write_wide(args.out, n)[1]),
        ("DOCX of small tables", COUNTS, lambda n: write_tables(args.out, n)),
    ):
        base = None
        for n in sizes:
            wall = review_seconds(make(n), workspace, args.repeat)
            net = max(wall - floor, 1e-6)
            per = net / n * 1000
            base = base or per
            lines.append(f"| {label} | {n:,} | {wall:.2f} | {net:.2f} | {per:.2f} | {per / base:.2f} |")
            print(lines[-1], flush=True)
    lines += ["", "Linear: the per-column (per-table) figure stays flat; quadratic would double it at every "
              "doubling of the size."]
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.report}")


if __name__ == "__main__":
    main()
