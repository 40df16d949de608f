"""extract: prose-only self-evaluations define their own indicators (target / actual / self-score / reason slots)
and state their budget in sentences.

Each sentence has the shape of one seen in a published report (corpus/real: sw01, sw02, xa07, ce02, no01, no02,
xb05, r08); expected values are what a reviewer reads in the sentence.
"""

from __future__ import annotations

import datetime as dt

import pytest

from builders import claim_named as _claim
from builders import doc as _doc
from builders import para as _para
from builders import quote_of as _quote
from docreview.extract import extract_report, indicators_from_report
from docreview.models import Claim, Document
from docreview.normalize import normalize_name

LABEL_WORDS = {"实际完成值", "全年实际完成值", "年初指标值", "年初目标值", "目标值", "指标值", "完成值", "实际", "数量指标",
               "产出数量指标", "生态效益指标", "满意度指标"}


def _read(*paragraphs: str) -> tuple[Document, list[Claim]]:
    doc = _doc(*(_para(n, text) for n, text in enumerate(paragraphs)))
    return doc, extract_report(doc).claims


def _value(q: object) -> tuple[float | None, str, str | None]:
    return (getattr(q, "value", None), getattr(q, "unit", ""), getattr(q, "direction", None))


# --------------------------------------------------------------------------- one sentence, its slots


def test_name_target_actual_and_self_score_labelled_in_one_sentence() -> None:
    doc, claims = _read("群众满意度，年初目标值≥90%，实际完成值95%，自评得分20分。")
    (claim,) = claims
    assert claim.name == "群众满意度"
    assert _value(claim.target) == (90, "%", ">=")
    assert _value(claim.actual)[:2] == (95, "%")
    assert claim.self_score == 20
    assert _quote(doc, claim.actual_span) == "95%"
    assert _quote(doc, claim.target_span) == "≥90%"
    assert _quote(doc, claim.score_span) == "20分"
    rx = extract_report(doc)
    assert rx.totals == []  # the 20分 scores this indicator, not the report


def test_target_then_actual_marked_by_shi_ji() -> None:
    # sw01: the first figure is the target because the next one is stated as the actual
    doc, claims = _read("数量指标:租机数量8架,实际租机7架,该指标未完成。")
    (claim,) = claims
    assert claim.name == "租机数量"
    assert claim.target is not None and claim.target.value == 8
    assert claim.actual is not None and claim.actual.value == 7
    assert claim.target.unit == claim.actual.unit
    assert claim.level2 == "数量指标"
    assert claim.reason is None  # 该指标未完成 says that it missed, not why


def test_signed_targets_with_their_actuals_in_two_clauses() -> None:
    # sw02
    _, claims = _read("数量指标:布防飞机数量≥6架,实际布防6架;飞机飞行时长≥928小时,实际飞行时长909.93小时。")
    assert [c.name for c in claims] == ["布防飞机数量", "飞机飞行时长"]
    planes = _claim(claims, "布防飞机数量")
    assert planes.target is not None and (planes.target.value, planes.target.direction) == (6, ">=")
    assert planes.actual is not None and planes.actual.value == 6
    hours = _claim(claims, "飞机飞行时长")
    assert _value(hours.target) == (928, "小时", ">=")
    assert _value(hours.actual)[:2] == (909.93, "小时")


def test_control_targets_with_need_words() -> None:
    # sw01: 需控制在 … 以内 is a maximum and belongs to the target
    doc, claims = _read("生态效益指标:年森林火灾发生率需控制在6.5次,实际森林火灾发生率为0.2次;"
                        "森林火灾受害率需控制在1‰以内,实际森林火灾受害率为0.038‰。")
    assert [c.name for c in claims] == ["森林火灾发生率", "森林火灾受害率"]
    rate = _claim(claims, "森林火灾发生率")
    assert _value(rate.target) == (6.5, "次", "<=")
    assert _value(rate.actual)[:2] == (0.2, "次")
    damage = _claim(claims, "森林火灾受害率")
    assert _value(damage.target) == (1, "‰", "<=")
    assert _value(damage.actual)[:2] == (0.038, "‰")
    assert _quote(doc, damage.actual_span) == "0.038‰"
    assert damage.level2 == "生态效益指标"


