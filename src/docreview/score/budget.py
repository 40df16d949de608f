"""Budget execution: the rate and the score it earns, and the budget lines checked against each other.

:func:`execution` reads the rate; :func:`check_low_execution` and :func:`check_self_score` judge it.  The
consistency of the budget lines is four separate checks, run in this order:

- :func:`check_totals_against_details` — a table's total line against the sum of its detail lines;
- :func:`check_repeated_figures` — the same figure given twice with different amounts;
- :func:`check_adjustments` — 年初预算 + 追加/调减 against the stated 调整后预算;
- :func:`check_stated_rates` — a stated execution rate against executed ÷ budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docreview import normalize
from docreview.models import BudgetLine, Quantity, RuleValue
from docreview.score.engine import Engine, denominator, has_any, in_table, num, span_evidence
from docreview.score.profile import Profile

_BUDGET_FIELDS = {"initial": "年初预算数", "adjusted": "全年预算数", "executed": "全年执行数"}


def _mentions(text: str, value: float) -> bool:
    """Whether ``text`` writes ``value`` in Arabic figures (``130``, ``130.0``, ``130.00``)."""
    for m in re.finditer(r"\d+(?:\.\d+)?", normalize.to_halfwidth(text or "").replace(",", "")):
        if abs(float(m.group()) - value) < 1e-9:
            return True
    return False


def _tables(eng: Engine) -> dict[tuple[str, int | None], list[BudgetLine]]:
    out: dict[tuple[str, int | None], list[BudgetLine]] = {}
    for b in eng.inp.budget:
        if in_table(b):
            out.setdefault((b.span.file, b.span.table), []).append(b)
    return out


def _amount(eng: Engine, line: BudgetLine, fld: str, unit: str) -> float | None:
    v = getattr(line, fld)
    if v is None:
        return None
    return eng.convert(v, line.unit, unit)


# --------------------------------------------------------------------------- execution rate and score


@dataclass
class BudgetExecution:
    """The budget execution rate, the score it earns and the lines it was read from."""

    weight: float
    weight_stated: bool  # a 分值 on a budget line or a heading such as 预算执行情况(20分)
    rate: float | None = None
    executed: float | None = None
    adjusted: float | None = None
    line: BudgetLine | None = None  # the line the rate was read from (the first detail line for a sum)
    self_line: BudgetLine | None = None
    rule_score: float | None = None

    @property
    def self_score(self) -> float | None:
        return self.self_line.self_score if self.self_line is not None else None


def execution(eng: Engine, weight: float, weight_stated: bool) -> BudgetExecution:
    """The execution rate, its rule score and the self score of the budget.

    The rate comes from, in order: a table's total line; the sum of a table's detail lines; a prose total
    with both figures; a stated rate."""
    ex = BudgetExecution(weight=weight, weight_stated=weight_stated)
    lines = eng.budget_order()
    if not lines:
        return ex
    candidates: list[tuple[float, float, BudgetLine]] = []
    for t in lines:
        den = denominator(t)
        if t.is_total and in_table(t) and t.executed is not None and den:
            candidates.append((t.executed, den, t))
    for table in _tables(eng).values():
        details = [d for d in table if not d.is_total]
        executed = [d.executed for d in details if d.executed is not None]
        den_sum = sum(x for x in (denominator(d) for d in details) if x is not None)
        if executed and den_sum:
            candidates.append((sum(executed), den_sum, details[0]))
    for t in lines:
        den = denominator(t)
        if t.is_total and not in_table(t) and t.executed is not None and den:
            candidates.append((t.executed, den, t))
    if candidates:
        ex.executed, ex.adjusted, ex.line = candidates[0]
        ex.rate = ex.executed / ex.adjusted
    else:
        stated = next((b for b in lines if b.rate_stated is not None), None)
        if stated is not None and stated.rate_stated is not None:
            ex.rate, ex.line = stated.rate_stated / 100, stated
    ex.self_line = next((b for b in lines if b.self_score is not None), None)
    if ex.rate is not None:
        ex.rule_score = eng.profile.round(rate_score(eng.profile, ex.rate, weight))
    return ex


def rate_score(p: Profile, rate: float, weight: float) -> float:
    """The points an execution rate earns (domain.md §4): ``proportional`` min(rate, 1) × weight; ``threshold``
    the share of the highest band the rate reaches, and below the lowest band that band's points less
    ``per_point`` for each percentage point short (pro rata), never below ``floor``."""
    if p.budget_mode == "proportional":
        return min(rate, 1.0) * weight
    t = p.budget_threshold
    for at, share in t.bands:
        if rate >= at - 1e-9:
            return share * weight
    at, share = t.bands[-1]
    return min(share * weight, max(t.floor, share * weight - t.per_point * (at - rate) * 100))


def _rule_inputs(eng: Engine, ex: BudgetExecution) -> dict[str, RuleValue]:
    return {"rate": ex.rate, "executed": ex.executed, "adjusted": ex.adjusted, "unit": _unit(ex),
            "weight": ex.weight, "rule_score": ex.rule_score, "self_score": ex.self_score,
            "threshold": eng.profile.low_budget_threshold, "budget_mode": eng.profile.budget_mode}


def _unit(ex: BudgetExecution) -> str:
    return ex.line.unit if ex.line is not None else "万元"


def check_low_execution(eng: Engine, ex: BudgetExecution) -> None:
    """An execution rate below the profile's ``low_budget_threshold``."""
    threshold = eng.profile.low_budget_threshold
    if ex.rate is None or not ex.rate < threshold - 1e-12:
        return
    unit = _unit(ex)
    basis = (f"执行{num(ex.executed)}{unit}÷预算{num(ex.adjusted)}{unit}" if ex.executed is not None
             else "表中所列执行率")
    eng.flag("low_budget_execution", None, "medium",
             f"预算执行率{ex.rate * 100:.2f}%（{basis}），低于{num(threshold * 100)}%",
             key="budget.low_execution", inputs=_rule_inputs(eng, ex),
             evidence=span_evidence("report", ex.line.span if ex.line else None))


