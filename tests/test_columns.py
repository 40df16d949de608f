"""extract.columns: column roles from the header *and* the cells, multi-row headers, table kinds.

The header spellings, line breaks and signs below are the ones seen in the real documents of corpus/real
(case ids in the comments); expected roles are what a reviewer reads in those forms.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import doc, table
from docreview.extract import extract_report
from docreview.extract.columns import header_layout, normalize_header
from docreview.models import Claim


def _roles(rows: list[list[str]], r: int = 0) -> dict[str, int]:
    layout = header_layout(table(0, rows).rows, r)
    assert layout is not None, "no header found"
    return {role: c for c, role in layout.roles.items() if role != "ignore"}


def _claim(rows: list[list[str]], name: str) -> Claim:
    rx = extract_report(doc(table(0, rows)))
    found = [c for c in rx.claims if c.name == name]
    assert found, f"no claim {name!r} among {[c.name for c in rx.claims]}"
    return found[0]


def test_header_text_is_normalised_before_it_is_read() -> None:
    assert normalize_header("年初指\n标值") == "年初指标值"
    assert normalize_header("实际完成值（B）") == "实际完成值"
    assert normalize_header(" 年度指标值(A) ") == "年度指标值"
    assert normalize_header("得分\n(20分*执行率)") == "得分"


@pytest.mark.parametrize(("header", "expected"), [
    # ce04 (Anhui): headers broken over lines inside the cell
    (["一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分", "偏差原因分析及改进措施"],
     {"level1": 0, "level2": 1, "name": 2, "target": 3, "actual": 4, "weight": 5, "score": 6, "reason": 7}),
    # 衔接资金 forms: 全年实际值 and a long reason header not in any alias list
    (["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "未完成原因及拟采取的改进措施"],
     {"level1": 0, "level2": 1, "name": 2, "weight": 3, "target": 4, "actual": 5, "score": 6, "reason": 7}),
    # (A)/(B) marks, 自评分, a spaced header
    (["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "分 值", "自评分", "偏差大或目标未完成原因分析"],
     {"level1": 0, "level2": 1, "name": 2, "target": 3, "actual": 4, "weight": 5, "score": 6, "reason": 7}),
    # 年终完成值 / 考核得分 / 整改措施
    (["指标名称", "预期目标值", "年终完成值", "权重", "考核得分", "整改措施"],
     {"name": 0, "target": 1, "actual": 2, "weight": 3, "score": 4, "reason": 5}),
])
def test_header_spellings_of_real_forms(header: list[str], expected: dict[str, int]) -> None:
    rows = [header, ["产出指标", "数量指标", "新改建农村公路里程", "≥120公里", "108公里", "20", "18", "汛期停工"][:len(header)]]
    assert _roles(rows) == expected


def test_unknown_header_is_read_from_its_cells() -> None:
    rows = [["三级指标", "年度指标值", "执行结果", "分值", "得分"],
            ["新改建农村公路里程", "≥120公里", "108公里", "20", "18"],
            ["工程验收合格率", "≥95%", "98%", "10", "10"]]
    layout = header_layout(table(0, rows).rows, 0)
    assert layout is not None and layout.roles[2] == "actual"
    decision = next(d for d in layout.decisions if d.col == 2)
    assert decision.content_score >= 0.6 and "执行结果" in decision.reason
    assert _claim(rows, "新改建农村公路里程").actual_text == "108公里"


def test_two_row_header_with_a_split_target_is_one_header_per_column() -> None:
    """Sichuan form: 年度指标值 spans 指标性质 | 指标值 | 度量单位 on the row below (r01, sw03)."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "", "", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["", "", "", "指标性质", "指标值", "度量单位", "", "", "", ""],
        ["产出指标", "数量指标", "新改建农村公路里程", "≥", "120", "公里", "108", "20", "18", "受汛期影响停工"],
        ["", "质量指标", "工程验收合格率", "≥", "95", "%", "98", "10", "10", ""],
    ]
    layout = header_layout(table(0, rows).rows, 0)
    assert layout is not None and layout.header_rows == 2
    assert {layout.roles[c] for c in (3, 4, 5, 6)} == {"direction", "target", "unit", "actual"}
    road = _claim(rows, "新改建农村公路里程")
    assert road.target_text == "≥120公里"
    assert road.actual is not None and (road.actual.value, road.actual.unit) == (108, "公里")
    assert road.self_score == 18 and road.reason == "受汛期影响停工"
    assert len(extract_report(doc(table(0, rows))).claims) == 2  # the sub-header row is no indicator


