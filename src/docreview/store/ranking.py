"""Across units (domain.md §5, 结果应用): a batch's units ranked by computed score and by the gap between
their self score and the computed one, the 通报 table (XLSX) with each unit's open and confirmed flags, and
indicator benchmarks: one indicator (name key) across units with the spread of its targets, and identical
targets given to different units (``duplicate_target``, shown as information).

Pure functions of stored records; ``Workspace.batch_ranking`` and ``Workspace.indicator_benchmarks`` load them.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from docreview import normalize
from docreview.models import DOC_KIND_ZH, FLAG_ZH, SEVERITY_ZH, Quantity
from docreview.store.history import unit_key
from docreview.store.records import ReviewRecord, local_time

OPEN_DECISIONS = ("pending", "needs_info")
"""A flag is open until a reviewer confirms or dismisses it (需补充材料 keeps it open)."""
NO_UNIT = "（未填写单位）"


class UnitRank(BaseModel):
    """One unit of a batch: its scores (mean over its scored reviews), ranks and flags."""

    unit_name: str
    review_ids: list[int]
    kinds: list[str]  # Chinese names of the document kinds reviewed
    computed_total: float | None = None
    self_total: float | None = None
    gap: float | None = None  # self − computed
    rating: str | None = None
    score_rank: int | None = None  # 1 = highest computed score; None: not scored
    gap_rank: int | None = None  # 1 = largest self − computed gap; None: no self score
    flags: int = 0
    open_flags: int = 0
    confirmed_flags: int = 0
    confirmed_by_type: dict[str, int] = Field(default_factory=dict)  # flag code → count
    open_by_severity: dict[str, int] = Field(default_factory=dict)

    def confirmed_text(self) -> str:
        """``未完成目标×2；缺少偏差原因×1``"""
        return "；".join(f"{FLAG_ZH.get(t, t)}×{n}" for t, n in self.confirmed_by_type.items())


class Ranking(BaseModel):
    batch_id: int | None
    batch_name: str
    units: list[UnitRank] = Field(default_factory=list)  # by score rank, unscored last

    def by_gap(self) -> list[UnitRank]:
        return sorted(self.units, key=lambda u: (u.gap_rank is None, u.gap_rank or 0, u.unit_name))


def _ranks(values: dict[str, float], *, descending: bool = True) -> dict[str, int]:
    """Competition ranks (1, 1, 3): equal values share a rank."""
    ordered = sorted(values.values(), reverse=descending)
    return {k: ordered.index(v) + 1 for k, v in values.items()}


def _mean(xs: list[float]) -> float | None:
    return round(sum(xs) / len(xs), 2) if xs else None


def rank_units(records: Sequence[ReviewRecord], *, batch_id: int | None = None, batch_name: str = "") -> Ranking:
    """The units of ``records`` (latest versions) ranked by computed score and by self − computed gap; a unit with
    reviews of several years is ranked on its latest year's."""
    groups: dict[str, list[ReviewRecord]] = defaultdict(list)
    names: dict[str, str] = {}
    for r in records:
        key = unit_key(r.summary.unit_name) or NO_UNIT
        groups[key].append(r)
        names.setdefault(key, r.summary.unit_name.strip() or NO_UNIT)
    units: dict[str, UnitRank] = {}
    for key, recs in groups.items():
        years = [r.review.year for r in recs if r.review.year is not None]
        if years:  # a unit's latest year only: ranking all batches must not average two years of one unit
            recs = [r for r in recs if r.review.year == max(years)]
        scored = [r.summary for r in recs if r.summary.computed_total is not None]
        computed = _mean([s.computed_total for s in scored if s.computed_total is not None])
        self_total = _mean([s.self_total for s in scored if s.self_total is not None])
        ratings = {s.rating for s in scored if s.rating}
        u = UnitRank(unit_name=names[key], review_ids=[r.id for r in recs],
                     kinds=sorted({DOC_KIND_ZH[r.review.doc_kind] for r in recs}),
                     computed_total=computed, self_total=self_total,
                     gap=None if computed is None or self_total is None else round(self_total - computed, 2),
                     rating=ratings.pop() if len(ratings) == 1 else None)
        confirmed: Counter[str] = Counter()
        open_sev: Counter[str] = Counter()
        for r in recs:
            for f in r.flags:
                u.flags += 1
                if f.decision in OPEN_DECISIONS:
                    u.open_flags += 1
                    open_sev[f.flag.severity] += 1
                elif f.decision == "confirmed":
                    u.confirmed_flags += 1
                    confirmed[f.flag.type] += 1
        u.confirmed_by_type = dict(confirmed.most_common())
        u.open_by_severity = {s: open_sev[s] for s in ("high", "medium", "low") if open_sev[s]}
        units[key] = u
    score_rank = _ranks({k: u.computed_total for k, u in units.items() if u.computed_total is not None})
    gap_rank = _ranks({k: u.gap for k, u in units.items() if u.gap is not None})
    for k, u in units.items():
        u.score_rank, u.gap_rank = score_rank.get(k), gap_rank.get(k)
    ordered = sorted(units.values(), key=lambda u: (u.score_rank is None, u.score_rank or 0, u.unit_name))
    return Ranking(batch_id=batch_id, batch_name=batch_name, units=ordered)


