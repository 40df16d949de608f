"""The rule engine: indicator scores, budget execution, totals and the twelve flags of domain.md §5.

Entry points: ``load_profile(name_or_path, settings) -> Profile``, ``list_profiles(settings)`` and
``score_review(inp, profile) -> ScoringResult``.  No LLM plays any part here: every flag states a fact
with the numbers the rule used and the evidence on both sides.

Layout: ``profile`` (YAML profiles) at the bottom; ``engine`` (inputs, value readers, ``flag()``, the rows
of indicators) above it; the rule families ``weights``, ``indicators``, ``budget`` and ``totals`` are plain
functions over the engine; :func:`score_review` below runs them in order.  A flag's ``key`` names its
sub-check (``indicator.target_missed``, ``budget.rate_stated|…``); the flag id is derived from type,
indicator and key.

Decisions where domain.md leaves room (each is a profile setting or documented here):

- **Weights.**  A form weight (``claim.weight``, else ``indicator.weight``) wins.  Indicators without one
  share what their 一级 group has left (a stated 一级 weight such as ``产出指标(50分)`` beats the profile's
  and is final).  A group with no indicator hands its weight to its fallback (满意度 → 效益); weight still
  without a home goes to indicators with no known 一级, else proportionally to the open groups.  The budget
  weight is a budget line's 分值, else a heading such as ``预算执行情况(20分)``, else the profile's.
- **Self scores are compared only against form weights.**  With a profile weight the form's scale is unknown
  (realdocs/03 has a 得分 column but no 分值 column), so ``self_score_inflated`` needs a stated 分值
  (indicator) or a stated budget weight (budget).
- **Computed total** = budget score + Σ rule scores.  Indicators the rules cannot score (a number answered
  with a word, an unknown qualitative word, no target) add 0 and keep ``rule_score=None``; the total is then
  partial: shown, but not rated (``not_rated`` names how many could not be scored; a ``not_reported`` row
  scores 0 and counts as scored).  A total above 100, or out of weights that add up to more than 100, is shown
  but not rated (``not_rated`` says why).
- **Not applicable** (``不适用``, ``不涉及`` in the target or actual cell; ``/`` only when a profile lists it): no
  rule speaks of the indicator; ``not_applicable: exclude_and_rescale`` gives it weight 0 and rescales the
  others to the same total (self scores are then compared on the form's scale), ``zero`` scores it 0.
- **Direction** of an unsigned target is ``normalize.resolve_direction``'s alone, fed the profile's word lists
  (``reverse``, ``reverse_exceptions``, ``growth``); a stated 指标性质 or a written sign wins.  The target
  review's ``direction_error`` also reads the row's level: a figure (not a rate) under a 成本 二级/一级 with a
  written minimum is a cost with a minimum unless its own name says more is better (节约率, 增长 …).
- **Qualitative rule score** = the self score clamped into the band of the actual's words (达成 /
  部分达成 / 未达成), or the band's top without a self score.  Bands below 达成 are half-open (10号 form
  note): their top is one rounding unit below the next floor (部分达成 on 10 points: 6–7.99).
- **Missed deadlines** (``time_miss``): ``band`` clamps a missed date's credit (1 − days late ÷ days planned
  from 1 January of the target's year) into 部分达成 and caps a duration's reverse-rule score below the 达成
  floor; ``proportional`` gives either uncapped.
- **Budget execution** (``budget_mode``): ``proportional`` min(rate, 1) × weight, or ``threshold`` (the share
  of the highest band reached; below the lowest, ``per_point`` points per percentage point, pro rata, down to
  ``floor``).  执行数 above 预算数 is ``arithmetic_error`` unless a budget sentence gives a cause; a table total
  whose budget differs from its details is left to that sum check.  With ``budget_reasons`` low execution and
  a mid-year adjustment need a cause in a budget sentence (the sentence a budget line was read from, or a
  prose claim about the budget): a cause written in a sentence of its own, with no figure, is not seen.
- **Overachievement**: ``overachieved`` (low) at ``overachieved_factor``; with ``overachieved_reason_factor``
  an actual at or above it with no reason is ``missing_deviation_reason``.
- **Time indicators** are those whose target is a date or a duration (direction from
  ``normalize.resolve_direction``: a time limit unless it measures time given).  A date or duration target
  answered with an achievement word (``按时完成``) counts as met; any other word is ``unit_mismatch``.  A
  ``时效`` rate (``及时率100%``) is scored as a number.
- **A bare actual** (``35200`` in a 完成值 column beside a 度量单位 column) is read in the unit of the row's
  own restated target, multiplier included (``≥4.2万人`` → ``4.5`` means 45000人), else of the target; a
  fraction ≤ 1 against a percent target is read as a spreadsheet percentage (0.95 → 95%).
- **Budget rate source**, in order: a table's total line; the sum of a table's detail lines (realdocs/05,
  whose total line is 0); a prose total with both figures; a stated rate.  Table lines beat prose lines.
- **``arithmetic_error`` vs ``inconsistent_values`` for budget lines.**  A table's total line that is zero
  while the same table's detail lines hold money contradicts them: ``inconsistent_values`` (one flag, and no
  further comparison of that line).  A non-zero total that differs from the sum of its table's details is a
  sum problem: ``arithmetic_error``.  The same figure given twice (two lines of one label, or two totals of
  the same scope) with different amounts is ``inconsistent_values`` — only when at least one is a table
  line, and not when the sentence also writes the table's figure (``调减至130万元``).
- **Sums of parts** (``arithmetic_error``, tolerance ``amount_tolerance``): a budget line's 年初预算 + 追加/调减
  against its 调整后预算 (only when all three are stated), and a detail table's 合计/小计 (``ColumnTotal``)
  against the sum of the rows above it.
- **Stated totals** are checked against the rows of their own file (and table): 合计 of 分值 against the
  rows' weights (with or without the budget weight), a 一级 heading against its rows (a heading of no group,
  ``年度目标(90分)``, against all rows), 总分 against the self scores (plus the budget self score; when that
  is not on the form, anything in ``[Σ, Σ + budget weight]`` is accepted).  Weights must add up to 100
  with the stated budget weight; without one, only a sum above 100 is an error -- checked from the rows
  whatever a 合计/总分 row claims (a stated 100 that the rows miss is reported once).
- **``vague_target``**: empty or placeholder targets of 数量/质量/时效/成本 (and of 效益 when the
  indicator carries numbers); targets of only vague words (``有效提升``, ``效果明显``, ``高``) in any
  category but 满意度; word-only targets of 数量/成本 (``符合相关规定``) unless they compare
  (``不超预算``); an "indicator" that is only a 二级 category name (realdocs/S1 ``数量指标 | 100``).
  Word targets of 质量/时效 (``严格执行相关制度规定``) may be checkable rules and are not flagged.
- **``missing_deviation_reason``**: any text in a reason cell counts (``审核不严``, ``人手少``) unless it is
  empty, ``0``/``无``/``/``/``—``, a placeholder, a column label (``偏差原因：``) or only promises (every clause
  opens with an improvement word: ``下一步将加强管理``, ``继续努力``); prose about the indicator counts when it
  names a cause after the figure.
- **``target_changed``** compares parsed quantities after unit conversion and with each side's default
  direction resolved (``≥90%`` equals ``90%``); two word targets are not compared.  Prose found by a partial
  name only counts for a clear numeric difference.
- **Same indicator**: claims of the same normalised name, plus prose whose name contains or is contained in
  the indicator's (``观众`` for ``惠及观众``; used for duplicates and restated targets only, and only with
  units on both sides).  A value with a direction (``不少于1.5万人次``) restates a target and is never the
  second of two different values.
- **Rows with a 评分标准** (department-wide forms, domain.md §7.1 ``dept_eval``) are scored by it, not by the §4
  formula: ``criteria.parse_criterion`` reads thresholds with points, per-point deductions with a floor (the
  reference is the criterion's full-marks figure, else the row's target; deductions are pro rata) and yes/no
  rules; the points are recomputed from the row's 完成值 and a self score above them by more than the tolerance
  is ``self_score_inflated`` (inputs: the criterion, the rule as read, the recomputed score).  A criterion read
  only in part is not read at all.  An unparsed criterion (status ``criterion_unparsed``: the review's
  "评分标准未能解析N行") or one with no value to apply it to (``criterion_no_value``) keeps the unit's own score
  in the total; neither raises a flag, and such rows get no ``target_missed``/``unit_mismatch``/``not_reported``
  (nor ``vague_target`` without a target of their own).
- **Equality of two figures** allows for the precision of the less precise one (``89.97`` equals
  ``89.974``; ``108`` does not equal ``110``).
"""