def test_satisfaction_need_reach_above() -> None:
    _, claims = _read("基层群众对森林草原航空消防项目的满意度需达到80%以上,实际满意度为90%。")
    (claim,) = claims
    assert claim.name == "基层群众对森林草原航空消防项目的满意度"
    assert _value(claim.target) == (80, "%", ">=")
    assert _value(claim.actual)[:2] == (90, "%")
    assert claim.level1 == "满意度指标"


def test_name_from_the_subject_clause_not_the_label() -> None:
    # xa07: the clause of each figure only holds a label (年初指标值为, 全年实际完成值)
    _, claims = _read("1、产出数量指标:第一,有需求的困难残疾人得到残疾人基本康复服务比例,年初指标值为不低于85%,全年实际完成值100%。"
                      "第三,发放残疾人机动轮椅车燃油补贴人次数,年初指标值为不低于180人,全年实际完成值164人。")
    assert [c.name for c in claims] == ["有需求的困难残疾人得到残疾人基本康复服务比例", "发放残疾人机动轮椅车燃油补贴人次数"]
    share = claims[0]
    assert _value(share.target) == (85, "%", ">=")
    assert _value(share.actual)[:2] == (100, "%")
    fuel = claims[1]
    assert _value(fuel.target) == (180, "人", ">=")
    assert _value(fuel.actual)[:2] == (164, "人")


def test_plan_then_actual() -> None:
    _, claims = _read("全年计划完成农村改厕1200户，实际完成1150户。")
    (claim,) = claims
    assert claim.name == "农村改厕"
    assert _value(claim.target)[:2] == (1200, "户")
    assert _value(claim.actual)[:2] == (1150, "户")


def test_target_then_done() -> None:
    _, claims = _read("农技培训目标1000人次，完成1080人次。")
    (claim,) = claims
    assert claim.name == "农技培训"
    assert _value(claim.target)[:2] == (1000, "人次")
    assert _value(claim.actual)[:2] == (1080, "人次")


def test_kept_within_then_actual() -> None:
    # r08
    doc, claims = _read("年初确定“三公”经费支出控制在18.5万元以内，全年实际支出16.2万元，较上年下降8.5%。")
    claim = _claim(claims, "“三公”经费支出")
    assert _value(claim.target) == (18.5, "万元", "<=")
    assert _value(claim.actual)[:2] == (16.2, "万元")
    assert _quote(doc, claim.actual_span) == "16.2万元"
    assert extract_report(doc).budget == []  # what one item cost, not the project's budget


def test_target_from_difference_to_it() -> None:
    doc, claims = _read("群众满意度为88%，较目标低2个百分点。")
    (claim,) = claims
    assert _value(claim.actual)[:2] == (88, "%")
    assert claim.target is not None and (claim.target.value, claim.target.unit) == (90, "%")
    assert _quote(doc, claim.target_span) == "较目标低2个百分点"


def test_target_answered_in_words() -> None:
    # xa07: a deadline answered "实际在规定时间内完成"
    _, claims = _read("2、产出时效指标:项目完成时间,年初指标值为2023年12月底,实际在规定时间内完成。")
    (claim,) = claims
    assert claim.name == "项目完成时间"
    assert claim.target is not None and claim.target.date == dt.date(2023, 12, 31)
    assert claim.actual is not None and claim.actual.kind == "qualitative"
    assert claim.actual_text == "在规定时间内完成"


def test_category_line_with_a_status() -> None:
    # no01: `<二级指标>:<the indicator as its target says it>,<how it went>`
    _, claims = _read("数量指标:完成道路建设491米,已完成;", "质量指标:确保天桥质量,已完成;")
    road = _claim(claims, "道路建设")
    assert _value(road.target)[:2] == (491, "米")
    assert road.actual is not None and road.actual.kind == "qualitative" and road.actual_text == "已完成"
    bridge = next(c for c in claims if "天桥质量" in c.name)
    assert bridge.target is not None and bridge.target.kind == "qualitative"
    assert bridge.target.text == "确保天桥质量" and bridge.actual_text == "已完成"