def check_self_score(eng: Engine, ex: BudgetExecution) -> None:
    """A budget self score above the stated budget weight, or above what the rate earns."""
    self_score, rule, weight, tol = ex.self_score, ex.rule_score, ex.weight, eng.profile.score_tolerance
    if ex.rate is None or rule is None or self_score is None or ex.self_line is None:
        return
    # without a stated budget weight the form's scale is unknown (10 or 20 points): no comparison
    if not ex.weight_stated:
        return
    inputs: dict[str, RuleValue] = {**_rule_inputs(eng, ex), "tolerance": tol}
    evidence = [*span_evidence("report", ex.line.span if ex.line else None),
                *span_evidence("report", ex.self_line.span)]
    if self_score > weight + tol:
        eng.flag("self_score_inflated", None, "medium",
                 f"预算执行：自评{num(self_score)}分，超过分值{num(weight)}分", key="budget.self_score",
                 inputs=inputs, evidence=evidence)
    elif self_score > rule + tol:
        eng.flag("self_score_inflated", None, "medium",
                 f"预算执行：自评{num(self_score)}分，按执行率{ex.rate * 100:.2f}%应得{num(rule)}分"
                 f"（分值{num(weight)}）", key="budget.self_score", inputs=inputs, evidence=evidence)


# --------------------------------------------------------------------------- consistency of the lines


def check_totals_against_details(eng: Engine) -> set[int]:
    """A table's total line against the detail lines of the same table: one flag per total line and kind.

    A zero total while the details hold money contradicts them (``inconsistent_values``); a non-zero total
    that differs from their sum is a sum problem (``arithmetic_error``).  Returns the ``id()`` of the zero
    total lines, which the later checks leave alone."""
    lines = eng.inp.budget
    totals = [b for b in lines if b.is_total]
    details = [b for b in lines if not b.is_total]
    tol = eng.profile.amount_tolerance
    zero_totals: set[int] = set()
    for t in totals:
        if not in_table(t):
            continue  # a prose total has no rows of its own
        rows = [d for d in details if in_table(d) and (d.span.file, d.span.table) == (t.span.file,
                                                                                      t.span.table)]
        zero: list[str] = []
        off: list[str] = []
        inputs: dict[str, RuleValue] = {"unit": t.unit, "tolerance": tol}
        used: list[BudgetLine] = []
        for fld, label in _BUDGET_FIELDS.items():
            tv = getattr(t, fld)
            parts: list[tuple[BudgetLine, float]] = []
            for d in rows:
                v = _amount(eng, d, fld, t.unit)
                if v is not None:
                    parts.append((d, v))
            if tv is None or not parts:
                continue
            s = sum(v for _d, v in parts)
            if abs(tv - s) <= tol + 1e-9:
                continue
            if "field" not in inputs:  # the first differing field under the plain keys
                inputs.update({"field": fld, "total": tv, "sum_of_details": s})
            inputs[f"{fld}_total"] = tv
            inputs[f"{fld}_sum_of_details"] = s
            used.extend(d for d, _v in parts if d not in used)
            if tv == 0 and s > 0:
                zero.append(f"{label}合计行为0{t.unit}、明细行合计为{num(s)}{t.unit}")
            else:
                off.append(f"{label}合计行为{num(tv)}{t.unit}、明细行之和为{num(s)}{t.unit}")
        ev = [*span_evidence("report", t.span), *(e for d in used for e in span_evidence("report", d.span))]
        if zero:
            zero_totals.add(id(t))
            eng.flag("inconsistent_values", None, "high", f"{t.label}：" + "；".join(zero),
                     key=f"budget.zero_total|{t.label}", inputs=inputs, evidence=ev)
        if off:
            eng.flag("arithmetic_error", None, "high", f"{t.label}：" + "；".join(off),
                     key=f"budget.total_vs_details|{t.label}", inputs=inputs, evidence=ev)
    return zero_totals


