"""extract: indicator tables of every column layout, budget blocks, totals, prose, unparsed, provenance.

Documents are built directly (blocks with the offsets ingest gives) so that each layout can be stated
row by row; expected values are what a reviewer reads in those rows.
"""

from __future__ import annotations

import pytest

from builders import claim_named as _claim
from builders import doc as _doc
from builders import para as _para
from builders import quote_of as _quote
from builders import table as _table
from docreview.extract import extract_policy, extract_report, indicators_from_report, merge_indicators
from docreview.models import Indicator, Span

# --------------------------------------------------------------------------- building documents


# --------------------------------------------------------------------------- column layouts


SICHUAN = [
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
    ["产出指标", "数量指标", "新改建农村公路里程", "≥", "120", "公里", "108", "20", "18", "受汛期影响，两个标段停工"],
    ["", "质量指标", "工程验收合格率", "≥", "95", "%", "98", "10", "10", ""],
    ["效益指标", "社会效益指标", "道路交通安全事故", "=", "0", "起", "0", "10", "10", ""],
    ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥", "90", "%", "92.5", "10", "9", ""],
]


def test_sichuan_layout_direction_value_unit_columns() -> None:
    doc = _doc(_table(0, SICHUAN))
    rx = extract_report(doc)
    assert [c.name for c in rx.claims] == ["新改建农村公路里程", "工程验收合格率", "道路交通安全事故", "沿线群众满意度"]

    road = _claim(rx.claims, "新改建农村公路里程")
    assert (road.level1, road.level2) == ("产出指标", "数量指标")
    assert road.target_text == "≥120公里"
    assert road.target is not None and road.target.value == 120 and road.target.unit == "公里"
    assert road.target.direction == ">="
    assert road.actual is not None and road.actual.value == 108 and road.actual.unit in ("", "公里")
    assert road.actual_text == "108"
    assert (road.weight, road.self_score) == (20, 18)
    assert road.reason == "受汛期影响，两个标段停工"

    quality = _claim(rx.claims, "工程验收合格率")
    assert (quality.level1, quality.level2) == ("产出指标", "质量指标")  # 一级 carried over the merged cell
    assert quality.target is not None and quality.target.unit == "%" and quality.target.value == 95
    assert quality.reason is None

    accident = _claim(rx.claims, "道路交通安全事故")
    assert accident.target is not None and accident.target.value == 0 and accident.target.direction == "="

    survey = _claim(rx.claims, "沿线群众满意度")
    assert survey.actual is not None and survey.actual.value == 92.5
    assert survey.self_score == 9


ANHUI = [
    ["项目名称", "农村公路提质改造", "", "", "", "", "", ""],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", "46个", "20", "18", "部分项目延至次年委托"],
    ["", "质量指标", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", "15", "15", ""],
    ["", "成本指标", "项目总成本", "≤90万元", "89.97万元", "15", "15", ""],
    ["效益指标(30分)", "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", "达成预期指标", "30", "30", ""],
    ["满意度指标(10分)", "服务对象满意度指标", "委托单位满意度", "≥95%", "无", "10", "10", "无"],
]


def test_anhui_layout_with_qualitative_targets_and_level1_weights() -> None:
    doc = _doc(_table(0, ANHUI))
    rx = extract_report(doc)
    assert len(rx.claims) == 5

    count = _claim(rx.claims, "基建工程委托业务项目数量")
    assert count.level1 == "产出指标"  # the weight is not part of the name
    assert count.target is not None and count.target.value == 50 and count.target.unit == "个"
    assert count.target.direction == ">="
    assert count.actual is not None and count.actual.value == 46
    assert count.reason == "部分项目延至次年委托"

    rule = _claim(rx.claims, "经费支出合规性")
    assert rule.level1 == "产出指标" and rule.level2 == "质量指标"
    assert rule.target is not None and rule.target.kind == "qualitative"
    assert rule.actual_text == "达成预期指标"
    assert rule.actual is None or rule.actual.kind == "qualitative"

    cost = _claim(rx.claims, "项目总成本")
    assert cost.target is not None and cost.target.direction == "<=" and cost.target.unit == "万元"
    assert cost.actual is not None and cost.actual.value == pytest.approx(89.97)

    survey = _claim(rx.claims, "委托单位满意度")
    assert survey.level1 == "满意度指标"
    assert survey.actual is None and survey.actual_text == "无"
    assert survey.self_score == 10

    weights = {t.level1: t.value for t in rx.totals if t.kind == "level1_weight"}
    assert weights == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}


def test_anhui_policy_qualitative_indicator() -> None:
    px = extract_policy(_doc(_table(0, ANHUI), name="policy.docx"))
    fair = next(i for i in px.indicators if i.name == "对维护基建市场公平的影响程度")
    assert fair.qualitative is True
    assert fair.target is not None and fair.target.kind == "qualitative" and fair.target.text == "效果明显"
    assert fair.weight == 30 and fair.level1 == "效益指标"
    cost = next(i for i in px.indicators if i.name == "项目总成本")
    assert cost.qualitative is False and cost.direction == "<=" and cost.unit == "万元"