def test_target_said_to_be_met() -> None:
    # no02
    _, claims = _read("雪亮工程实现了年内完成项目总体30%投入的目标;受疫情影响,项目未能全部完工。")
    claim = _claim(claims, "项目总体投入")
    assert _value(claim.target)[:2] == (30, "%")
    assert _value(claim.actual)[:2] == (30, "%")


# --------------------------------------------------------------------------- what is not paired, and not a name


def test_incompatible_units_are_not_paired() -> None:
    _, claims = _read("年初确定完成重点工作任务12项，实际完成率100%。")
    tasks = _claim(claims, "重点工作任务")
    assert _value(tasks.target)[:2] == (12, "项") and tasks.actual is None
    rate = next(c for c in claims if c.actual is not None and c.actual.unit == "%")
    assert rate.target is None
    _, money = _read("农村公路建设年度目标投资600万元，实际完成建设里程12公里。")
    km = next(c for c in money if c.actual is not None and c.actual.unit == "公里")
    assert km.target is None  # a 万元 target is never answered by a 公里 figure
    assert all(not (c.target is not None and c.target.unit == "万元" and c.actual is not None) for c in money)


def test_a_label_word_is_never_a_name() -> None:
    _, claims = _read("实际完成值为95%。", "年初指标值为不低于90%，全年实际完成值95%。", "数量指标:8个。",
                      "2、产出时效指标:年初指标值为2023年12月底,实际在规定时间内完成。")
    assert not {c.name for c in claims} & LABEL_WORDS
    assert all(c.name for c in claims)


def test_a_figure_without_target_stays_a_claim() -> None:
    doc, claims = _read("全年开展送戏下乡演出320场次，惠及群众4.5万人次。")
    assert [c.name for c in claims] == ["送戏下乡演出", "惠及群众"]
    assert all(c.target is None for c in claims)
    assert indicators_from_report(extract_report(doc)) == []


# --------------------------------------------------------------------------- indicators of a prose-only report


def test_indicators_from_a_prose_report() -> None:
    doc = _doc(_para(0, "数量指标:租机数量8架,实际租机7架,该指标未完成。"),
               _para(1, "基层群众对森林草原航空消防项目的满意度需达到80%以上,实际满意度为90%。"),
               _para(2, "全年开展航空护林宣传12场次。"))
    rx = extract_report(doc)
    indicators = indicators_from_report(rx)
    assert [i.name for i in indicators] == ["租机数量", "基层群众对森林草原航空消防项目的满意度"]
    first = indicators[0]
    claim = _claim(rx.claims, "租机数量")
    assert first.source == "report" and first.table_kind is None
    assert first.id == claim.id and first.span == claim.span
    assert _quote(doc, first.span) == "数量指标:租机数量8架,实际租机7架,该指标未完成。"
    assert first.target is not None and first.target.value == 8 and first.direction == ">="
    assert indicators[1].direction == ">=" and indicators[1].unit == "%"


def test_targets_stated_in_one_section_answered_in_another() -> None:
    # ce02: the 绩效目标分解下达情况 section states the plan, the 完成情况 section the results
    doc = _doc(_para(0, "一、绩效目标分解下达情况"),
               _para(1, "项目计划新建农产品储存冷藏库10个，容积约50000立方米；新建物流仓储中心约20000平方米；"
                        "新建小型农产品加工车间4个，面积约8000平方米。"),
               _para(2, "二、绩效目标完成情况分析"),
               _para(3, "本年度项目产出指标已经完成：已建成农产品储存冷藏库10个，容积约50000立方米；建成物流仓储中心约20000平方米；"
                        "建成小型农产品加工车间4个，面积约8000平方米。"))
    rx = extract_report(doc)
    by_name = {normalize_name(i.name): i for i in indicators_from_report(rx)}
    for name, value, unit in [("新建农产品储存冷藏库", 10, "个"), ("新建物流仓储中心", 20000, "平方米"),
                              ("新建小型农产品加工车间", 4, "个")]:
        assert name in by_name, sorted(by_name)
        claim = _claim(rx.claims, name)
        assert _value(claim.target)[:2] == (value, unit)
        assert _value(claim.actual)[:2] == (value, unit)
        assert claim.actual_span is not None and claim.actual_span.block == 3


