"""Varied self-evaluation documents for the queue benchmark (issue 14): corpus reports with other numbers and
other unit names, as many as wanted, the same for the same seed.

Run: ``.venv/bin/python eval/gen_queue_docs.py --n 20 --out eval/bench_out/queue_docs`` to look at them;
``eval/bench_queue.py`` imports ``variant``.  Each document is one of the corpus's XLSX tables or TXT/MD
reports with every figure (not years, months or row numbers) moved by up to ±15 % and every county or
district name replaced, so the batch is 1,000 different files that the review reads, matches and scores like
real ones (different flags, different scores), not one file stored 1,000 times.
"""

from __future__ import annotations

import argparse
import io
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
BASES = [
    "h01_rural_roads/report.xlsx", "h07_vaccination/report.xlsx", "i01_retail_growth/report.xlsx",
    "k05_pingan_gonglu/report.xlsx", "k08_baishi_jineng/report.xlsx", "h04_skills_training/report_table.xlsx",
    "h16_rural_ecommerce/report_table.xlsx", "h11_farmland/report_detail.xlsx", "h02_town_garbage/report.txt",
    "h12_elderly_care/report.txt", "h06_zuiduo_paoyici/report.md", "h17_work_safety/report.md",
]
COUNTIES = ["清水", "白石", "平安", "青山", "龙泉", "桃源", "金川", "松溪", "红河", "长宁", "永和", "安远", "东兴", "西林",
            "南丰", "北川", "凤台", "临江", "宁远", "新宁"]
_PLACE = re.compile(r"[\u4e00-\u9fa5]{2}(?=[县区])")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def _vary_number(text: str, rng: random.Random) -> str:
    value = float(text)
    decimals = len(text.split(".")[1]) if "." in text else 0
    if decimals == 0 and (value <= 31 or 1990 <= value <= 2100):  # row numbers, months, days, years
        return text
    moved = value * rng.uniform(0.85, 1.15)
    return f"{moved:.{decimals}f}" if decimals else str(max(1, round(moved)))


def vary_text(text: str, rng: random.Random, county: str) -> str:
    text = _PLACE.sub(county, text)
    return _NUMBER.sub(lambda m: _vary_number(m.group(), rng), text)


def variant(i: int, *, seed: int = 14) -> tuple[str, bytes, str]:
    """Document ``i``: (file name, bytes, unit name)."""
    base = CORPUS / BASES[i % len(BASES)]
    rng = random.Random(seed * 1_000_003 + i)
    county = COUNTIES[rng.randrange(len(COUNTIES))]
    unit = f"{county}县{base.parent.name.split('_', 1)[1]}{i:04d}"
    name = f"{i:04d}_{county}_{base.parent.name}{base.suffix}"
    if base.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(base)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.value = vary_text(cell.value, rng, county)
                    elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                        cell.value = type(cell.value)(_vary_number(str(cell.value), rng))
        out = io.BytesIO()
        book.save(out)
        return name, out.getvalue(), unit
    raw = base.read_bytes()
    encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:  # some corpus reports are GBK, as many real ones are: kept so
        encoding = "gb18030"
        text = raw.decode(encoding)
    return name, vary_text(text, rng, county).encode(encoding), unit


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", type=Path, default=ROOT / "eval" / "bench_out" / "queue_docs")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        name, data, _unit = variant(i, seed=args.seed)
        (args.out / name).write_bytes(data)
    print(f"{args.n} documents in {args.out}")


if __name__ == "__main__":
    main()