# ---------------------------------------------------------------------- indicator benchmarks


class UnitTarget(BaseModel):
    unit_name: str
    review_id: int
    target_text: str
    value: float | None = None  # in the benchmark's unit
    direction: str | None = None


class Benchmark(BaseModel):
    """One indicator (name key) across units: the spread of its targets and identical targets."""

    key: str
    name: str
    unit: str = ""  # the measure the min/median/max are in (the commonest among the targets)
    targets: list[UnitTarget] = Field(default_factory=list)
    minimum: float | None = None
    median: float | None = None
    maximum: float | None = None
    duplicates: list[list[str]] = Field(default_factory=list)  # groups of units given the identical target
    severity: str = "low"

    @property
    def units(self) -> int:
        return len({unit_key(t.unit_name) for t in self.targets})

    def note(self) -> str:
        """The ``duplicate_target`` information, in words (empty when every unit has its own target)."""
        if not self.duplicates:
            return ""
        groups = "；".join(f"{'、'.join(g)}" for g in self.duplicates)
        return f"{FLAG_ZH['duplicate_target']}（{SEVERITY_ZH[self.severity]}，仅供参考）：不同单位目标相同——{groups}"


def _target_of(q: Quantity | None, to_unit: str) -> float | None:
    if q is None or q.value is None or q.kind not in ("number", "percent"):
        return None
    if (q.unit or "") == to_unit:
        return float(q.value)
    return normalize.convert(float(q.value), q.unit or "", to_unit) if q.unit and to_unit else None


def indicator_benchmarks(records: Sequence[ReviewRecord]) -> list[Benchmark]:
    """The indicators that two or more units set targets for, by name key, with min/median/max of the targets
    and the groups of units given an identical target (most units first)."""
    seen: dict[str, dict[str, tuple[str, int, str, Quantity | None, str | None]]] = defaultdict(dict)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        ukey = unit_key(r.summary.unit_name) or NO_UNIT
        for ind in r.review.indicators:
            key = normalize.normalize_name(ind.name)
            if not key or ukey in seen[key]:  # one target per unit: the first (latest review first)
                continue
            seen[key][ukey] = (r.summary.unit_name.strip() or NO_UNIT, r.id, ind.target_text.strip(), ind.target,
                               ind.direction)
            names[key][ind.name] += 1
    out: list[Benchmark] = []
    for key, per_unit in seen.items():
        if len(per_unit) < 2:
            continue
        measures = Counter(q.unit or "" for (_, _, _, q, _) in per_unit.values() if q is not None and q.value is not None)
        measure = measures.most_common(1)[0][0] if measures else ""
        b = Benchmark(key=key, name=names[key].most_common(1)[0][0], unit=measure)
        for unit_name, rid, text, q, direction in per_unit.values():
            b.targets.append(UnitTarget(unit_name=unit_name, review_id=rid, target_text=text,
                                        value=_target_of(q, measure), direction=direction or (q.direction if q else None)))
        b.targets.sort(key=lambda t: t.unit_name)
        values = [t.value for t in b.targets if t.value is not None]
        if values:
            b.minimum, b.median, b.maximum = min(values), statistics.median(values), max(values)
        same: dict[tuple[object, ...], list[str]] = defaultdict(list)
        for t in b.targets:
            ident: tuple[object, ...] = ((t.value, t.direction) if t.value is not None
                                         else (normalize.to_halfwidth(t.target_text).replace(" ", ""),))
            if ident != ("",):
                same[ident].append(t.unit_name)
        b.duplicates = sorted((g for g in same.values() if len(g) > 1), key=lambda g: (-len(g), g))
        out.append(b)
    return sorted(out, key=lambda b: (-b.units, b.name))


