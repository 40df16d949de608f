"""tf01 (南昌县黄马乡蚕茶卫生院, 2021 部门整体支出绩效自评表, 江西): a 年度总体目标 block whose 「年初设定目标」 cell
states targets, and a 社会效益 row that states two measures in each of its target and actual cells.

The cells are the ones ``docreview`` reads from corpus/real/tf01_huangma_2021_canchaweishengyuan/report.docx (merged
cells come out empty).  What a reviewer reads there: ``业务收入达到55万元`` under 年初设定目标 is the year's target, the
``业务收入77.57万元`` under 全年完成情况 what was done; the row ``签约率提高1%X体检率提高2%`` answered
``签约率提高1%体检率下降1%`` kept the 签约率 target and missed the 体检率 one (it fell instead of rising).
"""

from __future__ import annotations

from builders import doc, table
from docreview.extract import extract_report, indicators_from_report
from docreview.models import Match, ScoringInput
from docreview.score import load_profile, score_review

GOAL_ROWS = [
    ["年度总体目标", "年初设定目标", "", "", "全年完成情况", "", "", "", ""],
    ["", "业务收入达到55万元,三公经费控制率达标", "", "", "业务收入77.57万元,三公经费控制达标", "", "", "", ""],
]
HEADER = ["分解目标", "自评权重", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "偏差及原因分析"]
FIRST_ROW = ["管理指标", "30", "预算编审管理", "完整、准确率", "100%", "100%", "4", "4", ""]
INCOME_ROW = ["效果指标", "35", "经济效益指标", "业务收入", "超上年度", "增收27万元", "13", "13", ""]
TWO_MEASURES_ROW = ["", "", "社会效益指标", "公卫均等化签约完成率、特殊人群体检率", "签约率提高1%X体检率提高2%",
                    "签约率提高1%体检率下降1%", "12", "6", "部分群众不愿配合体检或长期在外"]
NAME = "公卫均等化签约完成率、特殊人群体检率"


def _form(*rows: list[str]) -> list[list[str]]:
    return [*GOAL_ROWS, HEADER, FIRST_ROW, *rows]


def _result(rows: list[list[str]], name: str = NAME):  # type: ignore[no-untyped-def]
    rx = extract_report(doc(table(0, rows)))
    indicators = indicators_from_report(rx)
    ind = next(i for i in indicators if i.name == name)
    claim = next(c for c in rx.claims if c.kind == "row" and c.name == name)
    res = score_review(ScoringInput(indicators=indicators, claims=rx.claims,
                                    matches=[Match(indicator_id=ind.id, claim_id=claim.id, score=1.0,
                                                   method="row_name")],
                                    budget=rx.budget, totals=rx.totals, has_policy=False), load_profile("default"))
    return next(r for r in res.results if r.name == name), res.flags


def test_figures_under_the_target_header_are_targets() -> None:
    rx = extract_report(doc(table(0, _form(INCOME_ROW))))
    prose = [c for c in rx.claims if c.kind == "prose" and "业务收入" in c.name]
    targets = [c.target.value for c in prose if c.target is not None]
    actuals = [c.actual.value for c in prose if c.actual is not None]
    assert 55 in targets, [(c.name, c.target, c.actual) for c in prose]
    assert 55 not in actuals  # the target is no second actual of 业务收入
    assert 77.57 in actuals  # what 全年完成情况 states stays an actual


def test_two_measures_row_is_read_by_the_measure_that_differs() -> None:
    rx = extract_report(doc(table(0, _form(TWO_MEASURES_ROW))))
    claim = next(c for c in rx.claims if c.name == NAME)
    assert claim.target_text == "签约率提高1%X体检率提高2%"  # the words stay as written
    assert claim.target is not None and claim.actual is not None
    assert (claim.target.value, claim.target.unit) == (2, "%")
    assert (claim.actual.value, claim.actual.unit) == (-1, "%")  # 下降1% against 提高2%


def test_two_measures_row_is_a_missed_target_not_a_qualitative_pass() -> None:
    result, flags = _result(_form(TWO_MEASURES_ROW))
    assert result.status == "missed" and result.rule_score is not None and result.rule_score < 6
    assert any(f.type == "target_missed" and f.indicator == NAME for f in flags)


def test_several_figures_that_cannot_be_paired_are_not_scored_as_achieved() -> None:
    """Both measures answered differently from their targets (签约率提高2% here, a change to the real cell): no
    single pair reads the row, and two figures are no word of achievement either."""
    row = [*TWO_MEASURES_ROW[:5], "签约率提高2%体检率下降1%", *TWO_MEASURES_ROW[6:]]
    result, _flags = _result(_form(row))
    assert result.status != "qualitative"
    assert result.rule_score is None or result.rule_score < 6


RELATIVE_ROW = ["出标产指", "25", "数量指标", "任务2:特殊人群健康管理率", "超上年2%", "达成目标值", "5", "5", ""]
RELATIVE_NAME = "任务2:特殊人群健康管理率"


def test_a_target_over_last_year_keeps_its_words_and_no_absolute_figure() -> None:
    rx = extract_report(doc(table(0, _form(RELATIVE_ROW))))
    claim = next(c for c in rx.claims if c.name == RELATIVE_NAME)
    assert claim.target_text == "超上年2%"
    assert claim.target is not None and claim.target.value is None and claim.target.text == "超上年2%"
    _result_, flags = _result(_form(RELATIVE_ROW), RELATIVE_NAME)
    mismatch = [f for f in flags if f.type == "unit_mismatch" and f.indicator == RELATIVE_NAME]
    assert mismatch and "超上年2%" in mismatch[0].message  # still a figure answered with words


def test_a_level_is_not_held_to_a_target_over_last_year() -> None:
    """``85%`` (a change to the real cell 达成目标值) is a level: it says nothing of 2% more than last year, so
    the row is not met against an absolute 2%; an answer that states the change (增长3%) is compared."""
    row = [*RELATIVE_ROW[:5], "85%", *RELATIVE_ROW[6:]]
    result, _flags = _result(_form(row), RELATIVE_NAME)
    assert result.status != "met"
    row = [*RELATIVE_ROW[:5], "较上年增长3%", *RELATIVE_ROW[6:]]
    result, _flags = _result(_form(row), RELATIVE_NAME)
    assert result.status == "met"