def test_a_target_section_lists_its_targets_under_category_labels() -> None:
    # mo01: a monitoring report's 绩效目标设定情况 section lists the targets by 二级, with no plan word
    doc = _doc(_para(0, "(二)补助资金项目绩效目标设定情况"),
               _para(1, "1.数量指标:吴冲路实施路面硬化,建设里程1.091公里,水泥混凝土路面宽度不低于3.5米。"),
               _para(2, "2.质量指标:项目验收合格率100%。"),
               _para(3, "4.成本指标:每公里补助20万元。"),
               _para(4, "5.效益指标:村通硬化路率100%。"),
               _para(5, "二、绩效运行开展情况"),
               _para(6, "6.满意度指标:受益群体满意度达100%。"))
    rx = extract_report(doc)
    by_name = {normalize_name(i.name): i for i in indicators_from_report(rx)}
    for name, value, unit in [("建设里程", 1.091, "公里"), ("水泥混凝土路面宽度", 3.5, "米"), ("项目验收合格率", 100, "%"),
                              ("每公里补助", 20, "万元"), ("村通硬化路率", 100, "%")]:
        assert name in by_name, sorted(by_name)
        assert _value(by_name[name].target)[:2] == (value, unit)
        assert _claim(rx.claims, name).actual is None
    assert by_name["每公里补助"].direction == "<="  # listed under 成本指标: a ceiling
    assert by_name["村通硬化路率"].level1 == "效益指标"
    # after the section closes, a figure under a category label is an actual again
    satisfied = _claim(rx.claims, "受益群体满意度")
    assert satisfied.target is None and _value(satisfied.actual)[:2] == (100, "%")


def test_a_target_list_states_indicators_in_words_only() -> None:
    # xa04: after 现将各项绩效目标设定如下: the 生态效益 and 可持续影响 targets are words, no figure
    doc = _doc(_para(0, "项目的总体绩效目标为:特色产业产值增加80万元。现将各项绩效目标设定如下:"),
               _para(1, "社会效益目标:受益脱贫户人口数≥10户。生态效益指标:生态修复功能提高。可持续影响指标,持续发展。"),
               _para(2, "二、绩效目标完成情况"),
               _para(3, "生态效益指标:水土流失明显减少。"))
    rx = extract_report(doc)
    by_name = {normalize_name(i.name): i for i in indicators_from_report(rx)}
    repair, lasting = by_name["生态修复功能"], by_name["持续发展"]
    assert repair.qualitative and repair.target is not None and repair.target.text == "提高"
    assert repair.level2 == "生态效益指标" and _quote(doc, repair.span) == "生态效益指标:生态修复功能提高。"
    assert lasting.target is not None and lasting.target.text == "持续发展" and lasting.level2 == "可持续影响指标"
    assert "受益脱贫户人口数" in by_name
    assert not any("水土流失" in name for name in by_name)  # outside the list: not a stated target