from __future__ import annotations

from docreview.models import IndicatorResult, Quantity, ScoreSummary, ScoringInput, ScoringResult
from docreview.score import budget, history, indicators, monitor, targets, totals, weights
from docreview.score.engine import Engine, Row, build_rows
from docreview.score.history import baseline_from_review
from docreview.score.profile import Band, Profile, WordLists, list_profiles, load_profile

__all__ = [
    "Band",
    "Profile",
    "ScoringInput",
    "ScoringResult",
    "WordLists",
    "baseline_from_review",
    "list_profiles",
    "load_profile",
    "score_review",
]


def score_review(inp: ScoringInput, profile: Profile) -> ScoringResult:
    """Score every indicator and the budget by the rules of ``profile`` and raise the flags of domain.md §5;
    a target table (``inp.kind`` ``target``/``policy``) gets the target review of §7.2 and a monitoring report
    the progress rules of §7.3 instead, neither a score nor a rating.  With a baseline (§7.4) the history
    rules run too.

    The rules run in this order, which is also the order of the flags."""
    eng = Engine(inp, profile)
    rows = build_rows(eng)
    budget_weight, budget_weight_stated = weights.budget_weight(eng, rows)
    weights.assign_weights(eng, rows, budget_weight)
    if inp.kind in ("target", "policy"):
        return _review_targets(eng, rows, budget_weight, budget_weight_stated)
    if inp.kind == "monitor":
        return _review_monitoring(eng, rows)

    indicators.score_rows(eng, rows)
    indicators.unmatched_duplicates(eng, rows)

    execution = budget.execution(eng, budget_weight, budget_weight_stated)
    budget.check_low_execution(eng, execution)
    budget.check_self_score(eng, execution)
    zero_totals = budget.check_totals_against_details(eng)
    budget.check_repeated_figures(eng, zero_totals)
    budget.check_adjustments(eng)
    budget.check_stated_rates(eng)
    budget.check_over_budget(eng)
    budget.check_reasons(eng, execution)

    totals.check_column_totals(eng)
    totals.check_stated_totals(eng, execution)
    totals.check_weights(eng, execution)
    history.check_baseline(eng, rows)

    results = [r.result for r in rows if r.result is not None]
    return ScoringResult(results=results, flags=eng.flags, score=totals.summary(eng, rows, execution),
                         reading_notes=eng.incomplete)