def _same_figure(b1: BudgetLine, b2: BudgetLine) -> bool:
    """Two lines of one label, or two totals of the same scope."""
    if normalize.normalize_name(b1.label) == normalize.normalize_name(b2.label):
        return True
    scoped = ("基本", "项目支出", "人员", "公用", "结转", "上年")
    return b1.is_total and b2.is_total and not has_any(scoped, b1.label) and not has_any(scoped, b2.label)


def check_repeated_figures(eng: Engine, zero_totals: set[int]) -> None:
    """The same figure given twice with different amounts (``inconsistent_values``): only when at least one
    is a table line, and not when the sentence also writes the table's figure (``调减至130万元``)."""
    lines = eng.inp.budget
    tabled = [in_table(b) for b in lines]
    for i, b1 in enumerate(lines):
        for j in range(i + 1, len(lines)):
            b2 = lines[j]
            if not (tabled[i] or tabled[j]):
                continue  # two prose sentences usually speak of different sums (基本支出, 三公经费 …)
            if not _same_figure(b1, b2) or id(b1) in zero_totals or id(b2) in zero_totals:
                continue  # a zero total line is one contradiction, flagged by check_totals_against_details
            diffs: list[str] = []
            pair_inputs: dict[str, RuleValue] = {"unit": b1.unit}
            for fld, label in _BUDGET_FIELDS.items():
                v1, v2 = getattr(b1, fld), getattr(b2, fld)
                if v1 is None or v2 is None:
                    continue
                prose = b2 if in_table(b1) and not in_table(b2) else (
                    b1 if in_table(b2) and not in_table(b1) else None)
                table_value = v1 if prose is b2 else v2
                if prose is not None and _mentions(prose.span.quote, table_value):
                    continue  # the sentence also states the table's figure (调减至130万元)
                if eng.same_value(Quantity(value=v1, unit=b1.unit), Quantity(value=v2, unit=b2.unit)) is False:
                    diffs.append(f"{label}{num(v1)}{b1.unit}与{num(v2)}{b2.unit}")
                    if "field" not in pair_inputs:
                        pair_inputs.update({"field": fld, "value_1": v1, "value_2": v2})
                    pair_inputs[f"{fld}_1"] = v1
                    pair_inputs[f"{fld}_2"] = v2
            if diffs:
                eng.flag("inconsistent_values", None, "high",
                         f"预算数据前后不一致：{b1.label}（{b1.span.where()}）与{b2.label}（{b2.span.where()}）"
                         f"分别为" + "；".join(diffs),
                         key=f"budget.repeated_figure|{b1.label}|{b2.label}|{i}", inputs=pair_inputs,
                         evidence=[*span_evidence("report", b1.span), *span_evidence("report", b2.span)])


def check_adjustments(eng: Engine) -> None:
    """年初预算 + 追加/调减 against the stated 调整后预算 (only when all three are stated)."""
    tol = eng.profile.amount_tolerance
    for b in eng.inp.budget:
        if b.initial is None or b.added is None or b.adjusted is None:
            continue
        expected = b.initial + b.added
        if abs(expected - b.adjusted) <= tol + 1e-9:
            continue
        change = f"追加{num(b.added)}" if b.added >= 0 else f"调减{num(-b.added)}"
        eng.flag("arithmetic_error", None, "high",
                 f"{b.label}：年初预算{num(b.initial)}{b.unit}、{change}{b.unit}，应为{num(expected)}{b.unit}，"
                 f"所列调整后预算为{num(b.adjusted)}{b.unit}，相差{num(round(abs(b.adjusted - expected), 6))}{b.unit}",
                 key=f"budget.adjustment|{b.label}|{b.span.file}|{b.span.start}",
                 inputs={"initial": b.initial, "added": b.added, "adjusted": b.adjusted,
                         "sum": expected, "difference": round(b.adjusted - expected, 6), "unit": b.unit,
                         "tolerance": tol},
                 evidence=span_evidence("report", b.span))