HUBEI = [
    ["单位名称", "塘湖镇人民政府", "", "", "", "", ""],
    ["年度目标1:(80分)", "增强政府工作效率、改善乡镇居住环境", "", "", "", "", ""],
    ["年度绩效指标", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
    ["", "产出指标", "数量指标", "办结信访案件", "168起", "150起", "9"],
    ["", "", "数量指标", "拆除活人墓、豪华墓", "32座", "32座", "20"],
    ["", "", "时效指标", "解决群众问题时间", "2天以内", "3天", "8"],
    ["", "效益指标", "社会效益指标", "改善人居环境", "有效改善", "有效改善", "10"],
    ["", "满意度指标", "群众满意度 指标", "群众对政府工作满意度", "≧90%", "95%", "20"],
    ["总分", "", "", "", "", "", "67分"],
]


def test_hubei_layout_header_on_third_row() -> None:
    rx = extract_report(_doc(_table(0, HUBEI)))
    assert [c.name for c in rx.claims] == ["办结信访案件", "拆除活人墓、豪华墓", "解决群众问题时间", "改善人居环境",
                                           "群众对政府工作满意度"]
    petitions = _claim(rx.claims, "办结信访案件")
    assert petitions.target_text == "168起" and petitions.target is not None and petitions.target.value == 168
    assert petitions.actual is not None and petitions.actual.value == 150 and petitions.actual.unit == "起"
    assert petitions.self_score == 9 and petitions.weight is None

    survey = _claim(rx.claims, "群众对政府工作满意度")
    assert (survey.level1, survey.level2) == ("满意度指标", "群众满意度指标")
    assert survey.target is not None and survey.target.value == 90 and survey.target.direction == ">="

    assert [(t.kind, t.value) for t in rx.totals if t.kind == "score_total"] == [("score_total", 67)]
    assert [(t.level1, t.value) for t in rx.totals if t.kind == "level1_weight"] == [("年度目标1", 80)]


def test_hubei_rows_shortened_by_rowspans_are_realigned() -> None:
    """HTML with rowspans: the first row of a group has 一级/二级, the next only 二级 or nothing."""
    short = [
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
        ["产出指标", "数量指标", "办结信访案件", "168起", "168起", "10"],
        ["数量指标", "拆除活人墓、豪华墓", "32座", "30座", "18"],
        ["解决群众问题时间", "2天以内", "2天以内", "10"],
        ["效益指标", "社会效益指标", "改善人居环境", "有效改善", "有效改善", "10"],
    ]
    doc = _doc(_table(0, short))
    rx = extract_report(doc)
    assert [(c.name, c.level1, c.level2) for c in rx.claims] == [
        ("办结信访案件", "产出指标", "数量指标"),
        ("拆除活人墓、豪华墓", "产出指标", "数量指标"),
        ("解决群众问题时间", "产出指标", "数量指标"),
        ("改善人居环境", "效益指标", "社会效益指标"),
    ]
    tombs = _claim(rx.claims, "拆除活人墓、豪华墓")
    assert tombs.target_text == "32座" and tombs.actual_text == "30座" and tombs.self_score == 18
    assert _quote(doc, tombs.actual_span) == "30座"
    assert tombs.actual_span is not None and tombs.actual_span.col == 3  # the physical cell of the short row


HUNAN = [
    ["专项资金名称", "县级储备粮", "", "负责人及电话", "", "", ""],
    ["绩 效 指 标", "一级 指标", "二级 指标", "三级指标", "年度指标 值", "全年 完成值", "未完成原因和 改进措施"],
    ["", "产 出 指 标", "数量 指标", "5000吨稻谷、500吨成 品粮储备到位率", "100%", "100%", ""],
    ["", "", "质量 指标", "县级储备粮库存粮 食明显变质比例", "0", "0", ""],
    ["", "效益 指标", "经济 效益 指标", "政策性挂账利息补 贴保障率", "100%", "无", "没有轮换、动用库存"],
    ["", "", "可持 续影 响指标", "粮食储备设备维 护及安全性", "高", "高", ""],
]


def test_hunan_layout_without_weights() -> None:
    rx = extract_report(_doc(_table(0, HUNAN)))
    names = [c.name for c in rx.claims]
    # line-wrap spaces inside the cells are not part of the names
    assert names == ["5000吨稻谷、500吨成品粮储备到位率", "县级储备粮库存粮食明显变质比例", "政策性挂账利息补贴保障率",
                     "粮食储备设备维护及安全性"]
    reserve = _claim(rx.claims, "5000吨稻谷、500吨成品粮储备到位率")
    assert (reserve.level1, reserve.level2) == ("产出指标", "数量指标")
    assert reserve.weight is None and reserve.self_score is None
    spoiled = _claim(rx.claims, "县级储备粮库存粮食明显变质比例")
    assert spoiled.target is not None and spoiled.target.value == 0 and spoiled.target.direction == "="
    interest = _claim(rx.claims, "政策性挂账利息补贴保障率")
    assert interest.actual is None and interest.actual_text == "无"
    assert interest.reason == "没有轮换、动用库存"
    assert (interest.level1, interest.level2) == ("效益指标", "经济效益指标")
    upkeep = _claim(rx.claims, "粮食储备设备维护及安全性")
    assert upkeep.level2 == "可持续影响指标"
    assert upkeep.target is not None and upkeep.target.kind == "qualitative"


def test_policy_table_with_explanation_column() -> None:
    rows = [
        ["部门(单位)名称", "中共宁德市委党史和地方志研究室", "", "部门预算编码", "901001033"],
        ["一级指标", "二级指标", "三级指标", "指标解释", "目标值"],
        ["产出指标", "数量指标", "按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴", "60%", "≥60%"],
        ["", "质量指标", "各类书籍审稿率", "100%(计划标准)", "98%"],
        ["", "时效指标", "项目完成时间", "2019年12月(计划标准)", "2019年12月底前"],
        ["效益指标", "社会效益指标", "地情资料利用水平", "反映资料服务社会情况", "有效提升"],
    ]
    doc = _doc(_table(0, rows), name="目标表.xlsx")
    px = extract_policy(doc)
    assert [i.name for i in px.indicators] == [
        "按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴", "各类书籍审稿率", "项目完成时间", "地情资料利用水平"]
    review = px.indicators[1]
    assert review.target_text == "98%"  # 目标值, not 指标解释
    assert review.target is not None and review.target.value == 98 and review.direction == ">="
    assert (review.level1, review.level2) == ("产出指标", "质量指标")
    deadline = px.indicators[2]
    assert deadline.target is not None and deadline.target.kind == "date"
    assert deadline.target.date is not None and (deadline.target.date.year, deadline.target.date.month) == (2019, 12)
    vague = px.indicators[3]
    assert vague.qualitative is True and vague.target_text == "有效提升"
    assert all(i.source == "policy" for i in px.indicators)
    assert px.indicators[0].id == "目标表.xlsx#t0r2"
    assert px.unparsed == []  # the budget code 901001033 is no measurement


def test_target_table_named_by_level_columns_only() -> None:
    """鄂州 layout: 一级指标 holds 数量指标 and 二级指标 holds the indicator name; 当年预期实现值 is the target."""
    rows = [
        ["一级指标", "二级指标", "绩效标准", "当年预期实现值"],
        ["数量指标", "大楼安检巡察次数", "反映大楼保卫巡检情况", "200次"],
        ["质量指标", "办公大楼日常维修维护验收合格率", "反映办公大楼全年维修维护质量情况", ">92%"],
    ]
    px = extract_policy(_doc(_table(0, rows), name="policy.docx"))
    assert [(i.name, i.target_text) for i in px.indicators] == [
        ("大楼安检巡察次数", "200次"), ("办公大楼日常维修维护验收合格率", ">92%")]
    assert (px.indicators[0].level1, px.indicators[0].level2) == ("产出指标", "数量指标")
    assert px.indicators[1].direction == ">"


def test_long_term_indicators_are_not_this_years_targets() -> None:
    rows = [
        ["长期绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
        ["", "产出指标", "数量指标", "新建村级活动中心", "20个", ""],
        ["年度绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
        ["", "产出指标", "数量指标", "新建村级活动中心", "5个", ""],
        ["", "", "质量指标", "88", "100", ""],
    ]
    px = extract_policy(_doc(_table(0, rows), name="policy.pdf"))
    assert [(i.name, i.target_text) for i in px.indicators] == [("新建村级活动中心", "5个"), ("质量指标", "100")]


def test_repeated_header_row_is_not_an_indicator() -> None:
    rows = [SICHUAN[0], SICHUAN[1], SICHUAN[0], SICHUAN[2]]
    rx = extract_report(_doc(_table(0, rows)))
    assert [c.name for c in rx.claims] == ["新改建农村公路里程", "工程验收合格率"]
    assert rx.claims[1].level1 is None  # a repeated header starts a fresh group


# --------------------------------------------------------------------------- budget blocks and totals


def test_budget_block_sichuan_label_column() -> None:
    rows = [
        ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"],
        ["", "总额", "238.93", "251.89", "226.70", "90.00%", "10", "9"],
        ["", "其中:财政资金", "238.93", "251.89", "226.70", "90.00%", "/", "/"],
        ["", "单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        ["", "其他资金", "", "", "", "", "/", "/"],
    ]
    rx = extract_report(_doc(_table(0, rows)))
    lines = {b.label: b for b in rx.budget}
    assert set(lines) == {"总额", "其中:财政资金", "单位资金"}
    total = lines["总额"]
    assert total.is_total is True
    assert (total.initial, total.adjusted, total.executed, total.rate_stated) == (238.93, 251.89, 226.70, 90.0)
    assert (total.weight, total.self_score, total.unit) == (10, 9, "万元")
    fiscal = lines["其中:财政资金"]
    assert fiscal.is_total is False and fiscal.weight is None and fiscal.self_score is None
    assert [(t.level1, t.value) for t in rx.totals] == [("预算执行情况", 10)]
    assert rx.claims == [] and rx.unparsed == []


def test_budget_row_with_one_number_and_anhui_total_row() -> None:
    hubei = [
        ["预算执行情况(万元) (20分)", "预算数(A)", "", "执行数(B)", "执行率(B/A)", "", "得分 (20分*执行率)"],
        ["部门整体支出总额", "864.2", "", "", "100%", "", "20"],
    ]
    anhui = [
        ["项目资金 (万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额: 0 0 0 10 0 0", "", "", "", "", "", ""],
        ["", "年度资金总额:", "0", "0", "0", "10", "0", "0"],
        ["", "其中:本年财政拨款", "90", "89.974", "89.974", "", "", ""],
    ]
    rx = extract_report(_doc(_table(0, hubei), _table(1, anhui, table=1)))
    whole = next(b for b in rx.budget if b.label == "部门整体支出总额")
    assert (whole.adjusted, whole.executed, whole.rate_stated, whole.self_score) == (864.2, None, 100.0, 20)
    assert whole.is_total
    total = next(b for b in rx.budget if b.label == "年度资金总额:" and b.span.row == 2)
    assert (total.initial, total.adjusted, total.executed, total.weight, total.rate_stated, total.self_score) == (
        0, 0, 0, 10, 0, 0)
    assert total.is_total
    grant = next(b for b in rx.budget if b.label == "其中:本年财政拨款")
    assert (grant.initial, grant.adjusted, grant.executed) == (90, 89.974, 89.974) and not grant.is_total
    # a flattened line (the figures ran into the label cell) is read in header order
    flat = [b for b in rx.budget if b.span.row == 1 and b.span.table == 1]
    assert len(flat) == 1 and flat[0].label == "年度资金总额:" and flat[0].is_total
    assert (flat[0].initial, flat[0].adjusted, flat[0].executed, flat[0].weight, flat[0].rate_stated,
            flat[0].self_score) == (0, 0, 0, 10, 0, 0)
    assert rx.unparsed == []


def test_total_rows_weight_and_score() -> None:
    rows = [*SICHUAN, ["合计", "", "", "", "", "", "", "50", "47", ""]]
    doc = _doc(_table(0, rows))
    rx = extract_report(doc)
    totals = {t.kind: t for t in rx.totals}
    assert totals["weight_total"].value == 50 and totals["score_total"].value == 47
    assert _quote(doc, totals["score_total"].span) == "47"
    assert len(rx.claims) == 4  # the 合计 row is not an indicator


# --------------------------------------------------------------------------- detail tables (明细表)

FARMLAND_DETAIL = [
    ["序号", "乡镇", "建设面积（亩）", "其中：高效节水灌溉（亩）", "财政投入（万元）", "竣工验收日期"],
    ["1", "柳河镇", "6200", "1200", "903", "2024年11月28日"],
    ["2", "东岗镇", "5400", "1000", "786", "2024年12月5日"],
    ["3", "石门乡", "4800", "900", "669", "2024年12月10日"],
    ["4", "王庄镇", "5100", "1100", "743", "2024年12月16日"],
    ["5", "青山乡", "4500", "1000", "655", "2024年12月18日"],
    ["合计", "", "26000", "5200", "3786", ""],
]


def test_detail_table_total_row_gives_one_total_per_numeric_column() -> None:
    doc = _doc(_para(0, "附件：2024年度高标准农田建设项目分乡镇建设明细表"), _table(1, FARMLAND_DETAIL))
    rx = extract_report(doc)
    totals = {t.column: t for t in rx.column_totals}
    assert list(totals) == ["建设面积", "其中：高效节水灌溉", "财政投入"]  # no 序号, no dates
    money = totals["财政投入"]
    assert money.label == "2024年度高标准农田建设项目分乡镇建设明细表合计"
    assert (money.stated, money.parts, money.unit) == (3786, [903, 786, 669, 743, 655], "万元")
    assert sum(money.parts) == 3756  # the stated 3786 is 30 more: score.py flags it
    assert (totals["建设面积"].stated, sum(totals["建设面积"].parts), totals["建设面积"].unit) == (26000, 26000, "亩")
    assert sum(totals["其中：高效节水灌溉"].parts) == 5200
    assert _quote(doc, money.span) == "3786" and (money.span.row, money.span.col) == (6, 4)
    assert money.parts_span is not None and money.parts_span.row == 1
    assert _quote(doc, money.parts_span) == "\n".join(" | ".join(r) for r in FARMLAND_DETAIL[1:6])
    assert rx.unparsed == [] and rx.claims == [] and rx.budget == []


def test_detail_table_skips_rates_single_figures_and_words() -> None:
    # 成本构成 (realdocs S4): 191 + 99 + 524 = 814; 完成率 and 占比 do not add up; 配套资金 has one figure
    cost = [
        ["项目预算", "成本构成", "金额（万元）", "完成率", "占比", "配套资金"],
        ["", "保安服务费", "191", "100%", "23.5", ""],
        ["", "保洁服务费", "99", "96.6%", "12.2", "20"],
        ["", "水电气、维修维护费", "524", "98%", "64.3", "/"],
        ["", "合计", "814", "98.5%", "100", "20"],
    ]
    # 待定 among the figures: the column cannot be summed, the rows stay unparsed
    pending = [["乡镇", "财政投入"], ["柳河镇", "903"], ["东岗镇", "待定"], ["青山乡", "655"], ["合计", "1558"]]
    rx = extract_report(_doc(_table(0, cost), _table(1, pending, table=1)))
    assert [(t.column, t.stated, t.parts, t.unit) for t in rx.column_totals] == [
        ("金额", 814, [191, 99, 524], "万元")]
    assert [u.span.table for u in rx.unparsed] == [1, 1, 1]  # 柳河镇, 青山乡, 合计


def test_detail_table_subtotals_and_grand_total() -> None:
    rows = [
        ["类别", "项目", "金额（万元）"],
        ["工程类", "道路硬化", "120"],
        ["", "其中：中央资金", "60"],  # part of the row above, not summed again
        ["", "桥梁维修", "80"],
        ["小计", "", "200"],
        ["服务类", "工程监理", "30"],
        ["", "勘察设计", "25"],
        ["小计", "", "55"],
        ["合计", "", "265"],
    ]
    rx = extract_report(_doc(_table(0, rows)))
    assert [(t.label, t.stated, t.parts) for t in rx.column_totals] == [
        ("小计", 200, [120, 80]), ("小计", 55, [30, 25]), ("合计", 265, [200, 55])]  # 200 + 55 = 255 ≠ 265
    assert [u.text for u in rx.unparsed] == [" | 其中：中央资金 | 60"]


def test_indicator_table_total_is_no_column_total() -> None:
    rows = [*SICHUAN, ["合计", "", "", "", "", "", "", "50", "47", ""]]
    assert extract_report(_doc(_table(0, rows))).column_totals == []


# --------------------------------------------------------------------------- prose


def test_prose_claims_with_chinese_numerals() -> None:
    text = ("全年开展送戏下乡演出三百二十场次。农村生活垃圾无害化处理率达到96.2%。全年发生一起一般道路运输事故。"
            "全年共开展技能培训八百六十人次，未达到年初1000人次的目标，主要原因是疫情期间集中培训暂停。")
    doc = _doc(_para(0, text))
    rx = extract_report(doc)
    assert [c.name for c in rx.claims] == ["送戏下乡演出", "农村生活垃圾无害化处理率", "一般道路运输事故", "技能培训"]
    assert all(c.kind == "prose" for c in rx.claims)

    shows = _claim(rx.claims, "送戏下乡演出")
    assert shows.actual is not None and (shows.actual.value, shows.actual.unit) == (320, "场次")
    assert _quote(doc, shows.span) == "全年开展送戏下乡演出三百二十场次。"

    waste = _claim(rx.claims, "农村生活垃圾无害化处理率")
    assert waste.actual is not None and (waste.actual.value, waste.actual.unit) == (96.2, "%")
    assert _quote(doc, waste.actual_span) == "96.2%"

    accident = _claim(rx.claims, "一般道路运输事故")
    assert accident.actual is not None and (accident.actual.value, accident.actual.unit) == (1, "起")

    training = _claim(rx.claims, "技能培训")
    assert training.actual is not None and (training.actual.value, training.actual.unit) == (860, "人次")
    assert training.target is not None and (training.target.value, training.target.unit) == (1000, "人次")
    assert training.reason == "主要原因是疫情期间集中培训暂停"
    assert _quote(doc, training.reason_span) == "主要原因是疫情期间集中培训暂停"
    assert _quote(doc, training.target_span) == "1000人次"
    assert rx.unparsed == []


def test_prose_reasons_changes_and_deadlines() -> None:
    text = ("受疫情影响，全年仅举办农民工技能培训班12期，较计划减少3期。"
            "由于汛期提前，新改建农村公路108公里，未完成年度目标120公里。"
            "全县农村改厕完成率达到百分之八十七点五，较上年提高2个百分点。"
            "共有3个标段在2023年11月底前完工。")
    rx = extract_report(_doc(_para(0, text)))
    assert [c.name for c in rx.claims] == ["农民工技能培训班", "新改建农村公路", "农村改厕完成率", "标段", "标段完工"]
    classes = _claim(rx.claims, "农民工技能培训班")
    assert classes.actual is not None and (classes.actual.value, classes.actual.unit) == (12, "期")
    assert classes.target is None  # 较计划减少3期 is a change, not the target
    assert classes.reason == "受疫情影响"
    road = _claim(rx.claims, "新改建农村公路")
    assert road.target is not None and (road.target.value, road.target.unit) == (120, "公里")
    assert road.reason == "由于汛期提前"
    toilets = _claim(rx.claims, "农村改厕完成率")
    assert toilets.actual is not None and toilets.actual.value == pytest.approx(87.5) and toilets.actual.unit == "%"
    finished = _claim(rx.claims, "标段完工")
    assert finished.actual is not None and finished.actual.kind == "date"
    assert finished.actual.date is not None and (finished.actual.date.year, finished.actual.date.month) == (2023, 11)


def test_prose_budget_and_report_score() -> None:
    text = ("本项目专项资金金额为300.00万元,项目实际支出298.70万元,预算执行率为99.57%。"
            "本项目综合绩效得分为91.80分,绩效评级为“优”。")
    doc = _doc(_para(0, text))
    rx = extract_report(doc)
    assert len(rx.budget) == 1
    line = rx.budget[0]
    assert (line.adjusted, line.executed, line.rate_stated) == (300.0, 298.70, 99.57)
    assert [(t.kind, t.value) for t in rx.totals] == [("score_total", 91.80)]
    assert rx.claims == [] and rx.unparsed == []


def test_prose_budget_adjustment_roles() -> None:
    # h10: the clause after the semicolon completes the same budget line
    text = ("市级储备粮管理专项资金年初预算520万元，年中追加轮换价差补贴80万元，调整后预算580万元；全年实际支出"
            "五百零二万元，预算执行率86.6%，主要原因是部分轮换推迟，相应轮换价差补贴尚未拨付。")
    doc = _doc(_para(0, text))
    rx = extract_report(doc)
    (line,) = rx.budget
    assert (line.initial, line.added, line.adjusted, line.executed, line.rate_stated) == (520, 80, 580, 502, 86.6)
    assert _quote(doc, line.span).startswith("市级储备粮管理专项资金年初预算520万元")
    assert _quote(doc, line.span).endswith("预算执行率86.6%，主要原因是部分轮换推迟，相应轮换价差补贴尚未拨付。")
    assert rx.claims == [] and rx.unparsed == []

    # h04: 调减至130万元 is the adjusted budget, not a change of it
    h04 = extract_report(_doc(_para(0, "年初预算180万元，年中根据培训计划调减至130万元，全年支出124.7万元。")))
    (line,) = h04.budget
    assert (line.initial, line.added, line.adjusted, line.executed) == (180, None, 130, 124.7)

    # 调减/核减 subtract; a sentence of other sums after the semicolon is not merged (支出 given twice)
    cut = extract_report(_doc(_para(0, "年初预算200万元，年中核减30万元，调整后预算170万元，实际支出165万元；"
                                          "上年结转资金支出20万元。")))
    assert [(b.initial, b.added, b.adjusted, b.executed) for b in cut.budget] == [
        (200, -30, 170, 165), (None, None, None, 20)]


def test_budget_table_with_added_column() -> None:
    rows = [
        ["项目资金（万元）", "年初预算数", "追加数", "全年预算数", "全年执行数", "执行率"],
        ["年度资金总额", "520", "80", "580", "502", "86.55%"],
    ]
    (line,) = extract_report(_doc(_table(0, rows))).budget
    assert (line.initial, line.added, line.adjusted, line.executed, line.rate_stated) == (520, 80, 580, 502, 86.55)


def test_prose_amount_naming_an_item_is_a_claim_not_a_budget_line() -> None:
    # what one item cost answers a 成本指标; only sentences with budget words are the project's budget
    text = ("本项目年初预算资金400万元。全年实际支出386万元，预算执行率96.5%。"
            "全年垃圾清运处置支出三百六十二万元，控制在年初确定的成本目标以内。"
            "全年拨付承储企业保管费用补贴415万元。")
    doc = _doc(_para(0, text))
    rx = extract_report(doc)
    # 年初预算 is the initial budget; with no adjusted one it is also the rate's denominator (score.py); the
    # spending sentence divides by the budget of the sentence before it (386 ÷ 400 = 96.5%, as stated)
    assert [(b.initial, b.adjusted, b.executed, b.rate_stated) for b in rx.budget] == [(400.0, None, None, None),
                                                                                       (400.0, None, 386.0, 96.5)]
    assert [c.name for c in rx.claims] == ["垃圾清运处置支出", "拨付承储企业保管费用补贴"]
    cost = _claim(rx.claims, "垃圾清运处置支出")
    assert cost.actual is not None and (cost.actual.value, cost.actual.unit) == (362, "万元")
    assert _quote(doc, cost.actual_span) == "三百六十二万元"
    subsidy = _claim(rx.claims, "拨付承储企业保管费用补贴")
    assert subsidy.actual is not None and (subsidy.actual.value, subsidy.actual.unit) == (415, "万元")
    assert subsidy.level2 == "成本指标"


def test_prose_completion_without_a_figure_is_a_word_claim() -> None:
    text = ("特殊困难老年人家庭适老化改造工作已全面完成，改造内容包括安装扶手、地面防滑处理和紧急呼叫设备等。"
            "下一步将全面完成老旧小区改造任务。各项工作均已按期完成。")
    doc = _doc(_para(0, text))
    rx = extract_report(doc)
    [claim] = rx.claims  # a plan (将全面完成) is no result; 各项 names nothing
    assert claim.name == "特殊困难老年人家庭适老化改造"
    assert claim.actual is not None and claim.actual.kind == "qualitative"
    assert claim.actual_text == "已全面完成"
    assert _quote(doc, claim.actual_span) == "已全面完成"
    assert claim.target is None


def test_prose_completion_in_a_target_list_is_not_a_claim() -> None:
    text = "年初确定的绩效目标为：完成特殊困难老年人家庭适老化改造200户；项目已全部完成立项审批。"
    rx = extract_report(_doc(_para(0, text)))
    assert [(c.name, c.actual) for c in rx.claims] == [("特殊困难老年人家庭适老化改造", None)]


def test_prose_indicators_in_a_policy() -> None:
    text = ("到年底，农村生活垃圾无害化处理率不低于95%；完成造林绿化面积3.2万亩；全年新改建农村公路120公里以上；"
            "群众满意度达到90%以上；安全事故发生数为0。")
    doc = _doc(_para(0, "一、工作目标"), _para(1, text), name="实施方案.docx")
    px = extract_policy(doc)
    got = {i.name: i for i in px.indicators}
    assert set(got) == {"农村生活垃圾无害化处理率", "造林绿化面积", "新改建农村公路", "群众满意度", "安全事故发生数"}
    waste = got["农村生活垃圾无害化处理率"]
    assert waste.target is not None and (waste.target.value, waste.target.unit) == (95, "%")
    assert waste.direction == ">=" and waste.level2 == "质量指标"
    forest = got["造林绿化面积"]
    assert forest.target is not None and (forest.target.value, forest.target.unit) == (3.2, "万亩")
    assert forest.direction == ">=" and forest.level2 == "数量指标"
    road = got["新改建农村公路"]
    assert road.target is not None and (road.target.value, road.target.unit) == (120, "公里")
    assert road.direction == ">="
    assert got["群众满意度"].level1 == "满意度指标"
    accident = got["安全事故发生数"]
    assert accident.target is not None and accident.target.value == 0 and accident.direction == "="
    assert _quote(doc, waste.span).startswith("到年底，农村生活垃圾无害化处理率不低于95%")
    assert waste.id.startswith("实施方案.docx#b1s")


def test_contents_lines_and_years_are_not_claims() -> None:
    doc = _doc(_para(0, "一、项目基本情况5"), _para(1, "(二)绩效目标6"), _para(2, "二〇一九年六月"),
               _para(3, "根据2018年部门预算指标的通知开展评价。"))
    rx = extract_report(doc)
    assert rx.claims == [] and rx.unparsed == []


# --------------------------------------------------------------------------- nothing lost silently


def test_unparsed_rows_and_sentences() -> None:
    stray = [["保安服务费", "191", "依据招标文件"], ["保洁服务费", "99", "依据招标文件"], ["说明", "无", ""]]
    doc = _doc(_table(0, stray), _para(1, "项目实施情况良好。"))
    rx = extract_report(doc)
    assert [u.text for u in rx.unparsed] == ["保安服务费 | 191 | 依据招标文件", "保洁服务费 | 99 | 依据招标文件"]
    first = rx.unparsed[0]
    assert first.reason and first.span.row == 0 and _quote(doc, first.span) == "保安服务费 | 191 | 依据招标文件"


def test_unparsed_sentence_without_measured_thing() -> None:
    doc = _doc(_para(0, "详见附件3和附件4，共计2份。"))
    rx = extract_report(doc)
    assert rx.claims == []
    assert [u.text for u in rx.unparsed] == ["详见附件3和附件4，共计2份。"]
    policy = _doc(_para(0, "市财政安排专项资金300万元。"), name="policy.docx")
    px = extract_policy(policy)
    assert px.indicators == []
    assert [u.text for u in px.unparsed] == ["市财政安排专项资金300万元。"]  # money is no target, but shown


# --------------------------------------------------------------------------- provenance and report-defined indicators


def test_spans_point_at_the_cells() -> None:
    doc = _doc(_para(0, "项目支出绩效自评表"), _table(1, SICHUAN, table=0))
    rx = extract_report(doc)
    road = _claim(rx.claims, "新改建农村公路里程")
    assert road.span.block == 1 and road.span.table == 0 and road.span.row == 1 and road.span.col is None
    assert _quote(doc, road.span) == " | ".join(SICHUAN[1])
    assert _quote(doc, road.target_span) == "≥ | 120 | 公里"
    assert road.target_span is not None and road.target_span.col == 4
    assert _quote(doc, road.actual_span) == "108"
    assert road.actual_span is not None and (road.actual_span.row, road.actual_span.col) == (1, 6)
    assert _quote(doc, road.score_span) == "18"
    assert _quote(doc, road.reason_span) == "受汛期影响，两个标段停工"
    assert road.id == "report.docx#t0r1"
    assert road.span.file == "report.docx"


def test_indicators_from_report() -> None:
    rows = [["指标项目", "权重", "得分率", "得分"], ["项目决策指标", "10", "90%", "9"]]
    doc = _doc(_table(0, ANHUI), _table(1, rows, table=1), _para(2, "全年开展送戏下乡演出三百二十场次。"))
    rx = extract_report(doc)
    assert _claim(rx.claims, "项目决策指标").self_score == 9
    indicators = indicators_from_report(rx)
    assert [i.name for i in indicators] == [
        "基建工程委托业务项目数量", "经费支出合规性", "项目总成本", "对维护基建市场公平的影响程度", "委托单位满意度"]
    first = indicators[0]
    claim = _claim(rx.claims, first.name)
    assert first.source == "report" and first.id == claim.id and first.span == claim.span
    assert first.target_text == "≥50个" and first.weight == 20 and first.direction == ">="
    assert indicators[1].qualitative is True
    assert indicators[2].unit == "万元"


# --------------------------------------------------------------------------- prose inside table cells

FOOD_FORM = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "230", "230", "221.7", "10", "96.39%", "9.64"],
    ["年度总体目标", "实际完成情况：全年完成食品安全监督抽检2486批次、农贸市场快检13260批次，不合格食品全部核查处置。",
     "", "", "", "", ""],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "食品安全监督抽检", "≥2400批次", "2468批次", "10", "10"],
]


def test_prose_cell_sentence_becomes_a_claim_pointing_at_the_cell() -> None:
    doc = _doc(_table(0, FOOD_FORM))
    rx = extract_report(doc)
    row = next(c for c in rx.claims if c.kind == "row" and c.name == "食品安全监督抽检")
    assert row.actual_text == "2468批次"
    prose = next(c for c in rx.claims if c.kind == "prose" and c.name == "食品安全监督抽检")
    assert prose.actual is not None and prose.actual.value == 2486 and prose.actual.unit == "批次"
    assert prose.target is None
    assert (prose.span.row, prose.span.col, prose.span.table) == (2, 1, 0)
    block = doc.blocks[0]
    assert prose.span.start >= block.rows[2].offsets[1]
    assert _quote(doc, prose.span) == FOOD_FORM[2][1]
    assert _quote(doc, prose.actual_span) == "2486批次"
    assert prose.actual_span is not None and (prose.actual_span.row, prose.actual_span.col) == (2, 1)
    assert _claim(rx.claims, "农贸市场快检").actual_text == "13260批次"
    assert rx.unparsed == []  # the row was understood


def test_indicator_row_cells_are_not_read_as_prose() -> None:
    rows = [list(r) for r in SICHUAN]
    rows[1][9] = "受汛期影响，两个标段停工45天，已完成路基铺设80公里，剩余部分次年完工。"
    doc = _doc(_table(0, rows))
    rx = extract_report(doc)
    assert all(c.kind == "row" for c in rx.claims)
    road = _claim(rx.claims, "新改建农村公路里程")
    assert road.actual_text == "108" and road.reason == rows[1][9]
    assert rx.unparsed == []


TANGXI_FORM = [
    ["项目资金 (万元)", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "其中:本年财政拨款", "", "90", "89.974", "89.974", "", "", ""],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
    ["", "本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计。", "", "", "",
     "本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;29.99万元用于基建工程项目审计。", "", "", ""],
]


def test_expected_and_actual_cells_of_a_self_evaluation_form() -> None:
    doc = _doc(_table(0, TANGXI_FORM))
    rx = extract_report(doc)
    # 预期目标 cell: its figures are targets; 实际完成情况 cell: actuals
    planned = [c for c in rx.claims if c.kind == "prose" and c.span.col == 1]
    done = [c for c in rx.claims if c.kind == "prose" and c.span.col == 5]
    assert planned and all(c.actual is None and c.target is not None for c in planned)
    assert done and all(c.actual is not None for c in done)
    target = next(c for c in planned if c.name == "基建工程项目预算编制")
    assert target.target is not None and target.target.value == 30 and target.target.unit == "万元"
    assert _quote(doc, target.target_span) == "30万元"
    assert target.target_span is not None and (target.target_span.row, target.target_span.col) == (3, 1)
    actual = next(c for c in done if c.name == "基建工程项目预算编制")
    assert _quote(doc, actual.actual_span) == "30万元" and actual.span.row == 3
    # the budget sentences give budget lines, as in a paragraph, spanning their cell
    prose_lines = [b for b in rx.budget if b.span.col is not None]
    assert [(b.adjusted, b.executed) for b in prose_lines] == [(90, None), (None, 89.97)]
    assert [b.span.col for b in prose_lines] == [1, 5]
    assert _quote(doc, prose_lines[1].span) == "本项目共完成预算资金89.97万元。"
    assert not any(u.span.row == 3 for u in rx.unparsed)
    # the form's own budget table is unchanged
    assert next(b for b in rx.budget if b.label == "其中:本年财政拨款").executed == 89.974


def test_prose_cell_with_nothing_understood_stays_unparsed() -> None:
    rows = [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"],
            ["说明", "详见附件3和附件4，共计2份，另附相关佐证材料。", "", ""]]
    doc = _doc(_table(0, rows))
    rx = extract_report(doc)
    assert rx.claims == []
    assert [u.span.row for u in rx.unparsed] == [1] and rx.unparsed[0].span.col is None


def test_measured_name_keeps_words_ending_in_ji() -> None:
    """计 is dropped as a filler (`培训计300人次`), but not from 审计/设计/统计."""
    from docreview.extract.sentences import _TAIL_FILLER

    assert _TAIL_FILLER.sub("", "基建工程项目审计") == "基建工程项目审计"
    assert _TAIL_FILLER.sub("", "规划设计") == "规划设计"
    assert _TAIL_FILLER.sub("", "技能培训计") == "技能培训"


def test_merge_indicators_keeps_one_per_name_table_rows_first() -> None:
    """A policy's prose restating its table row is dropped, a repeated table row too; order is kept."""
    def ind(id_: str, name: str, row: int | None) -> Indicator:
        return Indicator(id=id_, name=name, span=Span(file="policy.docx", table=0 if row is not None else None,
                                                      row=row))

    prose_road = ind("p1", "新改建农村公路", None)  # `完成新改建农村公路120公里以上`
    prose_other = ind("p2", "培训人次", None)
    row_road = ind("t1", "新改建农村公路里程", 1)
    row_rate = ind("t2", "群众满意度", 2)
    repeated = ind("t3", "群众 满意度", 5)  # the table printed twice
    merged = merge_indicators([prose_road, row_road, prose_other, row_rate, repeated])
    assert [i.id for i in merged] == ["t1", "p2", "t2"]


# --------------------------------------------------------------------------- 评分标准 (department-wide forms)


def test_a_rows_scoring_criterion_is_carried_with_its_cell() -> None:
    rows = [
        ["一级指标", "三级指标", "分值", "指标解释", "评分标准", "实际完成值", "自评得分"],
        ["产出指标", "重点工作完成率", "10", "完成的重点工作占计划的比例", "≥90%计10分；80%-90%计8分", "85%", "10"],
        ["效益指标", "政务信息公开", "5", "是否按规定公开", "", "已公开", "5"],
    ]
    doc = _doc(_table(0, rows))
    rx = extract_report(doc)
    work = _claim(rx.claims, "重点工作完成率")
    # of two criterion columns, the one that speaks of scoring, not the explanation
    assert work.criterion == "≥90%计10分；80%-90%计8分"
    assert _quote(doc, work.criterion_span) == "≥90%计10分；80%-90%计8分"
    assert work.actual_text == "85%" and work.self_score == 10
    assert _claim(rx.claims, "政务信息公开").criterion is None  # an empty cell is no criterion
