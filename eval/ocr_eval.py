"""The flag eval on scanned copies of corpus cases: does OCR change what a review finds? (issue 13)

Run: ``.venv/bin/python eval/ocr_eval.py [--cases h01_rural_roads,…] [--markdown eval/reports/ocr.md]
[--keep DIR]``.

For each case (default: the written and real cases below, whose reports are forms with tables) the report
files are written from the case's source (``corpus/cases/*.py``, ``corpus/real_cases/*.py``) as a text PDF
by :mod:`docreview.docgen` and rendered to image-only PDFs by ``tests/fixtures/make_scans.py``:

- ``dpi200``: every page scanned plainly at 200 DPI;
- ``seal_skew2``: 200 DPI, a red seal over the unit's name and the first page's last number, every page
  turned by 2° (the issue's bar).

Four copies of each case go into a temporary corpus (policy files and labels.json copied as they are):
``text`` (the committed case), ``textpdf`` (the report as the text PDF the scans are made of: what changes
between ``text`` and ``textpdf`` is the format, not OCR), ``dpi200`` and ``seal_skew2``.
:func:`docreview.evaluate.evaluate_corpus` runs on each, and the script prints per case and overall flag
P/R/F1, the high-severity false positives of the OCR'd runs (the bar: none caused by an OCR misread), and
for every case whose figures differ between ``textpdf`` and an OCR'd copy, why: the flags gained and lost,
and whether the OCR'd tables had the text PDF's shape (structure) and which numbers were read differently
(misread; marked uncertain or not).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
sys.path.insert(0, str(ROOT / "corpus"))

CASES = [
    "h01_rural_roads", "h04_skills_training", "h05_afforestation", "h07_vaccination", "h08_school_renovation",
    "h09_river_dredging", "h11_farmland", "h18_fitness", "h19_food_sampling",
    "ce01_changjiang_2020_yuyebutie", "ea01_putuo_2022_tiyu_jiesuan", "ea04_hainan_nd_fuwumaoyi_pingfen",
    "no04_yinchuan_2021_gongyongjingfei", "xc04_jishan_2020_yibaopeitao", "xc08_lvliang_2021_hugongpeixun",
]
SCANS = ("dpi200", "seal_skew2")
COPIES = ("text", "textpdf", *SCANS)
REVIEWED = ("report", "target")  # the files a case reviews (evaluate.load_case); policies stay as they are
NUMBER = re.compile(r"^[<>≥≤=]?[-+]?\d[\d,.]*\s*%?$")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------- building the copies


def case_sources() -> dict[str, object]:
    """CASE_ID → the case's source module (written and real cases)."""
    import build

    return {m.CASE_ID: m for m in [*build.case_modules(build.CASES), *build.case_modules(build.REAL_CASES)]}


def case_dir(case_id: str) -> Path:
    for where in (ROOT / "corpus" / case_id, ROOT / "corpus" / "real" / case_id):
        if (where / "labels.json").is_file():
            return where
    raise SystemExit(f"no case folder for {case_id}")


def text_pdf(spec: object, path: Path) -> Path:
    """The report as one text PDF; XLSX sheet breaks dropped (they would start the PDF with a blank page)."""
    from docreview.docgen import DocSpec, Sheet, write

    assert isinstance(spec, DocSpec)
    return write(DocSpec(title=spec.title, blocks=[b for b in spec.blocks if not isinstance(b, Sheet)]), path)


def build_copies(case_ids: list[str], out: Path) -> dict[str, dict[str, int]]:
    """Write ``out/<copy>/[real/]<case>/`` for every copy; returns case → scanned file → pages."""
    import make_scans

    sources = case_sources()
    pages: dict[str, dict[str, int]] = {}
    for case_id in case_ids:
        src = case_dir(case_id)
        rel = src.relative_to(ROOT / "corpus")
        specs = sources[case_id].files()  # type: ignore[attr-defined]
        pages[case_id] = {}
        for copy in COPIES:
            dst = out / copy / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(src, dst)
            if copy == "text":
                continue
            for name, spec in specs.items():
                if not name.startswith(REVIEWED):
                    continue
                (dst / name).unlink()
                pdf = text_pdf(spec, dst / f"{Path(name).stem}.pdf")
                pages[case_id][pdf.name] = make_scans.page_count(pdf)
                if copy in SCANS:
                    pdf.write_bytes(make_scans.scan_document(pdf, copy))
    return pages


