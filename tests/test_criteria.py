"""评分标准 read as rules (domain.md §7.1 ``dept_eval``): thresholds with points, per-point deductions with a
floor, yes/no; an unparsable criterion keeps the unit's own score.  Expected points are worked by hand in
each test; the last tests run a written 部门整体支出绩效自评表 (.docx) through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from docreview.docgen import DocSpec, Heading, Table, write
from docreview.models import Quantity
from docreview.normalize import parse_quantity
from docreview.pipeline import run_review
from docreview.score.criteria import Deduction, Thresholds, YesNo, apply_rule, describe, parse_criterion
from docreview.settings import Settings


def _points(criterion: str, actual: str, *, weight: float, target: str | None = None) -> float | None:
    rule = parse_criterion(criterion)
    assert rule is not None, criterion
    q: Quantity | None = parse_quantity(actual)
    points, _why = apply_rule(rule, weight=weight, actual=q, actual_text=actual,
                              target=parse_quantity(target) if target else None)
    return points


# --------------------------------------------------------------------------- thresholds

BANDS = "≥90%计5分；80%（含）-90%计4分；70%（含）-80%计3分；70%以下不得分"


@pytest.mark.parametrize(("actual", "expected"), [
    ("95%", 5.0), ("90%", 5.0),  # ≥90: 5
    ("89.9%", 4.0), ("80%", 4.0),  # [80, 90): 4 -- 80 included by （含）
    ("79%", 3.0), ("70%", 3.0),  # [70, 80): 3
    ("69.5%", 0.0),  # below 70: 0
])
def test_threshold_bands_with_points(actual: str, expected: float) -> None:
    assert _points(BANDS, actual, weight=5) == expected


def test_threshold_words_above_and_below_and_full_marks() -> None:
    text = "90%以上得满分，80%-90%得4分，低于80%得0分"
    rule = parse_criterion(text)
    assert isinstance(rule, Thresholds) and len(rule.bands) == 3
    assert _points(text, "92%", weight=6) == 6.0  # 满分 is the row's 分值
    assert _points(text, "85%", weight=6) == 4.0
    assert _points(text, "79.9%", weight=6) == 0.0


def test_threshold_with_inequality_signs_around_the_measure() -> None:
    text = "80%≤完成率<90%得3分；完成率≥90%得5分"
    assert _points(text, "90%", weight=5) == 5.0
    assert _points(text, "80%", weight=5) == 3.0
    assert _points(text, "75%", weight=5) is None  # below every band: not recomputed, not guessed


# --------------------------------------------------------------------------- deductions


def test_deduction_below_a_stated_reference_is_pro_rata() -> None:
    text = "预算执行率达到95%得满分，每低于一个百分点扣0.5分，扣完为止"
    rule = parse_criterion(text)
    assert isinstance(rule, Deduction) and rule.reference == 95 and rule.below and rule.floor == 0
    assert _points(text, "96%", weight=5) == 5  # at or above 95%: full
    assert _points(text, "93.5%", weight=5) == 4.25  # 1.5 points below: 5 - 0.75
    assert _points(text, "80%", weight=5) == 0.0  # 15 below: 7.5 off, floored at 0 (扣完为止)


def test_deduction_without_a_reference_uses_the_rows_target() -> None:
    text = "每低于一个百分点扣0.5分，扣完为止"
    assert _points(text, "87%", weight=5, target="≥90%") == 3.5  # 3 below 90: 5 - 1.5
    rule = parse_criterion(text)
    assert rule is not None
    assert apply_rule(rule, weight=5, actual=parse_quantity("87%"), actual_text="87%")[0] is None  # no base


def test_deduction_above_a_ceiling() -> None:
    text = "每超过一个百分点扣0.5分"
    rule = parse_criterion(text)
    assert isinstance(rule, Deduction) and not rule.below
    assert _points(text, "104%", weight=4, target="≤100%") == 2.0  # 4 over: 4 - 2
    assert _points(text, "98%", weight=4, target="≤100%") == 4.0


def test_deduction_with_a_minimum_and_a_cut_off() -> None:
    text = "不低于95%得满分，每低1个百分点扣1分，低于60%不得分"
    rule = parse_criterion(text)
    assert isinstance(rule, Deduction) and rule.cutoff == 60
    assert _points(text, "92%", weight=10) == 7.0  # 3 below: 10 - 3
    assert _points(text, "61%", weight=10) == 0.0  # 34 off: floored at 0
    assert _points(text, "59%", weight=10) == 0.0
    assert _points("95%得满分，每低于1个百分点扣1分，最低得2分", "80%", weight=10) == 2.0  # floor 2


# --------------------------------------------------------------------------- yes / no


def test_yes_no_with_points() -> None:
    text = "有健全的内控制度得2分，否则不得分"
    rule = parse_criterion(text)
    assert isinstance(rule, YesNo) and rule.points == 2
    assert _points(text, "有", weight=2) == 2.0
    assert _points(text, "已建立", weight=2) == 2.0
    assert _points(text, "无", weight=2) == 0.0
    assert apply_rule(rule, weight=2, actual=None, actual_text="部分")[0] is None  # not a yes or a no


def test_yes_no_full_marks() -> None:
    text = "建立绩效管理制度得满分，未建立不得分"
    assert isinstance(parse_criterion(text), YesNo)
    assert _points(text, "是", weight=3) == 3.0
    assert _points(text, "未建立", weight=3) == 0.0
    assert "建立绩效管理制度" in describe(parse_criterion(text))  # type: ignore[arg-type]


def test_yes_no_with_a_negated_condition_is_met_by_the_same_negation() -> None:
    text = "“三公”经费决算数不超过预算数的，得5分；否则不得分。"
    assert _points(text, "未超过预算", weight=5) == 5.0  # 未超过 answers 不超过: yes, not a bare 未 = no
    assert _points(text, "超过预算", weight=5) == 0.0
    assert _points(text, "是", weight=5) == 5.0
    rule = parse_criterion(text)
    assert rule is not None and apply_rule(rule, weight=5, actual=None, actual_text="基本合理")[0] is None


# --------------------------------------------------------------------------- not rules


@pytest.mark.parametrize("text", [
    "1、基础数据信息是否真实(1分); 2、基础数据信息是否完整(1分); 3、基础数据信息是否准确(1分)。",  # checklist
    "年度工作计划是否完整可行(3分)",
    "1、设置年度绩效目标(2分,其中单位整体绩效目标1分,项目绩效目标1分,若单位无项目,得2分) 2、绩效目标设置依据充分(1分)",
    "根据实际情况酌情扣分",
    "按规定公开得分，酌情扣分",
    "",
])
def test_unparsable_criteria_are_none(text: str) -> None:
    assert parse_criterion(text) is None


# --------------------------------------------------------------------------- the whole pipeline

DEPT_FORM = Table(rows=[
    ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "实际完成值", "自评得分"],
    # 95% reference, 90% reported: 5 points below × 0.5 = 2.5 off → 7.5; self 10 → inflated
    ["产出指标", "数量指标", "重点工作完成率", "10", "完成率达到95%得满分，每低于一个百分点扣0.5分，扣完为止", "90%", "10"],
    # [80, 90): 24 = self 24
    ["", "质量指标", "任务验收合格率", "30", "≥90%计30分；80%（含）-90%计24分；80%以下不得分", "85%", "24"],
    # yes: 20 = self 20
    ["", "时效指标", "内控制度建设", "20", "建立内控制度得满分，未建立不得分", "已建立", "20"],
    # not a rule: the unit's 18 stands
    ["效益指标", "社会效益指标", "政务信息公开", "20", "按规定公开得分，酌情扣分", "按时公开", "18"],
    # ≥90: 10 = self 10
    ["满意度指标", "服务对象满意度指标", "服务对象满意度", "10", "满意度≥90%得10分；80%-90%得6分；低于80%不得分", "93%", "10"],
])
BUDGET = Table(rows=[["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                     ["年度资金总额", "100", "100", "100", "10", "100%", "10"]])


def _dept_review(tmp_path: Path, form: Table) -> object:
    path = write(DocSpec(title="部门整体支出绩效自评表", blocks=[
        Heading("2023年度XX局部门整体支出绩效自评表"), BUDGET, form]), tmp_path / "dept.docx")
    return run_review([], [path], settings=Settings(workspace=tmp_path / "ws"), explain=False)


def test_department_form_is_scored_by_its_criteria(tmp_path: Path) -> None:
    review = _dept_review(tmp_path, DEPT_FORM)
    results = {r.name: r for r in review.results}  # type: ignore[attr-defined]
    assert results["重点工作完成率"].rule_score == 7.5
    assert results["任务验收合格率"].rule_score == 24
    assert results["内控制度建设"].rule_score == 20
    assert results["服务对象满意度"].rule_score == 10
    unparsed = results["政务信息公开"]
    assert unparsed.status == "criterion_unparsed" and unparsed.rule_score == 18  # the unit's own score
    assert sum(r.status == "criterion_unparsed" for r in review.results) == 1  # type: ignore[attr-defined]

    flags = review.flags  # type: ignore[attr-defined]
    assert [(f.type, f.indicator) for f in flags] == [("self_score_inflated", "重点工作完成率")]
    flag = flags[0]
    assert flag.inputs["recomputed_score"] == 7.5 and flag.inputs["self_score"] == 10
    assert flag.inputs["criterion"] == "完成率达到95%得满分，每低于一个百分点扣0.5分，扣完为止"
    assert "95" in str(flag.inputs["criterion_rule"])
    quotes = [e.quote for e in flag.evidence]
    assert "完成率达到95%得满分，每低于一个百分点扣0.5分，扣完为止" in quotes and "10" in quotes

    # 10 (budget) + 7.5 + 24 + 20 + 18 + 10: no near-0 total from rows read as project indicators
    assert review.score.computed_total == 89.5  # type: ignore[attr-defined]


def test_rubric_rows_with_unparsable_criteria_get_no_indicator_flags(tmp_path: Path) -> None:
    rubric = Table(rows=[
        ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分"],
        ["决策", "绩效目标", "绩效目标合理性", "4", "1、设置年度绩效目标(2分) 2、目标依据充分(1分) 3、目标合理(1分)", "4"],
        ["", "", "年度工作计划完整性", "3", "年度工作计划是否完整可行(3分)", "3"],
        ["产出", "数量指标", "重点任务完成率", "3", "≥90%计3分；80%-90%计2分；80%以下不得分", "3"],
    ])
    review = _dept_review(tmp_path, rubric)
    kinds = {f.type for f in review.flags}  # type: ignore[attr-defined]
    assert not kinds & {"target_missed", "unit_mismatch", "not_reported", "unsupported_score", "vague_target",
                        "self_score_inflated"}
    statuses = {r.name: (r.status, r.rule_score) for r in review.results}  # type: ignore[attr-defined]
    assert statuses["绩效目标合理性"] == ("criterion_unparsed", 4)
    assert statuses["年度工作计划完整性"] == ("criterion_unparsed", 3)
    assert statuses["重点任务完成率"] == ("criterion_no_value", 3)  # a rule, but no 完成值 column to apply it to


def test_unparsed_criteria_keep_the_units_scores_and_the_review_is_not_rated(tmp_path: Path) -> None:
    """A 部门整体 form whose 评分标准 cannot be read: the unit's scores stay, the review is not rated and says why."""
    from docreview.docgen import DocSpec, Table, write
    from docreview.pipeline import run_review
    from docreview.settings import Settings

    path = write(DocSpec(blocks=[Table(rows=[
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "100", "100", "100", "10", "100%", "10"]]), Table(rows=[
        ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "完成情况", "得分"],
        ["履职效能", "重点工作", "重点工作完成情况", "45", "由考核组综合评定", "较好", "44"],
        ["管理效率", "制度建设", "内控制度健全性", "45", "视情况酌情给分", "健全", "45"]])]), tmp_path / "report.docx")
    review = run_review([], [path], settings=Settings(workspace=tmp_path / "ws"), explain=False)
    assert review.score.rating is None
    assert review.score.not_rated is not None and "评分标准未能解析2行" in review.score.not_rated
    assert review.score.computed_total == 99  # 10 + the unit's own 44 + 45, shown but not rated