def test_a_cue_word_inside_a_name_does_not_make_a_target_or_an_actual() -> None:
    # tb01 (会宁 2021): one clause per indicator; 任务 in 工作任务… and 实际 in 符合实际情况 are parts of the names
    doc, claims = _read("各项指标完成情况为:项目验收合格率100%,项目开展符合实际情况100%,按规定表明宣传标识100%,"
                        "工作任务及时完成率≥90%,资金在规定时间下达≥90%。")
    by_name = {c.name: c for c in claims}
    assert set(by_name) == {"项目验收合格率", "项目开展符合实际情况", "按规定表明宣传标识", "工作任务及时完成率",
                            "资金在规定时间下达"}  # 下达 keeps its 达: a verb of the name, not 达到
    assert all(c.target is None for c in claims)  # no clause's figure became another's target
    assert _value(by_name["工作任务及时完成率"].actual) == (90, "%", ">=")
    assert _quote(doc, by_name["项目开展符合实际情况"].actual_span) == "100%"
    # the cues still work where they stand outside the name
    _doc2, (claim,) = _read("工作任务年初目标为95%，实际完成率90%。")
    assert _value(claim.target)[:2] == (95, "%") and _value(claim.actual)[:2] == (90, "%")


def test_an_overall_goal_alone_states_the_targets_and_the_money_before_it_is_none() -> None:
    # tb02 (广西 2021): the only targets are the 总体目标 sentence's; the funds named before it are no target, and
    # the object after the count names what is counted
    doc = _doc(_para(0, "(三)下达绩效目标情况"),
               _para(1, "2021年度中央农村环境整治专项项目资金共5404万元,项目年度总体目标是:完成8个以上建制村的农村"
                        "环境综合整治,建设农村污水处理设施≥25套,治理完成2个农村黑臭水体。"))
    names = {normalize_name(i.name): i for i in indicators_from_report(extract_report(doc))}
    assert not any("资金" in n for n in names), sorted(names)
    assert _value(names["农村黑臭水体"].target)[:2] == (2, "个")
    assert _value(names["建设农村污水处理设施"].target) == (25, "套", ">=")
    assert any("农村环境综合整治" in n for n in names)


def test_an_overall_goal_before_the_listed_indicators_narrates_them() -> None:
    # tc02 (广西 2022): the 年度总体目标 sentence, then 二级指标5个、三级指标14个 listed by category
    doc = _doc(_para(0, "一、绩效目标分解下达情况"),
               _para(1, "资金下达时一并下达了年度总体目标:地表水环境质量持续改善,112个国控断面水质优良率达到98.2%,"
                        "地表水劣V类水体比例为0;完成6个水源地规范化建设或整治。目标具体分解为二级指标5个、三级指标14个:"),
               _para(2, "1.数量指标6个:集中式饮用水水源地整治数量6个、新增湿地恢复面积30.4平方公里。"),
               _para(3, "5.服务对象满意度指标1个:群众满意度≥90%。"))
    rx = extract_report(doc)
    names = {normalize_name(i.name) for i in indicators_from_report(rx)}
    assert names == {"集中式饮用水水源地整治数量", "新增湿地恢复面积", "群众满意度"}
    # read alone, the overall goal's rate keeps its percentage, never the count of sections before it
    alone = extract_report(_doc(_para(0, "年度总体目标:112个国控断面水质优良率达到98.2%。")))
    (rate,) = [c for c in alone.claims if "优良率" in c.name]
    assert _value(rate.target)[:2] == (98.2, "%")
    assert not any(c.target is not None and c.target.unit == "个" for c in alone.claims)


def test_indicators_named_in_a_row_share_the_target_stated_after_them() -> None:
    # tc02: 4.生态效益指标4个:A、B、C、D,这4项指标均要达到国家下达的年度目标值 — four indicators, one target in words
    text = ("4.生态效益指标4个:地表水水质优良(达到或优于Ⅲ类)比例、地表水劣V类水体降低比例、地级及以上城市集中式饮用水"
            "水源水质达到或优于Ⅲ类比例、地下水国控点位V类水比例,这4项指标均要达到国家下达的年度目标值。")
    doc = _doc(_para(0, "一、绩效目标分解下达情况"), _para(1, text))
    indicators = indicators_from_report(extract_report(doc))
    assert [i.name for i in indicators] == ["地表水水质优良(达到或优于Ⅲ类)比例", "地表水劣V类水体降低比例",
                                            "地级及以上城市集中式饮用水水源水质达到或优于Ⅲ类比例", "地下水国控点位V类水比例"]
    assert all(i.target is not None and i.target.text == "达到国家下达的年度目标值" and i.qualitative for i in indicators)
    assert all(i.level2 == "生态效益指标" for i in indicators)
    assert _quote(doc, indicators[0].span) == text
    # a count that does not match the names listed: not read as shared (three names, "这4项")
    fewer = text.replace("、地下水国控点位V类水比例", "")
    assert not indicators_from_report(extract_report(_doc(_para(0, "一、绩效目标分解下达情况"), _para(1, fewer))))


