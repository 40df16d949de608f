"""Totals: sums the forms state checked against their parts, and the review's own totals.

- :func:`check_column_totals` — a detail table's 合计/小计 (``ColumnTotal``) against the rows above it;
- :func:`check_stated_totals` — a 一级 heading (:func:`check_level1_weight`) and 总分 of scores
  (:func:`check_score_total`) against the rows of their own file (and table);
- :func:`check_weights` — Σ分值 of each indicator table (plus the budget weight the form gives) against 100
  and against the 合计/总分 weight rows, whatever those rows say;
- :func:`summary` — budget score + Σ rule scores, the self total and the rating (none above 100, none for a
  partial total: indicators the rules could not score, no budget execution rate).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docreview.models import Claim, ScoreSummary, StatedTotal
from docreview.score.budget import BudgetExecution
from docreview.score.engine import Engine, Row, decimals, has_any, num, span_evidence

# --------------------------------------------------------------------------- detail tables


def check_column_totals(eng: Engine) -> None:
    """合计/小计 rows of detail tables (明细表, 成本构成) against the sum of the rows above them."""
    tol = eng.profile.amount_tolerance
    for t in eng.inp.column_totals:
        total = sum(t.parts)
        diff = t.stated - total
        if abs(diff) <= tol + 1e-9:
            continue
        digits = max([decimals(t.stated), *(decimals(v) for v in t.parts)])
        total, diff = round(total, digits), round(diff, digits)
        eng.flag("arithmetic_error", None, "high",
                 f"{t.label}「{t.column}」为{num(t.stated)}{t.unit}，各行（{len(t.parts)}行）之和为"
                 f"{num(total)}{t.unit}，相差{num(abs(diff))}{t.unit}",
                 key=f"detail.column_total|{t.span.file}|{t.span.table}|{t.span.row}|{t.column}"
                     + ("" if t.span.table is not None else f"|{t.span.block}|{t.span.start}"),
                 inputs={"stated": t.stated, "sum": total, "difference": diff, "column": t.column,
                         "unit": t.unit, "rows": len(t.parts), "tolerance": tol},
                 evidence=[*span_evidence("report", t.span), *span_evidence("report", t.parts_span)])


# --------------------------------------------------------------------------- stated totals


def _form_rows(eng: Engine, t: StatedTotal) -> list[Claim]:
    """The table rows a stated total speaks of: rows of the same file, and of the same table when known."""
    rows = [c for c in eng.inp.claims if c.kind == "row" and c.span.file == t.span.file]
    if t.span.table is not None:
        same = [c for c in rows if c.span.table == t.span.table]
        if same:
            rows = same
    return rows


def _weights_known(rows: Sequence[Claim]) -> bool:
    """Every row that is an indicator (has a score or an actual) carries a 分值."""
    return any(c.weight is not None for c in rows) and not any(
        c.weight is None and (c.self_score is not None or c.actual is not None) for c in rows)


def _levels(eng: Engine, c: Claim) -> tuple[str | None, str | None]:
    """The 一级/二级 of a row: its own, else those of the indicator it answers."""
    lv1, lv2 = eng.levels.get(c.id, (None, None))
    return c.level1 or lv1, c.level2 or lv2


def _level1_members(eng: Engine, rows: list[Claim], t: StatedTotal) -> list[Claim]:
    """Rows under a stated 一级 weight: same 一级 text, else the same group; a heading of no group
    (``绩效指标(90分)``, ``年度目标(80分)``) covers every row of the table."""
    def norm(s: str | None) -> str:
        return re.sub(r"[（(][^)）]*[)）]|\d+(\.\d+)?分?|[\s:：]", "", s or "")

    want = norm(t.level1 or t.label)
    exact = [c for c in rows if want and norm(_levels(eng, c)[0]) == want]
    if exact:
        return exact
    grp = eng.group_of(t.level1, t.label)
    if grp is None:
        return rows
    return [c for c in rows if eng.group_of(*_levels(eng, c)) == grp]


def short_of_dimensions(eng: Engine, rows: Sequence[Claim]) -> list[str]:
    """The required 一级 groups after 产出 (效益, 满意度 …) that a table without a 合计/总分 row lacks, when it
    lacks all of them: a table of 产出 (and 成本) rows only, whose weights add up to less than they should, is
    more likely a page or a capture that stops early than a sum the unit got wrong, so the shortfall is a
    reading problem (no rating), never ``arithmetic_error``.  A table with 效益 rows but no 满意度 is taken as
    whole (forms without a 满意度 group exist)."""
    keys = {(c.span.file, c.span.table) for c in rows}
    if any(t.kind in ("weight_total", "score_total") and (t.span.file, t.span.table) in keys
           for t in eng.inp.totals):
        return []
    missing = eng.missing_dimensions(_levels(eng, c) for c in rows)
    later = [g for g in eng.profile.required_level1 if g not in ("产出", "成本")]
    return missing if later and all(g in missing for g in later) else []


def check_stated_totals(eng: Engine, budget: BudgetExecution) -> None:
    """一级 headings and 总分 of scores against their own parts, in the order the forms give them (合计 of
    分值 is checked with the weights themselves, by :func:`check_weights`)."""
    for t in eng.inp.totals:
        if t.kind == "level1_weight":
            check_level1_weight(eng, t)
        elif t.kind == "score_total":
            check_score_total(eng, t, budget)


def check_level1_weight(eng: Engine, t: StatedTotal) -> None:
    """A 一级 heading's weight against its rows (a heading of no group, ``年度目标(90分)``, against all rows);
    the budget execution heading is the budget weight, not a sum."""
    label = f"{t.level1 or ''}{t.label}"
    if has_any(eng.words.budget_weight_labels, label):
        return
    members = _level1_members(eng, _form_rows(eng, t), t)
    if not _weights_known(members):
        return
    tol = eng.profile.arithmetic_tolerance
    wsum = sum(c.weight or 0.0 for c in members)
    if wsum < t.value and eng.group_of(t.level1, t.label) is None:
        missing = short_of_dimensions(eng, members)
        if missing:  # a heading over the whole table, whose rows stop before its last groups
            eng.incomplete.append(f"{t.label}{num(t.value)}分，读到的指标分值之和只有{num(wsum)}分，"
                                  f"且没有{'、'.join(missing)}指标：表格可能未读全")
            return
    if abs(wsum - t.value) > tol + 1e-9:
        name = t.level1 or t.label
        eng.flag("arithmetic_error", None, "high",
                 f"{name}：所属指标分值之和为{num(wsum)}，表中该项分值为{num(t.value)}",
                 key=f"totals.level1_weight|{name}",
                 inputs={"stated": t.value, "sum": wsum, "level1": name, "indicators": len(members),
                         "tolerance": tol},
                 evidence=[*span_evidence("report", t.span),
                           *(e for c in members for e in eng.report_ev(c))][:20])


def check_score_total(eng: Engine, t: StatedTotal, budget: BudgetExecution) -> None:
    """总分 against the rows' self scores plus the budget self score; when that is not on the form,
    anything in ``[Σ, Σ + budget weight]`` is accepted."""
    scores = [c.self_score for c in _form_rows(eng, t) if c.self_score is not None]
    if not scores:
        return
    tol = eng.profile.arithmetic_tolerance
    budget_self = budget.self_score
    ssum = sum(scores)
    same_file_self = next((b.self_score for b in eng.inp.budget
                           if b.self_score is not None and b.span.file == t.span.file), None)
    ok = abs(t.value - ssum) <= tol + 1e-9
    if budget_self is not None:
        ok = ok or abs(t.value - ssum - budget_self) <= tol + 1e-9
    if same_file_self is None:  # the budget score is not on this form: it may be anything 0…w
        ok = ok or ssum - tol <= t.value <= ssum + budget.weight + tol
    if not ok:
        total = ssum + (budget_self or 0.0)
        eng.flag("arithmetic_error", None, "high",
                 f"{t.label}：表中总分{num(t.value)}，各项自评得分之和为{num(total)}",
                 key=f"totals.score_total|{t.label}|{t.value}",
                 inputs={"stated": t.value, "sum": total, "indicator_scores": ssum,
                         "budget_self_score": budget_self, "tolerance": tol},
                 evidence=span_evidence("report", t.span))


def check_weights(eng: Engine, budget: BudgetExecution) -> None:
    """Weights that do not add up (domain.md §5), checked from the rows themselves, whatever a 合计/总分 row
    claims; one flag per mismatch:

    - per table of indicator rows that all carry a 分值: Σ分值 plus the budget weight the form gives must be
      100; without a stated budget weight (the budget may be weighted elsewhere) only a Σ above 100 is an error;
    - each 合计/总分 of 分值 against the rows of its file (and table), with or without the budget weight.  A
      stated 100 that the rows miss is the same mismatch as the first, reported once."""
    tol = eng.profile.arithmetic_tolerance
    stated = [t for t in eng.inp.totals if t.kind == "weight_total" and _weights_known(_form_rows(eng, t))]
    tables: dict[tuple[str, int | None], list[Claim]] = {}
    for c in eng.inp.claims:
        if c.kind == "row":
            tables.setdefault((c.span.file, c.span.table), []).append(c)
    off_100: set[tuple[str, int | None]] = set()
    for (file, table), rows in tables.items():
        if not _weights_known(rows):
            continue
        wsum = sum(c.weight or 0.0 for c in rows)
        total = wsum + budget.weight if budget.weight_stated else wsum
        if abs(total - 100) <= tol + 1e-9 or (not budget.weight_stated and total < 100):
            continue
        missing = short_of_dimensions(eng, rows) if total < 100 else []
        if missing:
            eng.incomplete.append(f"分值合计只有{num(total)}分（预算执行{num(budget.weight)}分 + 各指标{num(wsum)}分），"
                                  f"且没有{'、'.join(missing)}指标：表格可能未读全")
            continue
        off_100.add((file, table))
        ids = {c.id for c in rows}
        rows_stated = [t for t in stated if any(c.id in ids for c in _form_rows(eng, t))]
        said = "".join(f"，表中{t.label}为{num(t.value)}分" for t in rows_stated)
        eng.flag("arithmetic_error", None, "high",
                 (f"分值合计：预算执行{num(budget.weight)}分 + 各指标{num(wsum)}分 = {num(total)}分，"
                  f"不等于100分{said}") if budget.weight_stated
                 else f"分值合计：各指标分值之和为{num(wsum)}分，超过100分{said}",
                 key=f"totals.weights_100|{file}|{table}",
                 inputs={"sum": wsum, "budget_weight": budget.weight if budget.weight_stated else None,
                         "total": total, "expected": 100.0,
                         "stated": rows_stated[0].value if rows_stated else None, "tolerance": tol},
                 evidence=[*(e for t in rows_stated for e in span_evidence("report", t.span)),
                           *(e for c in rows for e in eng.report_ev(c))][:20])
    for t in stated:
        rows = _form_rows(eng, t)
        wsum = sum(c.weight or 0.0 for c in rows)
        if any(abs(t.value - o) <= tol + 1e-9 for o in (wsum, wsum + budget.weight)):
            continue
        if abs(t.value - 100) <= tol + 1e-9 and any((c.span.file, c.span.table) in off_100 for c in rows):
            continue  # "合计 100" against rows that miss 100: the mismatch reported above
        eng.flag("arithmetic_error", None, "high",
                 f"{t.label}：表中分值合计{num(t.value)}，各指标分值之和为{num(wsum)}"
                 f"（加预算执行{num(budget.weight)}分为{num(wsum + budget.weight)}）",
                 key=f"totals.weight_total|{t.label}|{t.value}",
                 inputs={"stated": t.value, "sum": wsum, "budget_weight": budget.weight,
                         "tolerance": tol}, evidence=span_evidence("report", t.span))


# --------------------------------------------------------------------------- the review's totals


def _claimed_scores(eng: Engine, rows: list[Row]) -> list[float]:
    """Self scores of the indicators, plus those of table rows no indicator took (each claim once)."""
    seen: set[str] = set()
    scores: list[float] = []
    for r in rows:
        if r.score_claim is not None and r.score_claim.self_score is not None:
            seen.add(r.score_claim.id)
            scores.append(r.score_claim.self_score)
    taken = {c.id for r in rows for c in r.group}
    for c in eng.inp.claims:
        if c.kind == "row" and c.self_score is not None and c.id not in taken and c.id not in seen:
            seen.add(c.id)
            scores.append(c.self_score)
    return scores


def summary(eng: Engine, rows: list[Row], budget: BudgetExecution) -> ScoreSummary:
    """Computed total = budget score + Σ rule scores (unscored indicators add 0); the self total is the
    claimed scores plus the budget self score, else a stated 总分."""
    profile = eng.profile
    indicator_score = profile.round(sum(r.result.rule_score or 0.0 for r in rows if r.result is not None))
    computed = profile.round(indicator_score + (budget.rule_score or 0.0))
    self_scores = _claimed_scores(eng, rows)
    budget_self = budget.self_score
    self_total: float | None
    if self_scores or budget_self is not None:
        self_total = profile.round(sum(self_scores) + (budget_self or 0.0))
    else:
        stated = [t.value for t in eng.inp.totals if t.kind == "score_total"]
        self_total = stated[0] if stated else None
    unread = not_rated_reason(eng)
    incomplete = ("读取可能不完整，不评级 / the table may be incomplete, not rated：" + "；".join(eng.incomplete)
                  if eng.incomplete else None)
    not_rated = (unread or incomplete or unparsed_criteria_reason(rows) or unscored_reason(rows)
                 or no_execution_reason(budget)
                 or over_100_reason(eng, computed, budget.weight, sum(r.weight for r in rows)))
    return ScoreSummary(
        budget_score=budget.rule_score,
        budget_weight=profile.round(budget.weight),
        execution_rate=None if budget.rate is None else round(budget.rate, 6),
        indicator_score=indicator_score,
        computed_total=None if unread or incomplete else computed,
        self_total=self_total,
        rating=None if not_rated else profile.rating(computed),
        not_rated=not_rated,
    )


def unparsed_criteria_reason(rows: list[Row]) -> str | None:
    """Rows scored by a 评分标准 docreview could not read keep the unit's own score: the total is shown, but a
    rating of it would rest on scores nobody recomputed (issue: the review never invents a total)."""
    n = sum(1 for r in rows if r.result is not None and r.result.status in ("criterion_unparsed", "criterion_no_value"))
    if not n:
        return None
    return (f"评分标准未能解析{n}行（保留单位自评得分）：不评级 / {n} scoring criteria could not be applied "
            "(the unit's own scores are kept): not rated")


def unscored_rows(rows: list[Row]) -> list[Row]:
    """Indicators with a weight that the rules could not score (``rule_score`` None: a number answered with a
    word, an actual in units that do not convert, a word no band knows, no target, a rubric row with no value
    …).  A ``not_reported`` row scores 0 and is scored; a not applicable row dropped by the profile, and a row
    of an unread 评分标准 (:func:`unparsed_criteria_reason`), are not counted here."""
    return [r for r in rows if r.result is not None and r.result.rule_score is None and r.not_applicable is None
            and r.weight > 0 and r.result.status not in ("criterion_unparsed", "criterion_no_value")]


def unscored_reason(rows: list[Row]) -> str | None:
    """Indicators the rules could not score add 0 to the computed total, so the total is partial: it is shown,
    but gets no rating (domain.md §4: "with indicators that could not be scored … no 优/良/中/差")."""
    missing = unscored_rows(rows)
    if not missing:
        return None
    n = len(missing)
    names = "".join(f"「{r.ind.name}」" for r in missing[:5]) + ("等" if n > 5 else "")
    weight = sum(r.weight for r in missing)
    return (f"{n}项指标无法按规则计分（{names}，分值共{num(round(weight, 2))}分，计0分）：总分不完整，不评级 / "
            f"{n} indicator{'s' if n > 1 else ''} could not be scored by the rules (counted as 0): the total is "
            "partial, not rated")


def no_execution_reason(budget: BudgetExecution) -> str | None:
    """Budget figures were read but no execution rate follows from them (an allocation with no 执行数, a spending
    figure with no budget): the budget part of the total is missing, so the total is partial and gets no rating
    (domain.md §4); the computed figure is still shown."""
    if budget.rule_score is not None or budget.weight <= 0:
        return None
    return ("预算执行率无法计算（读到的预算数字中没有可对应的预算数与执行数）：总分不完整，不评级 / no budget execution "
            "rate could be computed from the budget figures read: the total is partial, not rated")


def over_100_reason(eng: Engine, computed: float, budget_weight: float, indicator_weights: float) -> str | None:
    """A total that is not out of 100 -- computed above 100, or from weights that add up to more -- gets no
    rating (a rating of it would mean nothing); the computed figure is still shown."""
    p = eng.profile
    out_of = p.round(budget_weight + indicator_weights)
    over = 100 + p.arithmetic_tolerance + 1e-9
    if computed <= over and out_of <= over:
        return None
    return (f"计算总分{num(computed)}分，所依据的分值合计{num(out_of)}分（预算执行{num(p.round(budget_weight))}分 + "
            f"各指标{num(p.round(indicator_weights))}分），超过100分：不评级 / "
            f"the total is out of {num(out_of)}, not 100: not rated")


def not_rated_reason(eng: Engine) -> str | None:
    """Why the review gets no total and no rating: what was read is not enough to score (domain.md §4; the
    reading summary's problems), or there is nothing to score yet (a target table reviewed on its own)."""
    reading = eng.inp.reading
    if reading is None:
        return None
    if reading.targets_only:
        return "只有绩效目标（目标表），没有实际完成值：不计分、不评级 / targets only: not scored"
    if reading.problems:
        return "读取不完整，不计分、不评级 / reading incomplete, not scored：" + "；".join(reading.problems)
    return None
