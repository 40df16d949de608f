"""Monitoring (绩效运行监控, domain.md §7.3): progress part-way through the year against 序时进度.

- :func:`check_budget` — ``behind_schedule`` (indicator null): budget execution so far (执行数 ÷ 年初/全年预算数)
  below 序时进度 by more than ``profile.schedule_tolerance_pp`` points; high from ``schedule_high_pp``;
- :func:`check_row` — ``behind_schedule`` for an indicator whose progress (the value so far ÷ its annual
  target) lags the same way, and ``forecast_contradiction``: 完成目标可能性 says it will be met (确定能/能够)
  while the indicator is behind and no 纠偏措施 is written, or the 全年预计完成值 falls short of the target and
  no reason is given.

Progress is read only where a value accumulates over the year: counts and amounts with a ``≥`` target, and
percentages that measure progress (完成率, 进度, 执行率, 支付率, 拨付率, 开工率).  A rate such as 合格率 or
满意度 is a level, not a running total, and is never compared with 序时进度; nor are dates and words.
"""

from __future__ import annotations

import re

from docreview.models import MonitorPeriod, Quantity
from docreview.score.budget import BudgetExecution
from docreview.score.engine import Engine, Row, num, pct, span_evidence

_PROGRESS_RATE = re.compile(r"完成率|进度|执行率|支付率|拨付率|开工率|完工率|建成率|实施率")
_WILL_MEET = re.compile(r"确定能|能够|^能$|确定|可以完成|能完成|能够完成")
_WONT = re.compile(r"不能|不可能|有可能|无法|难以")


def schedule_of(eng: Engine) -> MonitorPeriod | None:
    """The period of the review with its 序时进度 by the profile (checkpoints, else the elapsed share)."""
    period = eng.inp.period
    if period is None:
        return None
    share, basis = eng.profile.schedule(period.months)
    return period.model_copy(update={"schedule": round(share, 4), "basis": basis})


def _severity(eng: Engine, gap_pp: float) -> str:
    return "high" if gap_pp >= eng.profile.schedule_high_pp - 1e-9 else "medium"


def check_budget(eng: Engine, period: MonitorPeriod, ex: BudgetExecution) -> None:
    if ex.rate is None:
        return
    gap = (period.schedule - ex.rate) * 100
    if gap <= eng.profile.schedule_tolerance_pp + 1e-9:
        return
    line = ex.line
    eng.flag("behind_schedule", None, _severity(eng, gap),  # type: ignore[arg-type]
             f"预算执行：{period.text}执行率{pct(ex.rate)}，序时进度{pct(period.schedule)}，落后{num(round(gap, 1))}个百分点",
             key="monitor.budget",
             inputs={"period": period.text, "schedule": period.schedule, "progress": round(ex.rate, 6),
                     "gap_pp": round(gap, 2), "executed": ex.executed, "adjusted": ex.adjusted,
                     "tolerance_pp": eng.profile.schedule_tolerance_pp},
             evidence=span_evidence("report", line.span if line else None))


def _progress(eng: Engine, r: Row, target: Quantity, actual: Quantity) -> float | None:
    """The share of the annual target reached so far, where the value accumulates (module docstring)."""
    if target.value is None or actual.value is None or target.value <= 0 or target.upper is not None:
        return None
    if eng.direction_of(target, r.ind.name, r.ind) not in (">=", ">", "="):
        return None
    if target.kind == "percent":
        if actual.kind != "percent" or not _PROGRESS_RATE.search(r.ind.name):
            return None
        return actual.value / target.value
    if target.kind != "number" or actual.kind != "number":
        return None
    value = eng.convert(actual.value, actual.unit, target.unit)
    return None if value is None else value / target.value


def check_row(eng: Engine, r: Row, period: MonitorPeriod) -> None:
    ind = r.ind
    claim = r.actual_claim or r.matched
    target, target_text, _ = eng.target_of(ind, r.matched)
    actual, actual_text = eng.actual_of(claim)
    behind = False
    if target is not None and actual is not None and target.kind != "qualitative" and actual.kind != "qualitative":
        progress = _progress(eng, r, target, actual)
        if progress is not None:
            gap = (period.schedule - progress) * 100
            if gap > eng.profile.schedule_tolerance_pp + 1e-9:
                behind = True
                eng.flag("behind_schedule", ind.name, _severity(eng, gap),  # type: ignore[arg-type]
                         f"{ind.name}：{period.text}完成{actual_text or actual.text}，为年度目标{target_text.strip()}的"
                         f"{pct(progress)}，序时进度{pct(period.schedule)}，落后{num(round(gap, 1))}个百分点",
                         key="monitor.indicator",
                         inputs={"period": period.text, "schedule": period.schedule, "progress": round(progress, 6),
                                 "gap_pp": round(gap, 2), "target": target_text.strip(), "actual": actual_text,
                                 "tolerance_pp": eng.profile.schedule_tolerance_pp},
                         evidence=[*eng.policy_ev(ind), *eng.report_ev(claim, "actual")])
    if claim is None:
        return
    likelihood = (claim.likelihood or "").strip()
    measures = (claim.measures or "").strip()
    if behind and likelihood and _WILL_MEET.search(likelihood) and not _WONT.search(likelihood) \
            and (not measures or eng.is_empty_text(measures)):
        eng.flag("forecast_contradiction", ind.name, "medium",
                 f"{ind.name}：完成进度落后序时进度，完成目标可能性却填“{likelihood}”，且未提出纠偏措施",
                 key="monitor.likelihood",
                 inputs={"likelihood": likelihood, "target": target_text.strip(), "actual": actual_text,
                         "schedule": period.schedule},
                 evidence=eng.report_ev(claim))
        return
    forecast = claim.forecast
    if target is None or forecast is None or forecast.value is None or target.value is None \
            or forecast.kind == "qualitative" or target.kind == "qualitative":
        return
    direction = eng.direction_of(target, ind.name, ind)
    value = eng.convert(forecast.value, forecast.unit, target.unit)
    if value is None or eng.same_value(target, forecast):
        return
    short = value < target.value if direction in (">=", ">", "=") else value > target.value
    reason = (claim.reason or "").strip() or measures
    if short and (not reason or eng.is_empty_text(reason)):
        eng.flag("forecast_contradiction", ind.name, "medium",
                 f"{ind.name}：全年预计完成{claim.forecast_text or forecast.text}，未达到年度目标{target_text.strip()}，"
                 "且未说明原因",
                 key="monitor.forecast",
                 inputs={"forecast": claim.forecast_text or forecast.text, "target": target_text.strip()},
                 evidence=[*eng.policy_ev(ind), *eng.report_ev(claim)])