def _unscored(eng: Engine, r: Row) -> IndicatorResult:
    return IndicatorResult(indicator_id=r.ind.id, name=r.ind.name, level1=r.ind.level1,
                           weight=eng.profile.round(r.weight), claim_id=r.matched.id if r.matched else None,
                           self_score=r.self_score, status="unscored", rule_score=None)


def _review_targets(eng: Engine, rows: list[Row], budget_weight: float, stated: bool) -> ScoringResult:
    """绩效目标审核 (domain.md §7.2): every target checked, the table's dimensions and repeated targets, its sums
    (资金总额 against its sources, 分值 against 100) and, with a baseline, last year's actuals.  No score."""
    found: dict[str, tuple[Quantity | None, str]] = {}
    for r in rows:
        target, text, _ = eng.target_of(r.ind, r.matched)
        found[r.ind.id] = (target, text)
        indicators.check_vague(eng, r, target, text)
        targets.check_target(eng, r, target, text, eng.inp.year)
        r.result = _unscored(eng, r)
    targets.check_dimensions(eng, rows)
    targets.check_duplicates(eng, rows, found)
    history.check_baseline(eng, rows)
    execution = budget.execution(eng, budget_weight, stated)
    zero_totals = budget.check_totals_against_details(eng)
    budget.check_repeated_figures(eng, zero_totals)
    budget.check_adjustments(eng)
    totals.check_column_totals(eng)
    totals.check_stated_totals(eng, execution)
    totals.check_weights(eng, execution)
    summary = ScoreSummary(budget_weight=eng.profile.round(budget_weight), computed_total=None,
                           not_rated="绩效目标表：审核目标设置，不计分、不评级 / target table: reviewed, not scored")
    return ScoringResult(results=[r.result for r in rows if r.result is not None], flags=eng.flags, score=summary,
                         reading_notes=eng.incomplete)


def _review_monitoring(eng: Engine, rows: list[Row]) -> ScoringResult:
    """绩效运行监控 (domain.md §7.3): progress against 序时进度 for the budget and every indicator.  No score."""
    period = monitor.schedule_of(eng)
    for r in rows:
        r.result = _unscored(eng, r)
        if period is not None:
            monitor.check_row(eng, r, period)
    execution = budget.execution(eng, 0.0, False)
    if period is not None:
        monitor.check_budget(eng, period, execution)
        why = (f"运行监控（{period.text}，序时进度{period.schedule:.0%}）：不按年终自评计分、不评级 / "
               "monitoring report: not scored as a year-end self-evaluation")
    else:
        why = ("运行监控：未找到监控期间（如“1-6月”“截至9月底”），无法计算序时进度；不计分、不评级 / "
               "monitoring report without a period: not scored")
    summary = ScoreSummary(execution_rate=None if execution.rate is None else round(execution.rate, 6),
                           computed_total=None, not_rated=why)
    return ScoringResult(results=[r.result for r in rows if r.result is not None], flags=eng.flags, score=summary,
                         reading_notes=eng.incomplete)
