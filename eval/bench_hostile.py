"""Every crafted or merely huge input of issues 16 and 18, through the whole command a reviewer runs
(``docreview review --report FILE``), with its wall time, the peak memory of the process and its parsing
workers, the exit code and the one-line message; beside it what the same input did before the bounds
(figures as reported in the issues).

Run: ``.venv/bin/python eval/bench_hostile.py [--out DIR]``; writes ``eval/reports/hostile.md``.  Inputs come
from the committed generator ``tests/hostile.py``; each is written, run and removed in turn.  Not a test
(the tests in ``tests/test_hostile.py`` check each input's bound and message); a record for the notes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "eval"))
import hostile  # noqa: E402 — the one generator of the inputs
from bench import measure_process  # noqa: E402 — the one way the benches measure a process tree

DOCREVIEW = Path(sys.executable).with_name("docreview")

BEFORE = {  # what the input did before the bounds, as the issues report it
    "docx_gridspan": "13.5 GB in 60 s (a 950-byte DOCX), killed",
    "docx_10k_tables": "read in seconds, review past 300 s",
    "xlsx_far_cell": "hang / memory growth (cell at XFD1048576)",
    "xlsx_merged_all": "hang / memory growth (A1:XFD1048576 merged)",
    "xlsx_rows": "11.8 GB RSS, killed",
    "xlsx_columns": "read in seconds, review past 300 s",
    "xlsx_many_sheets": "6.8 GB after 180 s, killed",
    "txt_large": "4.7 GB RSS, 219 s",
    "txt_long_line": "hang / memory growth",
    "md_rows": "hang / memory growth (300k rows)",
    "tsv_rows": "hang / memory growth (500k rows)",
    "html_nested": "hang / memory growth (100,000 nested tags)",
    "html_colspan": "hang / memory growth (10 million grid cells)",
    "html_tables": "hang / memory growth (20,000 tables)",
    "pdf_self_length": "loops forever in pdfminer",
    "pdf_text_ops": "hang / memory growth (110 MB inflated)",
    "pdf_long_string": "minutes in pdfminer",
    "pdf_inflation": "4.2 GB from a 2 MB PDF",
}


def run(path: Path, workspace: Path) -> tuple[float, float, int, str]:
    """(wall s, peak MB of the process tree, exit code, last line of stderr)."""
    cmd = [str(DOCREVIEW), "review", "--report", str(path), "--quiet", "--out", str(workspace / "out")]
    wall, peak, code, stderr = measure_process(cmd, workspace)
    lines = [line for line in stderr.splitlines() if line.strip()]
    return wall, peak, code, (lines[-1] if lines else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "bench_hostile_out")
    parser.add_argument("--report", type=Path, default=ROOT / "eval" / "reports" / "hostile.md")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    lines = ["# Crafted and huge inputs: before and after the bounds", "",
             "`docreview review --report FILE`, whole process; peak = the process and its parsing workers. "
             "Exit 0: the file was reviewed; 2: refused with the message shown.", "",
             "| input | size on disk | before | after: wall s | peak MB | exit | message |",
             "|---|---|---|---|---|---|---|"]
    for name, make in hostile.MAKERS.items():
        path = make(args.out)
        size = path.stat().st_size
        workspace = args.out / "ws"
        shutil.rmtree(workspace, ignore_errors=True)
        wall, peak, code, message = run(path, workspace)
        path.unlink(missing_ok=True)
        message = message.replace("|", "/")
        lines.append(f"| {name} | {size:,} B | {BEFORE.get(name, '')} | {wall:.1f} | {peak:.0f} | {code} | "
                     f"{message[:160]} |")
        print(lines[-1], flush=True)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.report}")


if __name__ == "__main__":
    main()