def test_quoted_approximate_targets_and_zero_actuals() -> None:
    # td02 (天津东疆 2020): `指标值为“约12000平方米”`; `全年实际完成值为0` answers a 100% target with nothing done
    doc, claims = _read("建设占地面积:指标值为“约12000平方米”,全年实际完成值约20000平方米;")
    (area,) = claims
    assert area.name == "建设占地面积"
    assert _value(area.target)[:2] == (12000, "平方米") and _value(area.actual)[:2] == (20000, "平方米")
    _doc2, claims = _read("项目计划完工率:指标值为“100%”,全年实际完成值为0,原因是项目仍处在建设工期内;")
    (rate,) = claims
    assert rate.name == "计划完工率"  # 计划 before a rate's name is part of it
    assert _value(rate.target)[:2] == (100, "%") and _value(rate.actual)[:2] == (0, "%")
    assert rate.reason is not None and "建设工期内" in rate.reason
    # the outline of the targets is no indicator
    _doc3, claims = _read("本项目的总体绩效目标有两项。")
    assert not [c for c in claims if c.target is not None or c.actual is not None]


def test_a_year_is_no_name_and_a_restated_task_keeps_its_subject() -> None:
    # te01 (宣州区 2023): `完成2023年度53户计划任务`; `下达的任务是完成农村低收入群体危房改造计划任务53户`
    doc = _doc(_para(0, "绩效目标是:完成2023年度53户计划任务。"),
               _para(1, "下达的任务是完成农村低收入群体危房改造计划任务53户。"))
    names = [c.name for c in extract_report(doc).claims]
    assert "2023年度" not in names
    assert "农村低收入群体危房改造计划任务" in names


def test_a_target_restated_in_other_words_and_a_slogan_add_no_indicator() -> None:
    # te02 (无为市 2022): the task 115户 answered by 264户, restated later as 计划补助115户; 发现一户、改造一户 is a slogan
    doc = _doc(_para(0, "我市2022年农村危房改造任务数为115户,实际完成农村危房改造264户。"),
               _para(1, "市委、市政府对农村低收入群体房屋实行动态监管,发现一户、改造一户,做到动态清零。"),
               _para(2, "2022年初安排农村危房改造资金预算300.7万元,用于保障农村低收入群体住房安全,计划补助115户。"))
    rx = extract_report(doc)
    (indicator,) = indicators_from_report(rx)
    assert _value(indicator.target)[:2] == (115, "户")
    assert not any(c.actual is not None and c.actual.value == 1 for c in rx.claims)  # 一户 of the slogan
    # two different counts of one unit, neither answered, stay two indicators
    two = _doc(_para(0, "年度目标:完成造林1000亩,抚育管护1000亩。"))
    assert len(indicators_from_report(extract_report(two))) == 2


def test_parts_of_a_planned_total_are_not_indicators() -> None:
    # no02: the breakdown after 其中 neither restates the target nor answers it
    doc = _doc(_para(0, "一、绩效目标分解下达情况"),
               _para(1, "计划建设安装软硬件设备合计16954套,其中:总平台558套,综治分平台1488套。"))
    rx = extract_report(doc)
    (indicator,) = indicators_from_report(rx)
    assert "软硬件设备" in indicator.name
    assert indicator.target is not None and indicator.target.value == 16954
    assert not any(c.actual is not None and c.actual.value in (558, 1488) for c in rx.claims)