# --------------------------------------------------------------------------- why a case differs


@dataclass
class Reading:
    """How the OCR'd copy of one report compares with its text PDF."""

    shapes_equal: bool
    shapes: str = ""
    numbers: int = 0  # numeric cells of the text PDF's tables
    exact: int = 0  # of those, read exactly at the same table, row and column
    misread: list[str] = field(default_factory=list)  # "want→got" for numbers read differently
    silent: int = 0  # of those, not marked uncertain
    seconds_per_page: float = 0.0


def compare_reading(textpdf: Path, scan: Path) -> Reading:
    from docreview.ingest import read
    from docreview.settings import IngestSettings

    settings = IngestSettings(isolate=False)
    truth = [b for b in read(textpdf, settings=settings).blocks if b.kind == "table"]
    seconds: list[float] = []
    doc = read(scan, settings=settings, progress=lambda _d, _t, s: seconds.append(s) if _d else None)
    got = [b for b in doc.blocks if b.kind == "table"]
    shape = [[len(r.cells) for r in b.rows] for b in truth]
    got_shape = [[len(r.cells) for r in b.rows] for b in got]
    reading = Reading(shapes_equal=shape == got_shape,
                      seconds_per_page=statistics.median(seconds) if seconds else 0.0)
    if not reading.shapes_equal:
        reading.shapes = (f"tables {len(truth)}→{len(got)}, rows {[len(t) for t in shape]}→"
                          f"{[len(t) for t in got_shape]}")
    for want_table, got_table in zip(truth, got, strict=False):
        for r, row in enumerate(want_table.rows):
            for c, want in enumerate(row.cells):
                if not NUMBER.match(_norm(want)):
                    continue
                reading.numbers += 1
                if r >= len(got_table.rows) or c >= len(got_table.rows[r].cells):
                    continue  # a structure difference, counted above
                have = got_table.rows[r]
                reading.exact += _norm(have.cells[c]) == _norm(want)
                if _norm(have.cells[c]) != _norm(want):
                    unsure = c in have.uncertain
                    reading.misread.append(f"{_norm(want)}→{_norm(have.cells[c]) or '∅'}{'?' if unsure else '!'}")
                    reading.silent += not unsure
    return reading


# --------------------------------------------------------------------------- report


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    from docreview.evaluate import prf

    m = prf(tp, fp, fn)
    return m.precision, m.recall, m.f1


def _cell(tp: int, fp: int, fn: int) -> str:
    p, r, f = _prf(tp, fp, fn)
    return f"{p:.2f}/{r:.2f}/{f:.2f} ({tp}/{fp}/{fn})"