@pytest.mark.parametrize(("target", "direction", "value"), [
    ("≧90%", ">=", 90), ("≦5%", "<=", 5), ("═100%", "=", 100), ("＝100%", "=", 100), ("﹦100%", "=", 100),
    ("＞90%", ">", 90), ("＜5%", "<", 5), (">=90%", ">=", 90), ("<=5%", "<=", 5), ("＞＝95%", ">=", 95),
    ("⩾90%", ">=", 90), ("⩽5%", "<=", 5), ("不低于90%", ">=", 90), ("不超过5%", "<=", 5), ("控制在5%以内", "<=", 5),
    ("达到95%", ">=", 95), ("90%以上", ">=", 90), ("60%及以上", ">=", 60),
])
def test_direction_sign_look_alikes_are_read_as_signs(target: str, direction: str, value: float) -> None:
    rows = [["三级指标", "年度指标值", "实际完成值", "分值", "得分"], ["群众满意度", target, "93%", "10", "10"]]
    claim = _claim(rows, "群众满意度")
    assert claim.target is not None
    assert (claim.target.direction, claim.target.value) == (direction, value)


def test_text_wrapped_inside_a_cell_is_joined() -> None:
    rows = [["三级\n指标", "年初指\n标值", "实际完\n成值", "分值", "得分"],
            ["新改建农村\n公路里程", "300公\n里", "298公\n里", "20", "19"]]
    claim = _claim(rows, "新改建农村公路里程")
    assert claim.target is not None and (claim.target.value, claim.target.unit) == (300, "公里")
    assert claim.actual is not None and (claim.actual.value, claim.actual.unit) == (298, "公里")