# ---------------------------------------------------------------------- the 通报 table

RANKING_COLUMNS: list[tuple[str, int]] = [
    ("排名", 6), ("单位", 24), ("文件类型", 12), ("规则计算总分", 12), ("单位自评总分", 12), ("自评与计算差额", 13),
    ("差额排名", 9), ("评级", 7), ("问题总数", 9), ("未处理问题", 10), ("已确认问题", 10), ("已确认问题类型", 40),
    ("审核记录", 14),
]
BENCHMARK_COLUMNS: list[tuple[str, int]] = [
    ("指标", 28), ("单位数", 8), ("计量单位", 9), ("最小目标", 10), ("中位目标", 10), ("最大目标", 10),
    ("各单位目标", 50), ("提示", 50),
]


def ranking_rows(ranking: Ranking) -> list[list[object]]:
    """The 通报表's rows (``RANKING_COLUMNS``), a unit per row by computed score (the batch export uses them too)."""
    return [[u.score_rank, u.unit_name, "、".join(u.kinds), u.computed_total, u.self_total, u.gap, u.gap_rank,
             u.rating or "不评级", u.flags, u.open_flags, u.confirmed_flags, u.confirmed_text(),
             "、".join(f"#{i}" for i in u.review_ids)] for u in ranking.units]


def xlsx_table_writer(wb: Any) -> Callable[[str, str, list[tuple[str, int]], list[list[object]]], None]:
    """``table(sheet_name, heading, columns, rows)`` writing a titled table into the xlsxwriter workbook ``wb``:
    row 1 the heading across the columns, row 2 the headers (name, width), then the rows — values only, text made
    safe (``export.safe_cell``), numbers as numbers.  The 通报 XLSX and the batch workbook share it."""
    from docreview.store.export import safe_cell

    title = wb.add_format({"bold": True, "font_size": 14, "align": "center", "font_name": "宋体"})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center",
                            "valign": "vcenter", "text_wrap": True, "font_name": "宋体"})
    cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "font_name": "宋体"})
    number = wb.add_format({"valign": "top", "border": 1, "num_format": "0.00", "font_name": "宋体"})

    def table(sheet_name: str, heading: str, columns: list[tuple[str, int]], rows: list[list[object]]) -> None:
        sh = wb.add_worksheet(sheet_name)
        sh.merge_range(0, 0, 0, len(columns) - 1, safe_cell(heading), title)
        for col, (name, width) in enumerate(columns):
            sh.write_string(1, col, name, header)
            sh.set_column(col, col, width)
        for n, row in enumerate(rows, start=2):
            for col, value in enumerate(row):
                if value is None or value == "":
                    sh.write_blank(n, col, None, cell)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    sh.write_number(n, col, value, number if isinstance(value, float) else cell)
                else:
                    sh.write_string(n, col, safe_cell(value), cell)
        sh.freeze_panes(2, 0)

    return table


def ranking_to_xlsx(ranking: Ranking, benchmarks: Sequence[Benchmark] = ()) -> bytes:
    """The 通报 table as XLSX bytes: sheet 通报表 (row 1 the title, row 2 the headers, a row per unit by
    computed score) and sheet 指标对标 (a row per indicator shared by two or more units)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": "绩效审核结果通报表", "author": "docreview",
                       "created": dt.datetime.now(dt.UTC).replace(tzinfo=None)})
    table = xlsx_table_writer(wb)

    label = ranking.batch_name or "全部批次"
    table("通报表", f"{label} 绩效审核结果通报（{local_time(dt.datetime.now(dt.UTC))[:10]}）", RANKING_COLUMNS,
          ranking_rows(ranking))
    table("指标对标", f"{label} 指标目标对标", BENCHMARK_COLUMNS, [
        [b.name, b.units, b.unit, b.minimum, b.median, b.maximum,
         "；".join(f"{t.unit_name}：{t.target_text or '—'}" for t in b.targets), b.note()]
        for b in benchmarks])
    wb.close()
    return buf.getvalue()