def check_stated_rates(eng: Engine) -> None:
    """A stated execution rate against executed ÷ budget (tolerance ``rate_tolerance_pp``)."""
    tol_pp = eng.profile.rate_tolerance_pp
    for b in eng.inp.budget:
        den = denominator(b)
        if b.rate_stated is None or b.executed is None or not den:
            continue
        calc = b.executed / den * 100
        if abs(calc - b.rate_stated) > tol_pp + 1e-9:
            eng.flag("arithmetic_error", None, "high",
                     f"{b.label}：表中执行率{num(b.rate_stated)}%，按执行数{num(b.executed)}÷预算数"
                     f"{num(den)}计算为{calc:.2f}%", key=f"budget.rate_stated|{b.label}",
                     inputs={"rate_stated": b.rate_stated, "rate_computed": round(calc, 4),
                             "executed": b.executed, "adjusted": den, "tolerance_pp": tol_pp},
                     evidence=span_evidence("report", b.span))


# --------------------------------------------------------------------------- reasons the report owes


_NOT_A_CAUSE = re.compile(r"受益|受理|受助|受训|享受|接受|因此")


def _budget_texts(eng: Engine) -> list[str]:
    """What the report says about its budget in words: the sentences budget lines were read from, and prose
    claims about the budget.  (A reason written in a later sentence that states no figure is not among them.)"""
    texts = [b.span.quote for b in eng.inp.budget if not in_table(b) and b.span.quote]
    texts += [c.text for c in eng.inp.claims
              if c.kind == "prose" and c.text and has_any(eng.words.budget_topic, c.text)]
    return texts


def explains_budget(eng: Engine) -> bool:
    """Whether the report gives a reason for its budget figures: a cause word (``原因``, ``由于``, ``因``, ``受``
    …) in a sentence about the budget.  The figures' own words (``调整后预算``, ``低于``) are not a reason."""
    return any(has_any(eng.words.budget_reason, _NOT_A_CAUSE.sub("", t)) for t in _budget_texts(eng))


def check_reasons(eng: Engine, ex: BudgetExecution) -> None:
    """Where the profile asks (``budget_reasons``): execution below ``low_budget_threshold`` and a mid-year
    adjustment (年初预算 ≠ 调整后预算) need a reason (``missing_deviation_reason``, no indicator)."""
    p = eng.profile
    if not p.budget_reasons or explains_budget(eng):
        return
    ev = span_evidence("report", ex.line.span if ex.line else None)
    if ex.rate is not None and ex.rate < p.low_budget_threshold - 1e-12:
        eng.flag("missing_deviation_reason", None, "medium",
                 f"预算执行率{ex.rate * 100:.2f}%，低于{num(p.low_budget_threshold * 100)}%，但未说明原因",
                 key="budget.reason_low_execution", inputs={**_rule_inputs(eng, ex), "reason": ""}, evidence=ev)
    for b in eng.budget_order():
        if b.initial is None or b.adjusted is None or abs(b.initial - b.adjusted) <= p.amount_tolerance + 1e-9:
            continue
        eng.flag("missing_deviation_reason", None, "medium",
                 f"{b.label}：年初预算{num(b.initial)}{b.unit}调整为{num(b.adjusted)}{b.unit}，但未说明调整原因",
                 key="budget.reason_adjustment", inputs={"initial": b.initial, "adjusted": b.adjusted,
                                                         "unit": b.unit, "reason": ""},
                 evidence=span_evidence("report", b.span))
        break  # one adjustment flag: the lines of one budget share the explanation


def check_over_budget(eng: Engine) -> None:
    """执行数 above 预算数 with no explanation in the report (``arithmetic_error``, domain.md §5)."""
    tol = eng.profile.amount_tolerance
    tables = _tables(eng)

    def budget_disagrees(b: BudgetLine) -> bool:
        """A table's total line whose budget differs from its detail lines': that sum is the error."""
        details = [d for d in tables.get((b.span.file, b.span.table), []) if not d.is_total]
        dens = [x for x in (denominator(d) for d in details) if x is not None]
        return b.is_total and in_table(b) and bool(dens) and abs(sum(dens) - (denominator(b) or 0.0)) > tol

    over = [b for b in eng.budget_order()
            if b.executed is not None and (den := denominator(b)) and b.executed > den + tol + 1e-9
            and not budget_disagrees(b)]
    if not over or explains_budget(eng):
        return
    # one fact, one flag: the first such line (a table total before its details, the form before prose)
    b = over[0]
    den = denominator(b) or 0.0
    others = "；另有" + "、".join(o.label for o in over[1:]) + "执行数超过预算数" if len(over) > 1 else ""
    eng.flag("arithmetic_error", None, "high",
             f"{b.label}：执行数{num(b.executed)}{b.unit}超过预算数{num(den)}{b.unit}，报告未说明原因{others}",
             key="budget.over_budget",
             inputs={"executed": b.executed, "adjusted": den, "unit": b.unit,
                     "difference": round((b.executed or 0.0) - den, 6), "tolerance": tol, "lines": len(over)},
             evidence=[e for o in over for e in span_evidence("report", o.span)])
