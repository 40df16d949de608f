"""Tests for docreview.normalize: numbers, units, directions, dates and cell words."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docreview.models import Quantity
from docreview.normalize import (
    DIRECTION_WORDS,
    DirectionWords,
    FoundQuantity,
    canonical_unit,
    convert,
    find_quantities,
    format_quantity,
    is_empty_value,
    is_placeholder,
    is_vague,
    normalize_name,
    parse_direction,
    parse_number,
    parse_quantity,
    resolve_date,
    resolve_direction,
    to_halfwidth,
    unit_family,
    units_compatible,
)

CASES = Path(__file__).parent / "data" / "normalize_cases.tsv"


# --------------------------------------------------------------------------- the labelled table


def _load_cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_case_table_is_big_enough_and_well_formed() -> None:
    rows = _load_cases()
    assert len(rows) >= 110
    assert list(rows[0]) == ["text", "value", "unit", "direction", "kind", "note"]
    assert all(r["text"] for r in rows)
    assert len({r["text"] for r in rows}) == len(rows), "duplicate case"


@pytest.mark.parametrize("row", _load_cases(), ids=lambda r: r["text"])
def test_case_table(row: dict[str, str]) -> None:
    q = parse_quantity(row["text"])
    if not row["kind"]:
        assert q is None, f"{row['text']!r} should not parse ({row['note']})"
        return
    assert q is not None, f"{row['text']!r} did not parse ({row['note']})"
    assert q.kind == row["kind"]
    assert q.unit == row["unit"]
    assert (q.direction or "") == row["direction"]
    assert q.explicit_direction == (bool(row["direction"]) and q.direction != "=" or row["text"].startswith("="))
    expected = row["value"]
    if q.kind == "qualitative":
        assert q.value is None and q.text == row["text"]
    elif q.kind == "date":
        assert q.date == (dt.date.fromisoformat(expected) if expected else None)
    elif ".." in expected:
        lo, hi = expected.split("..")
        assert q.value == pytest.approx(float(lo)) and q.upper == pytest.approx(float(hi))
    else:
        assert q.value == pytest.approx(float(expected), rel=1e-12)
        assert q.upper is None


# --------------------------------------------------------------------------- to_halfwidth


def test_halfwidth_folds_digits_letters_signs() -> None:
    assert to_halfwidth("１２３．５％") == "123.5%"
    assert to_halfwidth("（ＡＢｃ）：＋－＜＞＝，") == "(ABc):+-<>=,"
    assert to_halfwidth("≧90%，≦5%") == "≥90%,≤5%"
    assert to_halfwidth("全\u3000年") == "全 年"


def test_halfwidth_keeps_cjk_punctuation_and_strips_zero_width() -> None:
    assert to_halfwidth("一、二；三。") == "一、二；三。"
    assert to_halfwidth("9\u200b5\ufeff%") == "95%"
    assert to_halfwidth("") == ""


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(("text", "value"), [
    ("1,234.5", 1234.5), ("１２３", 123), ("三万四千五百", 34500), ("两千", 2000), ("一百零五", 105),
    ("十二", 12), ("三百二十", 320), ("八十七点五", 87.5), ("零点五", 0.5), ("壹拾贰万", 120000),
    ("贰仟叁佰", 2300), ("十亿3000万", 1_030_000_000), ("1.2亿", 120_000_000), ("3.2万", 32000),
    ("2万5千", 25000), ("一千零一", 1001), ("二十万零三百", 200300), ("三点五万", 35000), ("十", 10),
    ("一百五", 150), ("三万五", 35000), ("二〇二五", 2025), ("-3.5", -3.5), ("负五", -5), ("0", 0),
    ("三亿四千万", 340_000_000), ("一万亿", 1e12), ("12,345,678", 12345678),
])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "百", "万", "abc", "95%", "3 5", "三四", "十百", "一万二万", "点五", "1.2.3",
                                  "12元", "五点", "二十三百"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_is_exact_for_multipliers() -> None:
    # Decimal arithmetic: no 1.2 * 10**8 = 120000000.00000001
    assert parse_number("1.2亿") == 120000000.0
    assert parse_number("0.1万") == 1000.0


# --------------------------------------------------------------------------- parse_direction


@pytest.mark.parametrize(("text", "direction"), [
    ("≥", ">="), (">=", ">="), ("不低于", ">="), ("不少于", ">="), ("达到95%", ">="), ("95%以上", ">="),
    ("至少", ">="), ("大于等于", ">="), ("不小于", ">="), ("≤", "<="), ("<=", "<="), ("不高于", "<="),
    ("不超过", "<="), ("2天以内", "<="), ("60岁以下", "<="), ("控制在5%", "<="), ("小于等于", "<="),
    ("不大于", "<="), ("=", "="), ("等于", "="), ("为100%", "="), (">", ">"), ("大于", ">"), ("超过", ">"),
    ("<", "<"), ("小于", "<"), ("低于5%", "<"), ("控制在5%以内", "<="), ("控制在95%以上", ">="),
    ("2025年6月底前", "<="), ("3天内", "<="), ("≧90%", ">="), ("＜3%", "<"), ("不晚于6月30日", "<="),
])
def test_parse_direction(text: str, direction: str) -> None:
    assert parse_direction(text) == direction


@pytest.mark.parametrize("text", ["", "100%", "有效改善", "未达到", "以下几点", "为民服务", "达成预期指标", "前后"])
def test_parse_direction_none(text: str) -> None:
    assert parse_direction(text) is None


# --------------------------------------------------------------------------- parse_quantity details


def test_parse_quantity_explicit_flag_only_when_text_has_a_sign() -> None:
    assert parse_quantity("≥92%").explicit_direction is True  # type: ignore[union-attr]
    plain = parse_quantity("92%")
    assert plain is not None and plain.direction is None and plain.explicit_direction is False


def test_parse_quantity_keeps_original_text() -> None:
    q = parse_quantity("  １００％(计划标准) ")
    assert q is not None and q.value == 100 and q.unit == "%" and q.text == "１００％(计划标准)"


def test_parse_quantity_none_and_noise() -> None:
    assert parse_quantity("") is None
    assert parse_quantity("   ") is None
    assert parse_quantity("≥") is None
    assert parse_quantity("≥XX个") is None


def test_parse_quantity_dates_without_year_are_completed_by_resolve_date() -> None:
    q = parse_quantity("12月前")
    assert q is not None and q.kind == "date" and q.date is None and q.text == "12月前"
    assert resolve_date(q, 2023) == dt.date(2023, 12, 31)
    assert resolve_date(parse_quantity("年底前"), 2024) == dt.date(2024, 12, 31)  # type: ignore[arg-type]
    assert resolve_date(parse_quantity("6月30日前"), 2024) == dt.date(2024, 6, 30)  # type: ignore[arg-type]
    assert resolve_date(parse_quantity("2月底"), 2024) == dt.date(2024, 2, 29)  # type: ignore[arg-type]
    assert resolve_date(parse_quantity("上半年"), 2022) == dt.date(2022, 6, 30)  # type: ignore[arg-type]
    full = parse_quantity("2025年6月底前")
    assert full is not None and resolve_date(full, 1999) == dt.date(2025, 6, 30)
    assert resolve_date(Quantity(value=3, unit="个"), 2024) is None


def test_parse_quantity_rejects_impossible_dates() -> None:
    q = parse_quantity("2023年2月30日")
    assert q is None or q.kind != "date" or q.date != dt.date(2023, 2, 28)
    leap = parse_quantity("2024年2月底前")
    assert leap is not None and leap.date == dt.date(2024, 2, 29)


# --------------------------------------------------------------------------- resolve_direction


@pytest.mark.parametrize(("text", "name", "direction"), [
    ("100%", "发放(缴纳)覆盖率", ">="),
    ("≤90万元", "项目总成本", "<="),
    ("90万元", "项目总成本", "<="),
    ("3%", "公用经费增幅", "<="),
    ("8%", "农民人均收入增幅", ">="),
    ("0起", "因粮食市场波动引起的粮食安全事件发生数", "="),
    ("零事故", "安全生产", "="),
    ("0", "县级储备粮库存粮食明显变质比例", "="),
    ("2%", "县级储备粮库存粮食明显变质比例", "<="),
    ("100%", "县级储备粮库存成本核算率", ">="),
    ("100%", "利息费用保障率", ">="),
    ("5%", "水电气消耗下降率", ">="),
    ("5%", "能耗下降率", ">="),
    ("1000吨标准煤", "单位能耗", "<="),
    ("3起", "安全事故", "<="),
    ("1%", "事故发生率", "<="),
    ("100%", "投诉办结率", ">="),
    ("5件", "群众投诉", "<="),
    ("2025年6月底前", "项目完成时间", "<="),
    ("2019年12月", "项目完成时间", "<="),
    ("30个工作日", "审批办结时限", "<="),
    ("40学时", "培训学时", ">="),
    ("120小时", "志愿服务时长", ">="),
    ("95%以上", "总成本", ">="),
    ("168起", "办结信访案件", ">="),
    ("3.2万亩", None, ">="),
])
def test_resolve_direction(text: str, name: str | None, direction: str) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert resolve_direction(q, name) == direction


@pytest.mark.parametrize(("text", "name", "direction"), [
    ("8%", "社会消费品零售总额增幅", ">="),  # growth of retail: a minimum
    ("10%", "接待游客人次增长率", ">="),
    ("0.5个百分点", "森林覆盖率提高", ">="),
    ("5%", "事故处理效率提高", ">="),  # what grows is an efficiency, not the incidents
    ("3%", "公用经费增幅", "<="),  # growth of an expense: a maximum
    ("3%", "销售费用增长率", "<="),  # the head noun is 费用, not 销售
    ("2%", "单位GDP能耗增速", "<="),
    ("5%", "安全事故起数增长", "<="),
    ("3%", "公用经费较上年增长", "<="),
    ("50万元", "公用经费", "<="),  # 经费 and 支出 are cost words (domain.md §3)
    ("200万元", "部门运行支出", "<="),
    ("100%", "资金支出进度", ">="),
])
def test_resolve_direction_growth_follows_what_grows(text: str, name: str, direction: str) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert resolve_direction(q, name) == direction


def test_resolve_direction_reads_the_word_lists_it_is_given() -> None:
    q = parse_quantity("5%")
    assert resolve_direction(q, "车辆油耗增幅") == ">="
    fuel = DirectionWords(reverse=("油耗",))
    assert resolve_direction(q, "车辆油耗增幅", words=fuel) == "<="
    assert resolve_direction(q, "车辆油耗增幅", words=DirectionWords(reverse=("油耗",), growth=())) == "<="
    assert resolve_direction(parse_quantity("90%"), "油耗核算率", words=fuel) == ">="  # an exception still wins
    assert resolve_direction(parse_quantity("3%"), "公用经费增幅", words=DirectionWords(reverse=())) == ">="
    assert DIRECTION_WORDS == DirectionWords()


def test_resolve_direction_qualitative_and_none() -> None:
    assert resolve_direction(parse_quantity("有效改善"), "改善人居环境") is None
    assert resolve_direction(None, "x") is None


# --------------------------------------------------------------------------- units


def test_canonical_unit_spellings() -> None:
    assert canonical_unit("千克") == "公斤"
    assert canonical_unit("千米") == canonical_unit("公里") == "公里"
    assert canonical_unit("百分比") == canonical_unit("％") == "%"
    assert canonical_unit("工作日") == "个工作日"
    assert canonical_unit(" 万元 ") == "万元"
    assert canonical_unit("元/人") == "元/人"


@pytest.mark.parametrize(("unit", "family"), [
    ("万元", "money"), ("亿元", "money"), ("吨", "mass"), ("千克", "mass"), ("公里", "length"), ("亩", "area"),
    ("公顷", "area"), ("%", "percent"), ("百分比", "percent"), ("个百分点", "percentage_point"), ("天", "time"),
    ("个工作日", "workday"), ("人", "count:人"), ("人次", "count:人次"), ("起", "count:起"), ("", None),
    ("元/人", None), ("斤", "mass"),
])
def test_unit_family(unit: str, family: str | None) -> None:
    assert unit_family(unit) == family


@pytest.mark.parametrize(("a", "b", "ok"), [
    ("万元", "元", True), ("亿元", "万元", True), ("吨", "公斤", True), ("万吨", "克", True), ("米", "公里", True),
    ("亩", "平方米", True), ("万亩", "公顷", True), ("%", "百分比", True), ("天", "小时", True),
    ("%", "人", False), ("人", "人次", False), ("个", "所", False), ("天", "个工作日", False),
    ("%", "个百分点", False), ("", "", True), ("", "%", False), ("起", "起", True), ("元/人", "元/人", True),
])
def test_units_compatible(a: str, b: str, ok: bool) -> None:
    assert units_compatible(a, b) is ok
    assert units_compatible(b, a) is ok


@pytest.mark.parametrize(("value", "a", "b", "expected"), [
    (1.2, "亿元", "万元", 12000), (8500, "万元", "亿元", 0.85), (90, "万元", "元", 900000),
    (2.5, "万吨", "吨", 25000), (2400, "公斤", "吨", 2.4), (1, "公顷", "亩", 15), (15, "亩", "公顷", 1),
    (1, "亩", "平方米", 10000 / 15), (3.2, "万亩", "亩", 32000), (1, "公里", "米", 1000), (2, "千米", "米", 2000),
    (1, "年", "个月", 12), (48, "小时", "天", 2), (5, "‰", "%", 0.5), (7, "个", "个", 7),
])
def test_convert(value: float, a: str, b: str, expected: float) -> None:
    assert convert(value, a, b) == pytest.approx(expected)


def test_multiplied_count_units_from_a_unit_column() -> None:
    assert convert(3.2, "万人次", "人次") == pytest.approx(32000)
    assert convert(2, "万公斤", "吨") == pytest.approx(20)
    assert unit_family("万户") == "count:户"
    assert units_compatible("万人次", "人次") and not units_compatible("万人", "人次")
    assert unit_family("万") is None and unit_family("万万元") is None


def test_convert_incompatible_is_none() -> None:
    assert convert(5, "%", "人") is None
    assert convert(5, "人", "人次") is None
    assert convert(5, "天", "个工作日") is None
    assert convert(5, "", "万元") is None


# --------------------------------------------------------------------------- find_quantities


def _found(text: str) -> list[tuple[str, float | None, str]]:
    return [(text[f.start:f.end], f.quantity.value, f.quantity.unit) for f in find_quantities(text)]


def test_find_quantities_prose_sentence() -> None:
    text = "全年开展送戏下乡演出三百二十场次，完成率106.7%，未达到年初1000人次的目标"
    assert _found(text) == [("三百二十场次", 320, "场次"), ("106.7%", 106.7, "%"), ("1000人次", 1000, "人次")]


def test_find_quantities_returns_foundquantity_with_offsets() -> None:
    text = "满意度不低于95%。"
    (fq,) = find_quantities(text)
    assert isinstance(fq, FoundQuantity)
    assert text[fq.start:fq.end] == fq.text == "不低于95%"
    assert fq.quantity.direction == ">=" and fq.quantity.explicit_direction


def test_find_quantities_keeps_dates_whole_and_counts_incidents() -> None:
    text = "计划于2023年6月底前完成全部工程，全年发生一起一般道路运输事故。"
    found = find_quantities(text)
    assert [text[f.start:f.end] for f in found] == ["2023年6月底前", "一起"]
    assert found[0].quantity.kind == "date" and found[0].quantity.date == dt.date(2023, 6, 30)
    assert found[0].quantity.direction == "<="
    assert (found[1].quantity.value, found[1].quantity.unit) == (1, "起")


def test_find_quantities_skips_markers_ordinals_years_and_codes() -> None:
    text = "1.项目年度目标（一）第三季度2023年共培训860人次；2、基础数据；报表编号510000_0013zp；2016-2020年规划"
    assert _found(text) == [("860人次", 860, "人次")]


def test_find_quantities_ignores_numerals_inside_words() -> None:
    text = "大家一起努力，统一思想，一是加强领导，十四五期间，千家万户，一方面，一次性"
    assert find_quantities(text) == []


def test_find_quantities_directions_and_units() -> None:
    text = "群众满意度95%以上，投诉办结时间2天以内，新建农村公路120公里以上，30个工作日内办结，成本≤90万元"
    got = [(text[f.start:f.end], f.quantity.direction) for f in find_quantities(text)]
    assert got == [("95%以上", ">="), ("2天以内", "<="), ("120公里以上", ">="), ("30个工作日内", "<="),
                   ("≤90万元", "<=")]


def test_find_quantities_copula_is_not_a_sign() -> None:
    text = "预算执行率为99.57%，满意度达到98%"
    found = find_quantities(text)
    assert [text[f.start:f.end] for f in found] == ["99.57%", "98%"]
    assert all(f.quantity.direction is None for f in found)


def test_find_quantities_offsets_survive_fullwidth_and_zero_width() -> None:
    text = "完成\u200b造林绿化面积３.２万亩，处理率达到百分之八十七点五"
    found = find_quantities(text)
    assert [text[f.start:f.end] for f in found] == ["３.２万亩", "百分之八十七点五"]
    assert (found[0].quantity.value, found[0].quantity.unit) == (3.2, "万亩")
    assert found[1].quantity.value == 87.5 and found[1].quantity.unit == "%"


def test_find_quantities_budget_sentence() -> None:
    text = "专项资金金额为300.00万元,项目实际支出298.70万元,预算执行率为99.57%。本项目综合绩效得分为91.80分"
    assert _found(text) == [("300.00万元", 300, "万元"), ("298.70万元", 298.7, "万元"), ("99.57%", 99.57, "%"),
                            ("91.80分", 91.8, "分")]


def test_find_quantities_range_zero_target_and_yearless_date() -> None:
    text = "合格率保持在90%-95%之间，实现零事故，确保12月前完成"
    found = find_quantities(text)
    assert [text[f.start:f.end] for f in found] == ["90%-95%", "零事故", "12月前"]
    assert found[0].quantity.upper == 95
    assert found[1].quantity.value == 0 and found[1].quantity.direction == "="
    assert found[2].quantity.kind == "date" and found[2].quantity.date is None


def test_find_quantities_fullwidth_comma_separates_clauses() -> None:
    text = "目标值500，完成值600，预算数100,000元"
    assert _found(text) == [("500", 500, ""), ("600", 600, ""), ("100,000元", 100000, "元")]


def test_find_quantities_stays_fast_on_garbage() -> None:
    import time

    for junk in ("十" * 3000 + "1" * 3000, "1," * 3000, "一二" * 3000, "零" * 5000):
        began = time.perf_counter()
        find_quantities(junk)
        parse_quantity(junk)
        assert time.perf_counter() - began < 2.0


def test_find_quantities_on_flattened_real_tables() -> None:
    # realdocs/S2 and S1: cells run together; realdocs/09: a 19年度 title
    s2 = "县级储备粮库存粮 食明显变质比例00时效 指标发生数0起0起市民满意度调查290%100%说明无注:1、同一项目的自"
    got = _found(s2)
    assert ("0起", 0, "起") in got and ("100%", 100, "%") in got
    assert not any(unit == "项" for _, _, unit in got)
    assert _found("19年度部门整体支出绩效目标(原方志委)") == []
    assert _found("开始时间完成时间1总体概念规划201620202、核心区规划20212021项目") == [
        ("1", 1, ""), ("20212021", 20212021, "")]  # 201620202、 reads as a list marker
    assert _found("完成3项目标") == [("3项", 3, "项")]


def test_find_quantities_empty() -> None:
    assert find_quantities("") == []
    assert find_quantities("严格执行相关制度规定") == []


# --------------------------------------------------------------------------- format_quantity


@pytest.mark.parametrize(("text", "shown"), [
    ("三万四千五百人次", "34500人次"), ("≥92%", "≥92%"), ("1.2亿元", "1.2亿元"), ("百分之八十七点五", "87.5%"),
    ("不低于95%", "≥95%"), ("控制在5%以内", "≤5%"), ("2025年6月底前", "2025年6月30日前"),
    ("2025年10月8日", "2025年10月8日"), ("90%～95%", "90%-95%"), ("≤30个工作日", "≤30个工作日"),
    ("2400万公斤", "24000000公斤"), ("有效改善", "有效改善"), ("12月前", "12月前"), ("0.00%", "0%"),
    ("≥１００百分比", "≥100%"),
])
def test_format_quantity(text: str, shown: str) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert format_quantity(q) == shown


def test_format_quantity_no_exponent() -> None:
    assert format_quantity(Quantity(value=0.00001, unit="%")) == "0.00001%"
    assert format_quantity(Quantity(value=1e12, unit="元")) == "1000000000000元"


# --------------------------------------------------------------------------- names and cell words


@pytest.mark.parametrize(("name", "key"), [
    ("指标1:发放(缴纳)覆盖率", "发放缴纳覆盖率"),
    ("1、群众满意度", "群众满意度"),
    ("（一）“最多跑一次”事项占比", "最多跑一次事项占比"),
    ("1.新改建农村公路里程（公里）", "新改建农村公路里程"),
    ("项目总成本(万元)", "项目总成本"),
    ("覆盖率（%）", "覆盖率"),
    ("群众满意度 指标", "群众满意度指标"),
    ("足额保障率(参保率)", "足额保障率参保率"),
    ("ＧＤＰ增速", "gdp增速"),
    ("5000吨稻谷、500吨成品粮储备到位率", "5000吨稻谷500吨成品粮储备到位率"),
    ("", ""),
])
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


@pytest.mark.parametrize(("text", "empty"), [
    ("", True), ("  ", True), ("/", True), ("／", True), ("无", True), ("-", True), ("—", True), ("——", True),
    ("空", True), ("N/A", True), ("暂无", True), (None, True), ("0", False), ("0起", False), ("无偏差", False),
    ("100%", False), ("_", False),
])
def test_is_empty_value(text: str | None, empty: bool) -> None:
    assert is_empty_value(text) is empty


@pytest.mark.parametrize(("text", "placeholder"), [
    ("*", True), ("XX", True), ("xx", True), ("_", True), ("×××", True), ("……", True), ("XX%", True),
    ("≥XX个", True), ("＊", True), ("某某", True), ("88", False), ("100%", False), ("", False),
    ("有效改善", False), ("/", False),
])
def test_is_placeholder(text: str, placeholder: bool) -> None:
    assert is_placeholder(text) is placeholder


@pytest.mark.parametrize(("text", "vague"), [
    ("有效提升", True), ("明显改善", True), ("逐步提高", True), ("显著", True), ("进一步加强", True),
    ("效果明显", True), ("高", True), ("有效改善", True), ("95%", False), ("有效提升至95%", False),
    ("严格执行相关制度规定", False), ("达成预期指标", False), ("按时", False), ("", False),
    ("提高三个百分点", False),
])
def test_is_vague(text: str, vague: bool) -> None:
    assert is_vague(text) is vague


# --------------------------------------------------------------------------- properties

_CN = "零一二三四五六七八九"


def _cn_below_10000(n: int, *, leading: bool) -> str:
    """Chinese reading of 0 < n < 10000, with 零 for gaps; ``leading`` allows 十二 for 12."""
    out = []
    zero = False
    for unit, char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        if not (unit == 10 and digit == 1 and not out and leading):
            out.append(_CN[digit])
        out.append(char)
    return "".join(out)


def to_chinese(n: int) -> str:
    """An int as Chinese numerals (三万四千五百, 一百零五, 十二, 一亿零三十万)."""
    if n == 0:
        return "零"
    parts = []
    for unit, char in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // unit % 10**4 if unit < 10**8 else n // unit
        if chunk == 0:
            if parts and parts[-1] != "零":
                parts.append("零")
            continue
        if parts and chunk < 1000 and parts[-1] != "零":
            parts.append("零")
        parts.append(_cn_below_10000(chunk, leading=not parts) + char)
    return "".join(parts).rstrip("零")


@pytest.mark.parametrize(("n", "text"), [(12, "十二"), (105, "一百零五"), (34500, "三万四千五百"),
                                          (100300000, "一亿零三十万"), (10010, "一万零一十"), (2000, "二千")])
def test_renderer_itself(n: int, text: str) -> None:
    assert to_chinese(n) == text


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=99_9999_9999))
def test_chinese_numerals_parse_back(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_ints_parse_back(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(to_halfwidth(str(n))) == parse_number("".join(chr(ord(c) + 0xFEE0) for c in str(n)))


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False))
def test_decimals_parse_back(d: object) -> None:
    text = format(d, "f")
    assert parse_number(text) == pytest.approx(float(text))
    assert parse_number(to_halfwidth(text)) == parse_number(text)


_FAMILY_UNITS = [["元", "千元", "万元", "亿元"], ["克", "斤", "公斤", "吨", "万吨"], ["米", "公里", "厘米"],
                 ["平方米", "亩", "万亩", "公顷", "平方公里"], ["秒", "小时", "天", "周", "个月", "年"], ["%", "‰"]]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_FAMILY_UNITS).flatmap(lambda fam: st.tuples(st.sampled_from(fam), st.sampled_from(fam))),
       st.floats(min_value=1e-3, max_value=1e9, allow_nan=False))
def test_convert_round_trip(units: tuple[str, str], x: float) -> None:
    a, b = units
    there = convert(x, a, b)
    assert there is not None
    back = convert(there, b, a)
    assert back is not None and math.isclose(back, x, rel_tol=1e-9)


_QUNITS = ["", "%", "个", "人次", "万元", "亿元", "元", "公里", "万亩", "吨", "天", "个工作日", "起", "个百分点"]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=3),
       st.sampled_from(_QUNITS), st.sampled_from([None, ">=", "<=", ">", "<", "="]))
def test_format_parse_round_trip(mantissa: int, places: int, unit: str, direction: str | None) -> None:
    value = mantissa / 10**places
    kind = "percent" if unit == "%" else ("duration" if unit in ("天", "个工作日") else "number")
    q = Quantity(value=value, unit=unit, kind=kind, direction=direction, explicit_direction=direction is not None)  # type: ignore[arg-type]
    back = parse_quantity(format_quantity(q))
    assert back is not None
    assert (back.value, back.unit, back.kind, back.direction, back.explicit_direction) == \
        (pytest.approx(value), unit, kind, direction, direction is not None)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=0, max_value=2),
       st.sampled_from(["%", "个", "人次", "万元", "公里", "吨", "天", "个工作日", "起", "场次"]),
       st.sampled_from([None, ">=", "<=", ">", "<"]))
def test_formatted_quantity_is_found_in_prose(mantissa: int, places: int, unit: str, direction: str | None) -> None:
    value = mantissa / 10**places
    q = Quantity(value=value, unit=unit, direction=direction, explicit_direction=direction is not None)  # type: ignore[arg-type]
    shown = format_quantity(q)
    text = f"全年实际完成{shown}，较上年有所提高。"
    (found,) = find_quantities(text)
    assert found.text == shown
    assert (found.quantity.value, found.quantity.unit, found.quantity.direction) == (pytest.approx(value), unit,
                                                                                    direction)


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)), st.booleans())
def test_date_round_trip(day: dt.date, deadline: bool) -> None:
    q = Quantity(kind="date", date=day, direction="<=" if deadline else None, explicit_direction=deadline)
    back = parse_quantity(format_quantity(q))
    assert back is not None and back.kind == "date" and back.date == day
    assert back.direction == q.direction and back.explicit_direction == deadline


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789.,万亿千百十一二三四五六七八九零两点%元 ", max_size=12))
def test_parse_number_never_crashes_and_width_is_stable(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    assert parse_number(wide) == value
    assert parse_number(to_halfwidth(text)) == value


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_scanners_never_crash_and_offsets_are_valid(text: str) -> None:
    parse_quantity(text)
    for fq in find_quantities(text):
        assert 0 <= fq.start < fq.end <= len(text)
        assert text[fq.start:fq.end] == fq.text


def test_a_dash_typed_as_yi_is_an_empty_cell() -> None:
    """no04 (宁夏): rubric rows carry `一` (or `-`) in the 指标值 column: no target, not the number 1."""
    from docreview.normalize import is_empty_value

    assert is_empty_value("一") and is_empty_value(" 一 ") and is_empty_value("-")
    assert not is_empty_value("一万") and not is_empty_value("1")


def test_unfilled_template_targets_are_placeholders_and_degree_words_are_vague() -> None:
    """xc05 (陕西陈仓): 指标值 cells holding only a unit (`公里`, `≧ %`); xc03: `巩固提高`, `持续改善`."""
    from docreview.normalize import is_placeholder, is_vague

    assert is_placeholder("公里") and is_placeholder("≧ %") and is_placeholder("万人")
    assert not is_placeholder("≥90%") and not is_placeholder("完成")
    assert is_vague("巩固提高") and is_vague("持续改善") and not is_vague("≥95%")


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("0.2次/10万公顷", 0.2, "次/10万公顷"),   # sw01 (云南): a rate with a figure in its denominator
    ("6.5次/10万公顷", 6.5, "次/10万公顷"),
    ("8架", 8, "架"),                        # sw01: aircraft are counted in 架
    ("≤28.40/株", 28.4, "/株"),              # xa04 (宁夏): 元 left out, only the denominator written
    ("1600元/亩", 1600, "元/亩"),
    ("≤1.6万元/场", 1.6, "万元/场"),          # i13: a cost per performance
])
def test_rates_with_denominators_and_counted_units(text: str, value: float, unit: str) -> None:
    q = parse_quantity(text)
    assert q is not None and (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text", [
    "1-2期未能及时培训",          # xc08 (山西吕梁): an actual that says what was not done
    "1-6期培训结束后及时考核",    # xc08: a target of words that opens with a figure
])
def test_a_figure_opening_a_phrase_of_words_is_no_value(text: str) -> None:
    q = parse_quantity(text)
    assert q is not None and q.kind == "qualitative"


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("本年度已完成37个基层医疗机构基药补助制度实施", 37, "个"),  # xc07: words before the figure make it the value
    ("37个基层医疗机构", 37, "个"),                            # xc07: a count of what is counted
    ("32微克/立方米", 32, ""),
])
def test_a_figure_after_words_is_still_the_value(text: str, value: float, unit: str) -> None:
    q = parse_quantity(text)
    assert q is not None and q.value == value


@pytest.mark.parametrize("text", ["M.8万元", "A95%", "IO5"])
def test_a_letter_glued_to_a_figure_is_a_misread_not_a_value(text: str) -> None:
    """no04 (宁夏): OCR text of the only published copy reads `M.8万元` where a figure was printed."""
    assert parse_quantity(text) is None


def test_basic_improvement_is_a_degree_phrase() -> None:
    """xc08 (山西吕梁): 提高参训学员技术水平 with the target `基本提高`."""
    from docreview.normalize import is_vague

    assert is_vague("基本提高") and not is_vague("基本药物目录内品种100%")


def test_name_key_index_finds_keys_inside_and_around_like_a_scan() -> None:
    """``NameKeyIndex`` (behind the scorer's related prose and the pairing of a target with a later actual) finds
    exactly what comparing every key would: equal keys, and — both keys at least ``min_len`` long — a key inside
    the other either way; each item once, in the order added."""
    import random

    from docreview.normalize import NameKeyIndex, normalize_name

    names = ["农村公路建设里程", "公路建设里程", "建设里程", "里程", "路", "新改建农村公路里程数", "危桥改造数量",
             "危桥改造", "群众满意度", "受益群众满意度", "项目验收合格率", "合格率", "资金到位率", "资金", ""]
    rng = random.Random(17)
    items = [(i, normalize_name(rng.choice(names))) for i in range(400)]
    index: NameKeyIndex[int] = NameKeyIndex()
    for i, key in items:
        index.add(key, i)
    for min_len in (2, 4):
        for query in [*names, "农村公路危桥改造数量", "满意", "不相干的指标"]:
            k = normalize_name(query)
            scan = [i for i, key in items
                    if key == k or (min(len(key), len(k)) >= min_len and (key in k or k in key))]
            assert index.related([k], min_len=min_len) == scan, (query, min_len)
    # several keys at once: the union, still in the order added
    both = index.related([normalize_name("危桥改造"), normalize_name("合格率")])
    assert both == sorted(both) and {items[i][1] for i in both} == {"危桥改造", "危桥改造数量", "合格率", "项目验收合格率"}
    # the cases that matter in a report: a shorter prose name inside the row's name, and the reverse
    named = {items[i][1] for i in index.related([normalize_name("受益群众满意度")])}
    assert named == {"受益群众满意度", "群众满意度"}
    assert "农村公路建设里程" in {items[i][1] for i in index.related(["建设里程"], min_len=4)}
    assert index.related(["里程"], min_len=4) == [i for i, key in items if key == "里程"]  # too short: equal only