@pytest.mark.parametrize(("rows", "kind"), [
    ([["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
      ["产出指标", "数量指标", "培训人次", "≥1000人次", "860人次", "20", "17.2"]], "indicator"),
    # a 绩效目标表: targets only (xa03)
    ([["一级指标", "二级指标", "三级指标", "指标值"],
      ["产出指标", "数量指标", "脱贫村村内道路硬化里程", "≥100公里"]], "target"),
    # a scoring rubric: 分值 at every level, one 得分 (ea04)
    ([["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
      ["项目决策", "20", "项目目标", "4", "目标内容", "4", "4"]], "rubric"),
    # a department form whose rows carry a 评分标准 and no actual (no04)
    ([["一级指标", "二级指标", "三级指标", "分值", "指标解释", "评分标准", "得分"],
      ["项目决策", "项目目标", "完整性", "4", "目标明确", "完整得4分", "4"]], "rubric"),
    ([["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
      ["年度资金总额", "230", "230", "221.7", "10", "96.39%", "9.64"]], "budget"),
])
def test_table_kinds(rows: list[list[str]], kind: str) -> None:
    layout = header_layout(table(0, rows).rows, 0)
    assert layout is not None and layout.table_kind == kind


def test_rubric_level_weights_are_not_the_indicator_weight() -> None:
    rows = [["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
            ["项目决策", "20", "项目目标", "4", "目标内容", "4", "4"]]
    assert _roles(rows)["weight"] == 5 and _roles(rows)["score"] == 6


def test_budget_header_with_plan_and_payment_words() -> None:
    rows = [["资金名称", "计划投资额", "实际到位资金", "已拨付", "支付率"],
            ["衔接资金", "678", "678", "499", "73.6%"]]
    layout = header_layout(table(0, rows).rows, 0)
    assert layout is not None and layout.table_kind == "budget"
    assert {layout.roles[c] for c in (1, 3, 4)} == {"adjusted", "executed", "rate"}
    line = extract_report(doc(table(0, rows))).budget[0]
    assert (line.adjusted, line.executed, line.rate_stated) == (678, 499, 73.6)


def test_a_data_row_is_never_taken_for_a_header() -> None:
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "新改建农村公路里程", "≥120公里", "108公里", "20", "18"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["", "质量指标", "工程验收合格率", "≥95%", "98%", "10", "10"]]
    assert header_layout(table(0, rows).rows, 1) is None
    assert [c.name for c in extract_report(doc(table(0, rows))).claims] == ["新改建农村公路里程", "工程验收合格率"]


def test_inspect_shows_each_column_role_and_why(tmp_path: Path) -> None:
    import subprocess
    import sys

    from docreview.docgen import DocSpec, Table, write

    path = write(DocSpec(blocks=[Table(rows=[
        ["三级指标", "年初计划\n指标值", "执行结果", "分值", "自评分"],
        ["新改建农村公路里程", "≥120公里", "108公里", "20", "18"],
        ["工程验收合格率", "≥95%", "98%", "10", "10"]])]), tmp_path / "自评表.docx")
    out = subprocess.run([sys.executable, "-m", "docreview.cli", "inspect", str(path)], capture_output=True,
                         text=True, encoding="utf-8", check=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
                         ).stdout
    assert "类型 indicator" in out and "读出 2/2 行" in out
    assert "「年初计划指标值」 → target  (表头含「年初」；表头 2 / 内容 0)" in out
    assert "「执行结果」 → actual  (表头「执行结果」未识别，按内容判为actual；表头 0 / 内容 1)" in out
    assert "「自评分」 → score" in out


def test_hebei_form_group_over_sign_value_and_unit_and_a_mislabelled_weight_column() -> None:
    """xc01 (河北成安): 预期指标值 spans 符号 | (the value, no label) | 单位(文字描述); 指标分值 heads a column of
    explanations; 单项指标实际完成值 and 单项指标完成情况 both look like actuals — the measurements win."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标分值", "预期指标值", "", "", "单项指标实际完成值", "单项指标完成情况",
         "自评得分", "", ""],
        ["", "", "", "", "符号", "", "单位(文字描述)", "", "", "单项指标得分", "权重占比(%)", "单项指标折算得分"],
        ["产出指标", "质量指标", "符合条件申报对象覆盖率", "享受补贴政策人数占符合条件申报对象总数的比例", ">=", "98",
         "%(百分比)", "100%", "完成", "25.00", "25.00", "6.25"],
        ["", "时效指标", "完成率", "按照要求每月及时完成符合条件对象审批的比例(百分比)", ">=", "99", "%(百分比)", "100%",
         "完成", "25.00", "25.00", "6.25"],
    ]
    layout = header_layout(table(0, rows).rows, 0)
    assert layout is not None and layout.header_rows == 2
    assert (layout.roles[3], layout.roles[4], layout.roles[5], layout.roles[6]) == ("ignore", "direction", "target", "unit")
    assert layout.roles[7] == "actual" and layout.roles[8] == "ignore"
    claim = _claim(rows, "符合条件申报对象覆盖率")
    assert claim.target is not None and (claim.target.direction, claim.target.value, claim.target.unit) == (">=", 98, "%")
    assert claim.actual is not None and claim.actual.value == 100 and claim.weight == 25  # 权重占比


def test_side_by_side_long_term_and_annual_blocks_read_the_annual_one() -> None:
    """xc03 (湖北武汉青山 目标表): 一级 | 二级 | 三级 | 指标值 (中长期, empty) | 二级 | 三级 | 指标值 (年度)."""
    rows = [["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "", "", "数量指标", "重点建设工程安排数量", "2"],
            ["产出指标", "质量指标", "", "", "质量指标", "重点建设工程验收合格率", "100%"]]
    layout = header_layout(table(0, rows).rows, 0)
    assert layout is not None and layout.table_kind == "target"
    assert {r: c for c, r in layout.roles.items() if r != "ignore"} == {
        "level1": 0, "level2": 4, "name": 5, "target": 6}
    claim = _claim(rows, "重点建设工程安排数量")
    assert claim.target is not None and claim.target.value == 2 and claim.level2 == "数量指标"


@pytest.mark.parametrize(("row", "adjusted", "executed"), [
    # xa02 (四川 普惠金融): label, blank, figure; then the used funds after a 合计: sub-label
    (["资金情况(万元)", "年度金额(提前下达):", "", "208万元", "资金使用情况(万元)", "合计:", "109.8"], 208, 109.8),
    (["计划投资额", "678", "实际使用情况", "499"], 678, 499),
    (["下达资金", "120", "已拨付", "96"], 120, 96),
])
def test_key_value_budget_rows_without_a_header(row: list[str], adjusted: float, executed: float) -> None:
    rx = extract_report(doc(table(0, [row])))
    (line,) = rx.budget
    assert (line.adjusted, line.executed, line.is_total) == (adjusted, executed, True)
    assert rx.tables[0].kind == "key_value_budget"


@pytest.mark.parametrize(("rows", "kind"), [
    # a form's basic information: labels and names, no header of roles
    ([["项目名称", "教育系统基础设施建设和设备购置", "主管部门", "武汉市青山区教育局"],
      ["实施单位", "武汉市青山区教育局", "项目负责人", "张三"]], "basic_info"),
    # an expense detail table (明细表) whose 合计 row is checked against its rows
    ([["序号", "乡镇", "补助资金(万元)"], ["1", "柳河镇", "120"], ["2", "城关镇", "80"], ["合计", "", "200"]],
     "detail"),
    # a table docreview cannot classify is listed as such, never guessed
    ([["编号", "名称", "说明"], ["A-1", "培训教室", "见附件"]], "unknown"),
])
def test_other_table_kinds_are_recognised_or_listed_as_unknown(rows: list[list[str]], kind: str) -> None:
    rx = extract_report(doc(table(0, rows)))
    assert [t.kind for t in rx.tables] == [kind]
    assert rx.tables[0].file == "report.docx" and rx.tables[0].table == 0


def test_unlabelled_weight_and_score_columns_are_read_from_their_figures() -> None:
    """Small numbers adding up to 100 are weights; numbers never above the weight beside them are scores."""
    rows = [["三级指标", "年度指标值", "实际完成值", "栏目甲", "栏目乙"],
            ["培训人次", "≥1000人次", "860人次", "60", "30"],
            ["就业率", "≥80%", "85%", "40", "20"]]
    layout = header_layout(table(0, rows).rows, 0)
    assert layout is not None and (layout.roles[3], layout.roles[4]) == ("weight", "score")
    reasons = {d.col: d for d in layout.decisions}
    assert reasons[3].content_score == 1.0 and reasons[4].content_score == 1.0
    swapped = [r[:3] + [r[4], r[3]] for r in rows]  # the small column first: it does not add up to 100
    layout = header_layout(table(0, swapped).rows, 0)
    assert layout is not None and layout.roles.get(3) != "weight"


def test_per_area_targets_beside_a_direction_column() -> None:
    """ea03 (福建秀屿 转移支付目标表): 指标方向 | 笏石街道办 | 埭头镇 — one column of targets per area."""
    rows = [["绩效指标", "一级指标", "二级指标", "三级指标", "指标解释", "指标方向", "笏石街道办", "埭头镇"],
            ["", "成本指标", "经济成本指标", "省级财政专项资金投入成本控制率(%)", "反映成本控制情况", "≤", "100%", "100%"],
            ["", "产出指标", "数量指标", "开展修复工程(个)", "反映修复项目开展情况", "≥", "1", "1"]]
    layout = header_layout(table(0, rows).rows, 0)
    assert layout is not None and layout.table_kind == "target"
    assert (layout.roles[6], layout.roles[7]) == ("target", "ignore")
    claim = _claim(rows, "开展修复工程(个)")
    assert claim.target_text == "≥1" and claim.actual_text is None


def test_a_reason_row_for_the_whole_table_gives_each_named_indicator_its_reason() -> None:
    """Hubei forms (i09): one 偏差大或目标未完成原因分析 row under the table names each missed indicator and why."""
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "成本指标", "吨水运维成本", "≤1.2元", "1.5元", "10", "8"],
            ["效益指标", "可持续影响指标", "供水工程长效管护机制", "建立", "未建立", "10", "8"],
            ["", "数量指标", "新建供水管网", "≥20公里", "21公里", "10", "10"],
            ["偏差大或 目标未完成 原因分析", "1.吨水运维成本超出目标，主要原因是管护人员工资和电费上涨。2.供水工程长效管护机制未建立，"
             "原因是县级农村供水工程管护办法尚未出台。", "", "", "", "", ""]]
    rx = extract_report(doc(table(0, rows)))
    by_name = {c.name: c for c in rx.claims}
    assert by_name["吨水运维成本"].reason == "1.吨水运维成本超出目标，主要原因是管护人员工资和电费上涨。"
    assert by_name["供水工程长效管护机制"].reason is not None and "管护办法尚未出台" in by_name["供水工程长效管护机制"].reason
    assert by_name["新建供水管网"].reason is None
    assert by_name["吨水运维成本"].reason_span is not None and by_name["吨水运维成本"].reason_span.row == 4


def test_a_ruling_line_fragment_before_a_header_is_not_a_figure() -> None:
    """OCR reads the left ruling line of a header cell as ``1``/``l``/``|`` (`1偏差原因分析及改进措施`, corpus h08
    scanned): the header is still a header, so the table is read; a period (`1-6月`) or a date is not touched."""
    from docreview.extract.columns import header_layout, normalize_header
    from docreview.models import TableRow

    assert normalize_header("1偏差原因分析及改进措施") == "偏差原因分析及改进措施"
    assert normalize_header("|三级指标") == "三级指标"
    assert normalize_header("1月份") == "1月份"
    rows = [TableRow(index=0, cells=["一级指标", "二级指标", "l三级指标", "年度指标值", "实际完成值", "1偏差原因分析及改进措施"]),
            TableRow(index=1, cells=["产出指标", "数量指标", "培训人次", "≥1000人次", "980人次", "部分学员未到"])]
    layout = header_layout(rows, 0)
    assert layout is not None and layout.roles[2] == "name" and layout.roles[5] == "reason"
