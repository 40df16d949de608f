"""Benchmark ingest on a generated 100-page report PDF: pypdf-only text vs the full ``ingest.read``.

Run: ``.venv/bin/python eval/bench_ingest.py [--pages 100] [--repeat 3] [--keep DIR]``.  Prints pages/second
for (1) raw pypdf ``extract_text`` over every page, (2) ``read`` with ``pdf_tables=False`` (pypdf text only,
paragraphs without table structure) and (3) the default ``read`` (pdfplumber tables + text outside them).
Not a test: the figures go into the issue notes.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

LEVELS = [("产出指标", "数量指标", "场次"), ("产出指标", "质量指标", "%"), ("产出指标", "时效指标", ""),
          ("产出指标", "成本指标", "万元"), ("效益指标", "社会效益指标", "人次"), ("满意度指标", "服务对象满意度指标", "%")]
SUBJECTS = ["送戏下乡演出", "农村公路养护", "危桥改造", "安全饮水工程", "技能培训", "垃圾清运", "河道清淤", "造林绿化"]


def report_spec(pages: int, *, seed: int = 7) -> object:
    """About one page per section: a heading, two prose paragraphs, a ruled indicator table."""
    from docreview.docgen import DocSpec, Heading, PageBreak, Para, Table

    rng = random.Random(seed)
    blocks: list[object] = [Heading("2023年度项目支出绩效自评报告", level=1)]
    for page in range(pages):
        subject = SUBJECTS[page % len(SUBJECTS)]
        blocks.append(Heading(f"{page + 1}. {subject}项目", level=2))
        done, target = rng.randint(80, 130), 100
        blocks.append(Para(f"全年共完成{subject}{done * 3}场次，完成年度目标的{done}%。项目资金到位及时，"
                           f"群众满意度达到{rng.randint(85, 99)}.{rng.randint(0, 9)}%，各项工作按计划推进。"))
        blocks.append(Para(f"未达标的指标主要受汛期和疫情影响，下一年度将提前制定备用计划，加强与乡镇的协调，"
                           f"确保{subject}按期完成，年度目标值{target}场次。"))
        rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
        for i in range(8):
            l1, l2, unit = LEVELS[i % len(LEVELS)]
            rows.append([l1, l2, f"{subject}指标{i + 1}", f"≥{rng.randint(50, 500)}{unit}",
                         f"{rng.randint(40, 520)}{unit}", "10", str(rng.randint(6, 10)),
                         "受汛期影响部分乡镇推迟，下一年度提前安排" if i % 3 == 0 else ""])
        blocks.append(Table(rows, col_widths=[1.1, 1.3, 1.6, 1.1, 1.3, 0.6, 0.6, 2.2]))
        blocks.append(PageBreak())
    return DocSpec(title="bench", blocks=blocks)  # type: ignore[arg-type]


def _time(fn: object, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the PDF here instead of a temporary folder")
    args = parser.parse_args(argv)

    import pypdf

    from docreview import docgen, ingest
    from docreview.settings import IngestSettings

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    pdf = docgen.write(report_spec(args.pages), folder / "report_100p.pdf")  # type: ignore[arg-type]
    data = pdf.read_bytes()
    n_pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)

    def pypdf_only() -> None:
        reader = pypdf.PdfReader(io.BytesIO(data))
        for page in reader.pages:
            page.extract_text()

    doc = ingest.read(pdf)
    tables = sum(b.kind == "table" for b in doc.blocks)
    results = [
        ("pypdf extract_text", _time(pypdf_only, args.repeat)),
        ("read(pdf_tables=False)", _time(lambda: ingest.read(pdf, settings=IngestSettings(pdf_tables=False)),
                                         args.repeat)),
        ("read() default", _time(lambda: ingest.read(pdf), args.repeat)),
    ]
    print(f"{pdf.name}: {n_pages} pages, {len(data) / 1024:.0f} KB, read() -> {len(doc.blocks)} blocks, "
          f"{tables} tables (median of {args.repeat})")
    base = results[0][1]
    for label, seconds in results:
        print(f"  {label:<24} {seconds:7.2f} s  {n_pages / seconds:7.1f} pages/s  {seconds / base:5.1f}x pypdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
