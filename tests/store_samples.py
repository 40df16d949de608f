"""Hand-built ``Review`` objects for the store, export and app tests (no pipeline needed)."""

from __future__ import annotations

import datetime as dt
import uuid

from docreview.models import (
    Claim,
    Evidence,
    Explanation,
    Flag,
    Indicator,
    IndicatorResult,
    Match,
    Quantity,
    Review,
    ScoreSummary,
    SearchHit,
    Span,
)

POLICY = "policy_目标表.docx"
REPORT = "report_自评表.xlsx"


def _flag(n: int, type_: str, indicator: str | None, severity: str, message: str,
          inputs: dict[str, float | str | bool | None], *, policy_quote: str = "", report_quote: str = "",
          searched: list[SearchHit] | None = None) -> Flag:
    evidence = []
    if policy_quote:
        evidence.append(Evidence(side="policy", file=POLICY, page=None, row=n, quote=policy_quote))
    if report_quote:
        evidence.append(Evidence(side="report", file=REPORT, sheet="自评表", row=n + 1, quote=report_quote))
    return Flag(id=f"F{n}", type=type_, indicator=indicator, severity=severity,  # type: ignore[arg-type]
                message=message, inputs=inputs, evidence=evidence, searched=searched or [])


def make_review(*, road_actual: float = 108.0, training_reported: bool = False, extra_flag: bool = False,
                hostile: bool = False) -> Review:
    """A review of a report against a policy with 3 indicators.

    - 新改建农村公路里程: target ≥120公里, actual ``road_actual`` → ``target_missed`` (+ deviation reason missing)
    - 技能培训人次: not reported unless ``training_reported`` → ``not_reported`` with searched passages
    - budget execution 85% → ``low_budget_execution``
    ``hostile`` puts formula- and HTML-injection strings into quotes and messages.
    """
    span_p = Span(file=POLICY, table=0, row=1, quote="新改建农村公路里程 ≥120公里")
    span_r = Span(file=REPORT, sheet="自评表", table=0, row=2, quote=f"新改建农村公路里程 | ≥120公里 | {road_actual:g}公里")
    indicators = [
        Indicator(id="I1", name="新改建农村公路里程", level1="产出指标", level2="数量指标",
                  target=Quantity(value=120, unit="公里", direction=">="), target_text="≥120公里", unit="公里",
                  direction=">=", weight=20, span=span_p),
        Indicator(id="I2", name="技能培训人次", level1="产出指标", level2="数量指标",
                  target=Quantity(value=1000, unit="人次", direction=">="), target_text="≥1000人次", unit="人次",
                  direction=">=", weight=20, span=Span(file=POLICY, table=0, row=2, quote="技能培训人次 ≥1000人次")),
        Indicator(id="I3", name="群众满意度", level1="满意度指标", level2="服务对象满意度指标",
                  target=Quantity(value=90, unit="%", direction=">=", kind="percent"), target_text="≥90%",
                  unit="%", direction=">=", weight=10,
                  span=Span(file=POLICY, table=0, row=3, quote="群众满意度 ≥90%")),
    ]
    claims = [
        Claim(id="C1", kind="row", name="新改建农村公路里程", target_text="≥120公里",
              actual=Quantity(value=road_actual, unit="公里"), actual_text=f"{road_actual:g}公里", self_score=20,
              text=span_r.quote, span=span_r),
        Claim(id="C3", kind="row", name="群众满意度", target_text="≥90%", actual=Quantity(value=95, unit="%"),
              actual_text="95%", self_score=10, text="群众满意度 | ≥90% | 95%",
              span=Span(file=REPORT, sheet="自评表", table=0, row=4, quote="群众满意度 | ≥90% | 95%")),
    ]
    searched = [
        SearchHit(passage_id="P7", text="全年共开展技能培训工作，群众反响良好。", score=0.412,
                  span=Span(file=REPORT, sheet="自评表", row=9, quote="全年共开展技能培训工作")),
        SearchHit(passage_id="P8", text="培训场地建设完成", score=0.233),
    ]
    road_msg = f"新改建农村公路里程实际完成{road_actual:g}公里，未达到年度目标≥120公里（完成率{road_actual / 120:.1%}）。"
    report_quote = span_r.quote
    if hostile:
        road_msg = "=HYPERLINK(\"http://evil\",\"x\") <script>alert(1)</script> " + road_msg
        report_quote = "+cmd|' /C calc'!A0 <b>粗体</b>"
    flags = [
        _flag(1, "target_missed", "新改建农村公路里程", "high" if road_actual < 108.01 else "medium", road_msg,
              {"target": 120.0, "actual": road_actual, "unit": "公里", "direction": ">="},
              policy_quote=span_p.quote, report_quote=report_quote),
        _flag(2, "missing_deviation_reason", "新改建农村公路里程", "medium",
              "新改建农村公路里程未完成目标，但未说明偏差原因。", {"reason": ""}, report_quote=report_quote),
        _flag(3, "low_budget_execution", None, "medium", "预算执行率85.00%，低于90%。",
              {"executed": 850.0, "budget": 1000.0, "rate": 0.85, "threshold": 0.9},
              report_quote="全年预算数1000万元，执行数850万元"),
    ]
    if not training_reported:
        flags.append(_flag(4, "not_reported", "技能培训人次", "high",
                           "报告中未找到“技能培训人次”的实际完成值。", {"searched": 2, "best_score": 0.412},
                           policy_quote="技能培训人次 ≥1000人次", searched=searched))
    if extra_flag:
        flags.append(_flag(5, "overachieved", "群众满意度", "low", "群众满意度实际95%，超过目标的1.5倍。",
                           {"target": 90.0, "actual": 95.0}, report_quote="群众满意度 | ≥90% | 95%"))
    results = [
        IndicatorResult(indicator_id="I1", name="新改建农村公路里程", level1="产出指标", weight=20, claim_id="C1",
                        actual=Quantity(value=road_actual, unit="公里"), rule_score=round(20 * min(road_actual / 120, 1), 2),
                        self_score=20, status="met" if road_actual >= 120 else "missed",
                        completion=road_actual / 120),
        IndicatorResult(indicator_id="I2", name="技能培训人次", level1="产出指标", weight=20,
                        status="met" if training_reported else "not_reported",
                        completion=1.0 if training_reported else None),
        IndicatorResult(indicator_id="I3", name="群众满意度", level1="满意度指标", weight=10, claim_id="C3",
                        actual=Quantity(value=95, unit="%"), rule_score=10, self_score=10, status="met",
                        completion=95 / 90),
    ]
    explanations = [
        Explanation(flag_id="F1", text=f"规则 target_missed：实际{road_actual:g}公里低于目标120公里。", source="rule"),
        Explanation(flag_id="F4", text="模型认为：报告仅提及“技能培训工作”，没有人次。", source="model",
                    prompt="explain_flag.v1", model="test-model"),
    ]
    return Review(
        id=uuid.uuid4().hex[:12], created=dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC), profile="default",
        policy_files=[POLICY], report_files=[REPORT], indicators=indicators, claims=claims,
        matches=[Match(indicator_id="I1", claim_id="C1", score=1.0, method="row_name"),
                 Match(indicator_id="I2", method="none", searched=searched),
                 Match(indicator_id="I3", claim_id="C3", score=1.0, method="row_name")],
        results=results, flags=flags,
        score=ScoreSummary(budget_score=8.5, budget_weight=10, execution_rate=0.85, indicator_score=28.0,
                           computed_total=73.5 if not training_reported else 93.5, self_total=95.0,
                           rating="中" if not training_reported else "优"),
        explanations=explanations,
    )