def test_a_restated_target_is_one_indicator() -> None:
    # sw01: the target section states the target, the indicator section restates it with the actual
    doc = _doc(_para(0, "(一)绩效目标分解下达情况"),
               _para(1, "绩效年度目标:全省森林火灾发生率控制在6.5次以下,年森林火灾受灾率控制在1‰以内。"),
               _para(2, "(二)绩效目标完成情况"),
               _para(3, "生态效益指标:年森林火灾发生率需控制在6.5次,实际森林火灾发生率为0.2次;"
                        "森林火灾受害率需控制在1‰以内,实际森林火灾受害率为0.038‰。"))
    indicators = indicators_from_report(extract_report(doc))
    assert len(indicators) == 2
    assert any("森林火灾发生率" in i.name for i in indicators)
    assert any("受害率" in i.name for i in indicators)


def test_cost_category_makes_a_plain_target_a_maximum() -> None:
    # xb05: under 成本指标 the investment is a ceiling
    doc, claims = _read("4.成本指标。项目投资56万元，实际决算金额54.6万元。")
    claim = _claim(claims, "项目投资")
    assert _value(claim.target) == (56, "万元", "<=")
    assert _value(claim.actual)[:2] == (54.6, "万元")
    assert claim.level2 == "成本指标"
    (indicator,) = indicators_from_report(extract_report(doc))
    assert indicator.direction == "<="  # stated by its 二级, so it differs from the name's default


# --------------------------------------------------------------------------- prose budgets


def test_spending_is_measured_against_the_total_a_report_restates() -> None:
    # te01: 246.2 stated twice, a 57.5 batch between; 发放 is spending
    doc = _doc(_para(0, "2023年累计下达补助资金246.2万元。"), _para(1, "2022年12月下达补助资金57.5万元。"),
               _para(2, "2023年我区共收到下达的补助资金246.2万元。"), _para(3, "2023年全区共完成发放补助资金141.8万元。"))
    spent = [b for b in extract_report(doc).budget if b.executed is not None]
    assert [(b.adjusted, b.executed) for b in spent] == [(246.2, 141.8)]
    # figures of two projects, neither restated: no guess
    two = _doc(_para(0, "甲项目下达资金100万元。"), _para(1, "乙项目下达资金50万元。"), _para(2, "全年共拨付资金40万元。"))
    assert [(b.adjusted, b.executed) for b in extract_report(two).budget if b.executed is not None] == [(None, 40)]


@pytest.mark.parametrize(("text", "expected"), [
    ("项目下达资金56万元，已拨付50万元。", (None, 56, 50, None)),
    ("项目下达资金56万元，实际完成投资54.6万元。", (None, 56, 54.6, None)),
    ("截至年底，项目资金支付完成率为95%。", (None, None, None, 95)),
    ("2023年度部门预算数1286.40万元，其中基本支出812.65万元、项目支出473.75万元；全年执行数1126.88万元，预算执行率87.6%。",
     (None, 1286.40, 1126.88, 87.6)),
])
def test_prose_budget_sentences(text: str, expected: tuple[float | None, ...]) -> None:
    (line,) = extract_report(_doc(_para(0, text))).budget
    assert (line.initial, line.adjusted, line.executed, line.rate_stated) == expected


def test_prose_budget_spread_over_paragraphs() -> None:
    # sw02: the budget in one paragraph, the spending (and its breakdown) in a later one
    doc = _doc(_para(0, "2022年全省森林草原航空消防租机补助经费预算共10441万元,由中央转移支付资金8353万元和省级配套资金2088万元组成。"),
               _para(1, "(2)项目资金执行情况。全年实际执行9265.353442万元,项目执行率为88.74%;"
                        "其中中央补助飞行经费执行7177.373442万元,省级财政配套资金执行2087.98万元。"))
    rx = extract_report(doc)
    figures = [(b.adjusted, b.executed, b.rate_stated) for b in rx.budget]
    assert figures == [(10441, None, None), (10441, 9265.353442, 88.74)]
    assert _quote(doc, rx.budget[1].span).startswith("全年实际执行9265.353442万元")