def _key(f: object) -> tuple[str, str]:
    return (f.type, f.indicator or "")  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--keep", type=Path, help="write the copies here and keep them")
    parser.add_argument("--no-numbers", action="store_true",
                        help="skip reading every scan again for the numeric cells read exactly (the issue's bar)")
    args = parser.parse_args()
    case_ids = [c for c in args.cases.split(",") if c]

    from docreview.evaluate import evaluate_corpus
    from docreview.settings import Settings

    work = args.keep or Path(tempfile.mkdtemp(prefix="ocr_eval_"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    t0 = time.perf_counter()
    pages = build_copies(case_ids, work)
    print(f"copies written in {time.perf_counter() - t0:.0f} s: {work}", file=sys.stderr)
    settings = Settings(workspace=work / "ws")
    settings = settings.model_copy(update={"llm": settings.llm.model_copy(update={"base_url": None})})
    reports = {}
    for copy in COPIES:
        t0 = time.perf_counter()
        reports[copy] = evaluate_corpus(work / copy, settings=settings)
        print(f"{copy}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    by_case = {copy: {c.id: c for c in r.cases} for copy, r in reports.items()}
    lines = ["# Flag eval on scanned copies of corpus cases (issue 13)", "",
             "Generated by `eval/ocr_eval.py` (rapidocr-onnxruntime, 2 shared cores, no LLM). Each case's report is "
             "written as a text PDF from its source and rendered to an image-only PDF: `dpi200` plain, "
             "`seal_skew2` with a red seal over the unit's name and the first page's last number and every "
             "page turned by 2°. `text` is the committed case, `textpdf` the text PDF the scans are made of. "
             "Cells: precision/recall/F1 (TP/FP/FN).", "",
             "| case | pages | text | textpdf | dpi200 | seal_skew2 | high FP (dpi200 / seal) |",
             "|---|---|---|---|---|---|---|"]
    totals = {copy: [0, 0, 0] for copy in COPIES}
    high_fp: dict[str, list[tuple[str, object]]] = {copy: [] for copy in SCANS}
    differing: list[str] = []
    for case_id in case_ids:
        cells = []
        for copy in COPIES:
            c = by_case[copy][case_id]
            counts = (len(c.true_positives), len(c.false_positives), len(c.misses))
            for i, n in enumerate(counts):
                totals[copy][i] += n
            cells.append(_cell(*counts) + (" ⚠" if c.error else ""))
        highs = []
        for copy in SCANS:
            hs = [f for f in by_case[copy][case_id].false_positives if f.severity == "high"]
            high_fp[copy] += [(case_id, f) for f in hs]
            highs.append(str(len(hs)))
        base = by_case["textpdf"][case_id]
        if any({_key(f) for f in by_case[copy][case_id].true_positives + by_case[copy][case_id].false_positives}
               != {_key(f) for f in base.true_positives + base.false_positives} for copy in SCANS):
            differing.append(case_id)
        lines.append(f"| {case_id} | {sum(pages[case_id].values())} | {' | '.join(cells)} | {' / '.join(highs)} |")
    lines.append(f"| **all {len(case_ids)} cases** | {sum(sum(p.values()) for p in pages.values())} | "
                 + " | ".join(f"**{_cell(*totals[copy])}**" for copy in COPIES)
                 + f" | {' / '.join(str(len(high_fp[c])) for c in SCANS)} |")
    lines.append("")
    if not args.no_numbers:
        lines += _numbers_table(case_ids, pages, work), ""
    notes = _hand_written(args.markdown)
    if notes:
        # the analysis a person wrote under the table is kept (and must be brought up to date by hand)
        print("kept the hand-written section of the report: update its figures", file=sys.stderr)
        lines += [*notes, ""]

    # high-severity false positives: caused by OCR when the text PDF's review does not raise them too
    lines += ["## High-severity false positives in the OCR'd runs", ""]
    from_ocr = 0
    for copy in SCANS:
        for case_id, flag in high_fp[copy]:
            base = by_case["textpdf"][case_id]
            also = _key(flag) in {_key(f) for f in base.false_positives}
            from_ocr += not also
            quote = "; ".join(str(e.get("quote", ""))[:50] for e in flag.evidence[:2])  # type: ignore[attr-defined]
            lines.append(f"- {copy} {case_id}: `{flag.type}` {flag.indicator or '—'} — "  # type: ignore[attr-defined]
                         f"{'also in textpdf (not OCR)' if also else '**OCR only**'}: {quote}")
    if not any(high_fp.values()):
        lines.append("None.")
    lines += ["", f"High-severity false positives caused by OCR (absent from the text PDF's review): **{from_ocr}**.",
              ""]

    # why the figures differ: flags gained and lost, the reading compared with the text PDF
    lines += ["## Cases whose flags differ from the text PDF's", ""]
    if not differing:
        lines.append("None: every OCR'd copy raises the flags its text PDF raises.")
    for case_id in differing:
        base = by_case["textpdf"][case_id]
        base_keys = {_key(f) for f in base.true_positives + base.false_positives}
        lines.append(f"### {case_id}")
        for copy in SCANS:
            c = by_case[copy][case_id]
            got = c.true_positives + c.false_positives
            keys = {_key(f) for f in got}
            gained = [f for f in got if _key(f) not in base_keys]
            lost = sorted(base_keys - keys)
            if not gained and not lost:
                continue
            for f in gained:
                quote = "; ".join(str(e.get("quote", ""))[:60] for e in f.evidence[:2])
                lines.append(f"- {copy}: + `{f.type}` {f.indicator or '—'} ({f.severity}): {f.message[:120]} — {quote}")
            for t, ind in lost:
                lines.append(f"- {copy}: − `{t}` {ind or '—'}")
            for name in pages[case_id]:
                r = compare_reading(work / "textpdf" / _rel(case_id) / name, work / copy / _rel(case_id) / name)
                structure = "same table shapes" if r.shapes_equal else f"structure differs ({r.shapes})"
                misread = ", ".join(r.misread[:8]) or "none"
                lines.append(f"  - {copy} {name}: {structure}; numbers read differently {len(r.misread)}/{r.numbers} "
                             f"({r.silent} not marked uncertain): {misread}")
        lines.append("")
    lines += ["Legend for misreads: `want→got?` marked uncertain (a flag on it says \"OCR 待核实\" and is at most "
              "medium), `want→got!` read differently and not marked.", ""]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def _numbers_table(case_ids: list[str], pages: dict[str, dict[str, int]], work: Path) -> str:
    """Per scanned copy: the numeric cells of the text PDFs' tables read exactly by OCR (the bar: ≥ 98 % at
    200 DPI with a seal and 2° skew), the others marked uncertain or not, and the tables of the same shape."""
    out = ["Numeric cells of the reports' tables (all cases), OCR'd copy against its text PDF — exact: same "
           "text at the same table, row and column; unsure: read differently and marked uncertain; silent: "
           "read differently, not marked; not placed: outside the OCR'd table (another shape).", "",
           "| copy | numeric cells | exact | unsure | silent | not placed | tables of the same shape | s/page (median) |",
           "|---|---|---|---|---|---|---|---|"]
    for copy in SCANS:
        numbers = exact = misread = silent = same = files = 0
        seconds: list[float] = []
        for case_id in case_ids:
            for name in pages[case_id]:
                r = compare_reading(work / "textpdf" / _rel(case_id) / name, work / copy / _rel(case_id) / name)
                numbers, exact, misread, silent = (numbers + r.numbers, exact + r.exact, misread + len(r.misread),
                                                   silent + r.silent)
                same += r.shapes_equal
                files += 1
                seconds.append(r.seconds_per_page)
        out.append(f"| {copy} | {numbers} | {exact} ({exact / max(numbers, 1):.1%}) | {misread - silent} | {silent} | "
                   f"{numbers - exact - misread} | {same}/{files} | {statistics.median(seconds):.1f} |")
    return "\n".join(out)


HAND_WRITTEN = "## Reading the table"


def _hand_written(report: Path | None) -> list[str]:
    """The section of an earlier report that starts with ``HAND_WRITTEN`` (up to the next ``## `` heading)."""
    if report is None or not report.is_file():
        return []
    out: list[str] = []
    for line in report.read_text(encoding="utf-8").splitlines():
        if line.startswith(HAND_WRITTEN):
            out.append(line)
        elif out and line.startswith("## "):
            break
        elif out:
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def _rel(case_id: str) -> Path:
    return case_dir(case_id).relative_to(ROOT / "corpus")


if __name__ == "__main__":
    main()
