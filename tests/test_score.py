"""Rule engine: profiles, indicator rules (domain.md §4) and the twelve flags (domain.md §5).

Inputs are built directly as models (Quantity, Indicator, Claim …) so these tests do not depend on
extraction.  Every expected number below is worked out by hand from domain.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import POLICY_FILE, REPORT_FILE, budget, claim, day, dur, ind, num, total, word
from docreview.errors import ConfigError
from docreview.models import (
    BudgetLine,
    Claim,
    ColumnTotal,
    Indicator,
    Match,
    Quantity,
    ScoringInput,
    ScoringResult,
    SearchHit,
    Span,
    StatedTotal,
)
from docreview.score import Profile, list_profiles, load_profile, score_review
from docreview.settings import ScoringSettings, Settings

# --------------------------------------------------------------------------- helpers


def case(indicators: list[Indicator], claims: list[Claim], *, matches: list[Match] | None = None,
         budget_lines: list[BudgetLine] | None = None, totals: list[StatedTotal] | None = None,
         has_policy: bool = True) -> ScoringInput:
    """Match each indicator to the first row claim of the same name (as row-name matching would)."""
    if matches is None:
        matches = []
        for i in indicators:
            same = [c for c in claims if c.name == i.name]
            same.sort(key=lambda c: c.kind != "row")
            matches.append(Match(indicator_id=i.id, claim_id=same[0].id if same else None,
                                 method="row_name" if same else "none", score=1.0 if same else 0.0))
    return ScoringInput(indicators=indicators, claims=claims, matches=matches, budget=budget_lines or [],
                        totals=totals or [], has_policy=has_policy)


def run(inp: ScoringInput, profile: str = "default") -> ScoringResult:
    return score_review(inp, load_profile(profile))


def flags(res: ScoringResult, ftype: str, indicator: str | None | bool = True) -> list:
    """Flags of one type (``indicator=True``: any indicator)."""
    return [f for f in res.flags if f.type == ftype and (indicator is True or f.indicator == indicator)]


def types(res: ScoringResult, indicator: str | None | bool = True) -> set[str]:
    return {f.type for f in res.flags if indicator is True or f.indicator == indicator}


def result(res: ScoringResult, name: str):
    return next(r for r in res.results if r.name == name)


def one(ind_: Indicator, claim_: Claim | None, profile: str = "default", **kw) -> ScoringResult:
    return run(case([ind_], [claim_] if claim_ is not None else [], **kw), profile)


ROAD = "新改建农村公路里程"

# --------------------------------------------------------------------------- profiles


def test_bundled_profiles_listed_and_default_matches_model_defaults() -> None:
    names = list_profiles()
    assert {"default", "hubei"} <= set(names)
    default = load_profile("default")
    assert default.name == "default"
    assert default.model_dump(exclude={"name", "description"}) == Profile().model_dump(
        exclude={"name", "description"})
    assert default.budget_weight == 10
    assert default.level1_weights == {"产出": 50, "效益": 30, "满意度": 10}
    assert default.reverse_mode == "linear"
    assert default.qualitative_bands["部分达成"] == (0.6, 0.8)
    assert (default.low_budget_threshold, default.overachieved_factor, default.missed_high_deviation) == (
        0.9, 1.5, 0.1)


def test_hubei_profile_is_budget_20_targets_80_ratio_and_50_bands() -> None:
    hubei = load_profile("hubei")
    assert hubei.name == "hubei"
    assert hubei.budget_weight == 20
    assert sum(hubei.level1_weights.values()) == 80
    assert hubei.reverse_mode == "ratio"
    assert hubei.qualitative_bands == {"达成": (0.8, 1.0), "部分达成": (0.5, 0.8), "未达成": (0.0, 0.5)}
    # inherited from default
    assert hubei.words.reverse == load_profile("default").words.reverse
    assert hubei.score_tolerance == 0.1


def test_unknown_profile_lists_available() -> None:
    with pytest.raises(ConfigError) as e:
        load_profile("zhejiang")
    assert "zhejiang" in e.value.message
    assert "default" in e.value.message and "hubei" in e.value.message


def test_profile_from_path_and_profiles_dir(tmp_path: Path) -> None:
    path = tmp_path / "guichi.yaml"
    path.write_text("extends: default\nbudget_weight: 15\nreverse_mode: ratio\n", encoding="utf-8")
    prof = load_profile(str(path))
    assert (prof.name, prof.budget_weight, prof.reverse_mode, prof.time_miss_cap) == ("guichi", 15, "ratio", 0.8)

    settings = Settings(scoring=ScoringSettings(profiles_dir=tmp_path))
    assert "guichi" in list_profiles(settings)
    assert load_profile("guichi", settings).budget_weight == 15
    with pytest.raises(ConfigError):
        load_profile("guichi")  # not bundled, and no profiles_dir given


def test_local_default_shadows_and_extends_the_bundled_one(tmp_path: Path) -> None:
    (tmp_path / "default.yaml").write_text("extends: default\nlow_budget_threshold: 0.85\n", encoding="utf-8")
    prof = load_profile("default", Settings(scoring=ScoringSettings(profiles_dir=tmp_path)))
    assert prof.low_budget_threshold == 0.85 and prof.budget_weight == 10
    (tmp_path / "a.yaml").write_text("extends: b\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="extends itself"):
        load_profile("a", Settings(scoring=ScoringSettings(profiles_dir=tmp_path)))


def test_invalid_profile_is_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("reverse_mode: cubic\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="reverse_mode"):
        load_profile(str(bad))
    typo = tmp_path / "typo.yaml"
    typo.write_text("budget_wieght: 20\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_profile(str(typo))
    with pytest.raises(ConfigError):
        load_profile(str(tmp_path / "missing.yaml"))


@pytest.mark.parametrize(("total_", "rating"), [
    (100, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"), (60, "中"), (59.99, "差"), (0, "差"),
])
def test_rating_boundaries(total_: float, rating: str) -> None:
    assert Profile().rating(total_) == rating


def test_round_half_up() -> None:
    assert Profile().round(7.445) == 7.45
    assert Profile().round(19.16666) == 19.17


# --------------------------------------------------------------------------- positive and = targets


def test_positive_met_scores_full_weight() -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, num(130, "公里"), weight=20, self_score=20))
    r = result(res, ROAD)
    assert (r.status, r.rule_score, r.weight) == ("met", 20.0, 20.0)
    assert r.completion == pytest.approx(130 / 120)
    assert not res.flags


def test_positive_missed_message_score_and_high_severity() -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")),
              claim(ROAD, num(108, "公里"), weight=20, self_score=18, reason="受汛期影响，两条路段延期开工"))
    r = result(res, ROAD)
    # 20 × 108 / 120 = 18
    assert (r.status, r.rule_score, r.completion) == ("missed", 18.0, 0.9)
    (f,) = flags(res, "target_missed")
    assert f.message == "新改建农村公路里程：实际108公里，未达到目标≥120公里（完成90.0%）"
    assert f.severity == "high"  # deviation 12/120 = 10% → high
    assert f.inputs["target_value"] == 120 and f.inputs["actual_value"] == 108 and f.inputs["unit"] == "公里"
    assert f.inputs["weight"] == 20 and f.inputs["rule_score"] == 18
    sides = [e.side for e in f.evidence]
    assert sides == ["policy", "report"]
    assert f.evidence[0].file == POLICY_FILE and f.evidence[1].quote == "108公里"
    assert types(res) == {"target_missed"}  # a cause is given, score 18 = rule


def test_positive_missed_small_deviation_is_medium() -> None:
    # 115/120 → 95.83%, deviation 4.17% < 10%; score 20 × 115/120 = 19.1666… → 19.17
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, num(115, "公里"), weight=20, self_score=19.17,
                                                          reason="因征地协调推迟"))
    assert result(res, ROAD).rule_score == 19.17
    (f,) = flags(res, "target_missed")
    assert f.severity == "medium"
    assert "完成95.8%" in f.message


def test_bare_actual_takes_the_unit_of_its_row() -> None:
    # realdocs-style form: 指标值 | 度量单位 | 完成值 — the 完成值 cell has no unit of its own
    name = "安全生命防护工程"
    res = one(ind(name, num(35, "公里")), claim(name, num(35200), target=num(35000, "米", ">="), weight=5,
                                                    self_score=5))
    assert result(res, name).status == "met" and not res.flags  # 35200米 = 35.2公里 ≥ 35公里
    name = "受益群众"
    res = one(ind(name, num(42000, "人", ">=", text="≥4.2万人")),
              claim(name, num(4.5), target=num(42000, "人", ">=", text="≥4.2万人"), weight=15, self_score=15))
    assert result(res, name).status == "met" and not res.flags  # 4.5 in 万人 = 45000人
    short = one(ind(name, num(42000, "人", ">=", text="≥4.2万人")), claim(name, num(4.0), weight=15, reason="因统计口径调整"))
    r = result(short, name)
    assert (r.status, r.rule_score) == ("missed", 14.29)  # 40000/42000 × 15 = 14.2857
    assert flags(short, "target_missed")[0].inputs["actual_unit_assumed"] == "人"


def test_no_sign_target_is_minimum() -> None:
    name = "完成造林绿化面积"
    res = one(ind(name, num(3.2, "万亩")), claim(name, num(3.0, "万亩"), weight=10, reason="因干旱推迟栽植"))
    r = result(res, name)
    # ≥3.2万亩: 10 × 3.0/3.2 = 9.375 → 9.38
    assert (r.status, r.rule_score) == ("missed", 9.38)
    assert "≥3.2万亩" in flags(res, "target_missed")[0].message


def test_equals_with_positive_target_scores_as_positive() -> None:
    # realdocs/01: 发放(缴纳)覆盖率 = 100 %, 权重 60
    name = "发放(缴纳)覆盖率"
    res = one(ind(name, num(100, "%"), direction="="), claim(name, num(98, "%"), weight=60, reason="因人员调动"))
    r = result(res, name)
    assert (r.status, r.rule_score) == ("missed", 58.8)  # 60 × 98/100
    over = one(ind(name, num(100, "%"), direction="="), claim(name, num(100, "%"), weight=60))
    assert result(over, name).status == "met" and not over.flags


def test_zero_target_met_and_missed() -> None:
    name = "因粮食市场波动引起的粮食安全事件发生数"
    met = one(ind(name, num(0, "起")), claim(name, num(0, "起"), weight=10, self_score=10))
    assert result(met, name).rule_score == 10 and result(met, name).status == "met"
    assert not met.flags
    missed = one(ind(name, num(0, "起")), claim(name, num(1, "起"), weight=10, self_score=10))
    r = result(missed, name)
    assert (r.status, r.rule_score) == ("missed", 0.0)
    (f,) = flags(missed, "target_missed")
    assert f.severity == "high"
    assert flags(missed, "self_score_inflated")


def test_overachieved_fires_at_one_and_a_half_times() -> None:
    name = "基建工程委托业务项目数量"
    res = one(ind(name, num(50, "个", ">=")), claim(name, num(75, "个"), weight=8, self_score=8))
    (f,) = flags(res, "overachieved")
    assert f.severity == "low" and f.inputs["ratio"] == 1.5
    assert result(res, name).rule_score == 8
    below = one(ind(name, num(50, "个", ">=")), claim(name, num(74, "个"), weight=8, self_score=8))
    assert not flags(below, "overachieved")
    # a maximum is never overachieved
    cost = one(ind("项目总成本", num(90, "万元", "<=")), claim("项目总成本", num(30, "万元"), weight=8))
    assert not flags(cost, "overachieved")


# --------------------------------------------------------------------------- reverse targets


@pytest.mark.parametrize(("actual", "linear", "ratio"), [
    (85, 10.0, 10.0),  # within the maximum
    (99, 9.0, 9.09),  # linear 10 × (1 − 9/90) = 9; ratio 10 × 90/99 = 9.0909
    (135, 5.0, 6.67),  # linear 10 × (1 − 45/90) = 5; ratio 10 × 90/135 = 6.667
    (180, 0.0, 5.0),  # linear: B ≥ 2A → 0; ratio 10 × 90/180 = 5
])
def test_reverse_linear_and_ratio(actual: float, linear: float, ratio: float) -> None:
    name = "项目总成本"
    i = ind(name, num(90, "万元", "<="), level2="成本指标")
    c = claim(name, num(actual, "万元"), weight=10, reason="因材料价格上涨")
    assert result(one(i, c), name).rule_score == linear
    assert result(one(i, c, "hubei"), name).rule_score == ratio


def test_reverse_default_direction_from_cost_and_incident_words() -> None:
    name = "群众投诉件数"
    res = one(ind(name, num(5, "件")), claim(name, num(6, "件"), weight=10, reason="受征迁矛盾影响"))
    r = result(res, name)
    assert (r.status, r.rule_score) == ("missed", 8.0)  # ≤5: 10 × (1 − 1/5)
    (f,) = flags(res, "target_missed")
    assert "超过目标≤5件" in f.message and f.severity == "high"  # 20% over


def test_rate_named_after_cost_is_still_a_minimum() -> None:
    name = "县级储备粮库存成本核算率"
    res = one(ind(name, num(100, "%"), level2="成本指标"), claim(name, num(95, "%"), weight=10, reason="因账务调整"))
    assert result(res, name).rule_score == 9.5  # ≥100%: 10 × 95/100
    assert flags(res, "target_missed")[0].severity == "medium"


def test_unsigned_growth_of_retail_is_a_minimum() -> None:
    """domain.md §3: 社会消费品零售总额增幅 8% means ≥8% (issue 11: the profile's list made every 增幅 a maximum)."""
    name = "社会消费品零售总额增幅"
    i = ind(name, num(8, "%"), level1="效益指标", level2="经济效益指标")
    res = one(i, claim(name, num(6, "%"), weight=10, reason="受消费需求下降影响"))
    r = result(res, name)
    assert (r.status, r.rule_score) == ("missed", 7.5)  # ≥8%: 10 × 6/8
    (f,) = flags(res, "target_missed")
    assert f.severity == "high" and f.inputs["direction"] == ">="  # (8 − 6)/8 = 25% ≥ 10%
    assert "未达到目标≥8%" in f.message


@pytest.mark.parametrize(("name", "target", "actual", "rule"), [
    ("公用经费增幅", num(3, "%"), num(4, "%"), 6.67),  # ≤3%: 10 × (1 − 1/3) = 6.667
    ("公用经费", num(50, "万元"), num(55, "万元"), 9.0),  # ≤50万元: 10 × (1 − 5/50)
    ("部门运行支出", num(200, "万元"), num(250, "万元"), 7.5),  # ≤200万元: 10 × (1 − 50/200)
])
def test_unsigned_expense_and_its_growth_are_maximums(name: str, target: Quantity, actual: Quantity,
                                                      rule: float) -> None:
    res = one(ind(name, target, level2="成本指标"), claim(name, actual, weight=10, reason="因物价上涨"))
    assert (result(res, name).status, result(res, name).rule_score) == ("missed", rule)
    (f,) = flags(res, "target_missed")
    assert f.inputs["direction"] == "<="


def test_the_profile_supplies_the_direction_word_lists(tmp_path: Path) -> None:
    """The profile's reverse/growth lists reach normalize.resolve_direction; score adds no rule of its own."""
    name = "车辆油耗增幅"
    i = ind(name, num(5, "%"), level2="成本指标")
    c = claim(name, num(6, "%"), weight=10, reason="因新增车辆")
    default = result(one(i, c), name)
    assert (default.status, default.rule_score) == ("met", 10.0)  # 油耗 is no cost word by default: ≥5%
    path = tmp_path / "fuel.yaml"
    path.write_text("extends: default\nwords:\n  reverse: [油耗]\n  growth: [增幅]\n", encoding="utf-8")
    res = score_review(case([i], [c]), load_profile(str(path)))
    assert (result(res, name).status, result(res, name).rule_score) == ("missed", 8.0)  # ≤5%: 10 × (1 − 1/5)


# --------------------------------------------------------------------------- time indicators


def test_deadline_met_and_missed() -> None:
    name = "项目完工时间"
    i = ind(name, day(2024, 11, 30), level2="时效指标")
    met = one(i, claim(name, day(2024, 11, 20, explicit=False), weight=10, self_score=10))
    assert result(met, name).status == "met" and result(met, name).rule_score == 10 and not met.flags
    late = one(i, claim(name, day(2024, 12, 15, explicit=False), weight=10, self_score=10))
    r = result(late, name)
    # band mode: 10 × (1 − 15/334) = 9.55, clamped into 部分达成 [6, 8) → 7.99 (domain.md §4)
    assert (r.status, r.rule_score) == ("missed", 7.99)
    (f,) = flags(late, "target_missed")
    assert f.severity == "high" and f.inputs["days_late"] == 15
    assert flags(late, "self_score_inflated")
    assert flags(late, "missing_deviation_reason")


def test_deadline_answered_with_on_time_word_is_met_other_word_mismatch() -> None:
    name = "提交报告及时性"
    i = ind(name, day(2022, 12, 31), level2="时效指标")
    ok = one(i, claim(name, word("按时完成"), weight=8, self_score=8))
    assert result(ok, name).status == "met" and not ok.flags
    pct = one(i, claim(name, num(100, "%"), weight=8, self_score=8))
    assert types(pct) == {"unit_mismatch"}


def test_duration_limit_linear_capped_and_ratio() -> None:
    name = "办结时限"
    i = ind(name, dur(2, "天", "<="), level2="时效指标")
    c = claim(name, dur(3, "天"), weight=10, reason="因节假日顺延")
    # linear: 10 × (1 − 1/2) = 5 (below the 0.8 w cap); ratio: 10 × 2/3 = 6.67
    assert result(one(i, c), name).rule_score == 5.0
    assert result(one(i, c, "hubei"), name).rule_score == 6.67
    # ≤10天 answered 11天: linear 9, capped strictly below 0.8 × 10 = 8 → 7.99
    i10 = ind("审批办结时间", dur(10, "个工作日"), level2="时效指标")
    c11 = claim("审批办结时间", dur(11, "个工作日"), weight=10, reason="因材料补正延迟")
    r = result(one(i10, c11), "审批办结时间")
    assert (r.status, r.rule_score) == ("missed", 7.99)


# --------------------------------------------------------------------------- qualitative


@pytest.mark.parametrize(("actual", "self_score", "profile", "inflated", "rule"), [
    ("达成预期指标", 10, "default", False, 10.0),
    # half-open bands (domain.md §4): 部分达成 [6, 8) tops out at 7.99; 8 is within the 0.1 tolerance
    ("部分达成预期指标并具有一定效果", 8, "default", False, 7.99),
    ("部分达成预期指标并具有一定效果", 9, "default", True, 7.99),
    ("部分达成预期指标并具有一定效果", 5, "default", False, 6.0),  # clamped up to the band's floor
    ("部分达成预期指标并具有一定效果", 5, "hubei", False, 5.0),  # hubei band 5–8
    ("未达成预期指标且效果较差", 6, "default", False, 5.99),
    ("未达成预期指标且效果较差", 6, "hubei", True, 4.99),
])
def test_qualitative_bands(actual: str, self_score: float, profile: str, inflated: bool, rule: float) -> None:
    name = "对维护基建市场公平的影响程度"
    i = ind(name, word("效果明显"), level1="效益指标", level2="社会效益指标")
    res = one(i, claim(name, word(actual), weight=10, self_score=self_score, reason="因部分项目未开工"), profile)
    assert result(res, name).rule_score == rule
    assert bool(flags(res, "self_score_inflated")) is inflated
    assert bool(flags(res, "target_missed")) is actual.startswith("未达成")


def test_qualitative_not_achieved_is_high_missed_and_needs_reason() -> None:
    name = "对推动基建项目“四项制度”健全和落实的持续性影响"
    i = ind(name, word("效果明显"), level1="效益指标", level2="可持续影响指标")
    res = one(i, claim(name, word("未达成预期指标"), weight=10, self_score=4, reason="无"))
    (f,) = flags(res, "target_missed")
    assert f.severity == "high" and "未达成" in f.message
    assert flags(res, "missing_deviation_reason")
    assert result(res, name).status == "missed"


def test_qualitative_actual_equal_to_target_is_achieved() -> None:
    # realdocs/03: 改善人居环境 有效改善 → 有效改善, 10分
    name = "改善人居环境"
    i = ind(name, word("有效改善"), level1="效益指标", level2="社会效益指标", weight=10)
    res = one(i, claim(name, word("有效改善"), weight=10, self_score=10))
    assert result(res, name).rule_score == 10
    assert types(res) == {"vague_target"}  # scored as 达成, but 有效改善 is not measurable


def test_qualitative_unknown_word_is_not_scored() -> None:
    name = "粮食储备设备维护及安全性"
    i = ind(name, word("设备安全运行"), level1="效益指标", level2="可持续影响指标")
    res = one(i, claim(name, word("持续推进中"), weight=10, self_score=10))
    r = result(res, name)
    assert r.status == "qualitative" and r.rule_score is None
    assert not res.flags


# --------------------------------------------------------------------------- units


def test_unit_conversion_mass_missed_96_percent() -> None:
    name = "新增地方储备粮规模"
    res = one(ind(name, num(2.5, "万吨", ">=")), claim(name, num(2400, "万公斤"), weight=10, reason="因收购价格波动"))
    r = result(res, name)
    # 2400万公斤 = 24 000 000 kg = 24 000 t = 2.4万吨 → 2.4/2.5 = 96%
    assert r.completion == pytest.approx(0.96)
    assert (r.status, r.rule_score) == ("missed", 9.6)
    (f,) = flags(res, "target_missed")
    assert f.severity == "medium"
    assert f.inputs["actual_converted"] == pytest.approx(2.4)
    assert "折合2.4万吨" in f.message and "完成96.0%" in f.message
    assert not flags(res, "unit_mismatch")


def test_unit_conversion_money_both_ways() -> None:
    name = "项目投资完成额"
    res = one(ind(name, num(0.9, "亿元", ">=")), claim(name, num(8500, "万元"), weight=10, reason="因资金拨付延迟"))
    # 0.9亿元 = 9000万元: 10 × 8500/9000 = 9.444 → 9.44
    assert result(res, name).rule_score == 9.44
    cost = "项目总成本"
    res2 = one(ind(cost, num(8500, "万元", "<=")), claim(cost, num(0.9, "亿元"), weight=10, reason="因设计变更"))
    # 9000 vs ≤8500: linear 10 × (1 − 500/8500) = 9.4118 → 9.41
    assert result(res2, cost).rule_score == 9.41
    assert flags(res2, "target_missed")[0].severity == "medium"  # 5.9% over


@pytest.mark.parametrize(("target", "actual", "score"), [
    ("≥2.5万吨", "2400万公斤", 9.6),  # 2.4 / 2.5
    ("≥0.9亿元", "8500万元", 9.44),  # 8500 / 9000
    ("不低于95%", "百分之八十七点五", 9.21),  # 87.5 / 95 = 0.92105
    ("1000人次", "八百六十人次", 8.6),
])
def test_conversions_through_the_normaliser(target: str, actual: str, score: float) -> None:
    from docreview.normalize import parse_quantity

    name = "指标乙"
    t, a = parse_quantity(target), parse_quantity(actual)
    assert t is not None and a is not None
    res = one(ind(name, t), claim(name, a, weight=10, reason="因受市场行情影响"))
    assert result(res, name).rule_score == score
    (f,) = flags(res, "target_missed")
    assert actual in f.message or str(a.value).rstrip("0").rstrip(".") in f.message


def test_spreadsheet_fraction_read_as_percent() -> None:
    name = "委托业务报告合格率"
    res = one(ind(name, num(95, "%", ">=")), claim(name, num(0.9), weight=10, reason="因2份报告返工"))
    # 0.9 → 90%: 10 × 90/95 = 9.47
    assert result(res, name).rule_score == 9.47
    assert "即90%" in flags(res, "target_missed")[0].message


def test_unit_mismatch_not_target_missed() -> None:
    name = "委托业务报告合格率"
    res = one(ind(name, num(95, "%", ">=")), claim(name, num(120, "人"), weight=8, self_score=8))
    assert types(res) == {"unit_mismatch"}
    (f,) = flags(res, "unit_mismatch")
    assert f.severity == "medium"
    assert result(res, name).rule_score is None


def test_number_answered_with_word_is_unit_mismatch() -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, word("完成"), weight=20, self_score=20, reason=""))
    assert types(res) == {"unit_mismatch"}  # no target_missed, no missing_deviation_reason
    assert "完成" in flags(res, "unit_mismatch")[0].message


# --------------------------------------------------------------------------- not_reported / unsupported_score


def test_not_reported_without_claim_copies_searched() -> None:
    hits = [SearchHit(passage_id="p3", text="全年共完成农村公路建设任务", score=0.41)]
    i = ind(ROAD, num(120, "公里", ">="))
    res = run(case([i], [], matches=[Match(indicator_id=i.id, method="none", searched=hits)]))
    (f,) = flags(res, "not_reported")
    assert f.severity == "high" and f.searched == hits
    assert [e.side for e in f.evidence] == ["policy"]
    assert result(res, ROAD).status == "not_reported" and result(res, ROAD).rule_score == 0


@pytest.mark.parametrize("empty", ["/", "无", "", "—"])
def test_not_reported_for_empty_cell_without_score(empty: str) -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, empty, weight=20))
    assert types(res) == {"not_reported"}


def test_empty_actual_with_score_is_unsupported_not_not_reported() -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, "/", weight=20, self_score=20))
    assert types(res) == {"unsupported_score"}
    (f,) = flags(res, "unsupported_score")
    assert f.severity == "high" and f.inputs["self_score"] == 20


def test_zero_score_with_empty_actual_is_not_reported() -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, "", weight=20, self_score=0))
    assert types(res) == {"not_reported"}


def test_prose_claim_of_same_name_supplies_the_actual() -> None:
    row = claim(ROAD, "/", weight=20)
    prose = claim(ROAD, num(126, "公里"), kind="prose", text="全年新改建农村公路126公里。")
    res = run(case([ind(ROAD, num(120, "公里", ">="))], [row, prose]))
    assert not flags(res, "not_reported")
    assert result(res, ROAD).status == "met"


@pytest.mark.parametrize("actual", [
    num(120, "公里", ">="),  # ≥120公里 answered with ≥120公里
    num(95, "%", text="95%以上"),  # the sign only in the words
])
def test_actual_carrying_a_direction_is_unsupported(actual: Quantity) -> None:
    name = ROAD if actual.unit == "公里" else "群众满意度"
    target = num(120, "公里", ">=") if actual.unit == "公里" else num(95, "%", ">=")
    res = one(ind(name, target), claim(name, actual, weight=10, self_score=10))
    assert types(res) == {"unsupported_score"}
    assert not flags(res, "not_reported")


def test_direction_actual_without_score_raises_nothing() -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, num(120, "公里", ">="), weight=10))
    assert not res.flags


# --------------------------------------------------------------------------- self_score_inflated


def test_self_score_rounded_up_is_inflated() -> None:
    name = "农村劳动力技能培训人次"
    i = ind(name, num(1000, "人次", ">="))
    # 10 × 745/1000 = 7.45
    res = one(i, claim(name, num(745, "人次"), weight=10, self_score=8, reason="受疫情影响停课"))
    (f,) = flags(res, "self_score_inflated")
    assert f.inputs["rule_score"] == 7.45 and f.inputs["self_score"] == 8 and f.inputs["tolerance"] == 0.1
    assert "应得7.45分" in f.message
    within = one(i, claim(name, num(745, "人次"), weight=10, self_score=7.5, reason="受疫情影响停课"))
    assert not flags(within, "self_score_inflated")  # 0.05 ≤ 0.1


def test_no_inflation_check_without_a_form_weight() -> None:
    # realdocs/03 has a 得分 column but no 分值 column: 20 points against an unknown weight
    name = "拆除活人墓、豪华墓"
    res = one(ind(name, num(32, "座"), source="report"), claim(name, num(32, "座"), self_score=20), has_policy=False)
    assert result(res, name).weight == 90  # the profile's share (产出 50 + the absent 效益 30 and 满意度 10)
    assert not res.flags


def test_self_score_above_weight_is_inflated_once() -> None:
    name = "办结信访案件"
    res = one(ind(name, num(168, "起")), claim(name, num(168, "起"), weight=10, self_score=12))
    (f,) = flags(res, "self_score_inflated")
    assert "超过该指标分值10分" in f.message


def test_budget_self_score_inflated() -> None:
    lines = [budget("年度资金总额", adjusted=100, executed=85, weight=10, self_score=10)]
    res = run(case([], [], budget_lines=lines))
    (f,) = flags(res, "self_score_inflated", None)
    assert f.indicator is None and f.inputs["rule_score"] == 8.5
    ok = run(case([], [], budget_lines=[budget("年度资金总额", adjusted=100, executed=85, weight=10,
                                               self_score=8.55)]))
    assert not flags(ok, "self_score_inflated")


# --------------------------------------------------------------------------- budget


def test_budget_execution_rate_and_score() -> None:
    # S3: 298.70 / 300.00 = 99.567%; score min(rate, 1) × 10 = 9.9567 → 9.96
    res = run(case([], [], budget_lines=[budget("专项资金", initial=300, adjusted=300, executed=298.7, rate=99.57)]))
    assert res.score.execution_rate == pytest.approx(298.7 / 300)
    assert res.score.budget_score == 9.96 and res.score.budget_weight == 10
    assert not res.flags


def test_budget_uses_adjusted_then_initial_and_caps_at_one() -> None:
    res = run(case([], [], budget_lines=[budget("总额", initial=238.93, adjusted=251.89, executed=251.89)]))
    assert res.score.execution_rate == 1.0 and res.score.budget_score == 10
    only_initial = run(case([], [], budget_lines=[budget("总额", initial=200, executed=190)]))
    assert only_initial.score.execution_rate == 0.95 and only_initial.score.budget_score == 9.5
    over = run(case([], [], budget_lines=[budget("总额", adjusted=100, executed=104)]))
    assert over.score.budget_score == 10


def test_budget_sums_detail_lines_without_total_and_form_weight_wins() -> None:
    lines = [budget("本年财政拨款", total=False, adjusted=60, executed=54, weight=20),
             budget("上年结转资金", total=False, adjusted=40, executed=30)]
    res = run(case([], [], budget_lines=lines))
    # (54 + 30) / (60 + 40) = 84% → 0.84 × 20 = 16.8
    assert res.score.execution_rate == pytest.approx(0.84)
    assert res.score.budget_weight == 20 and res.score.budget_score == 16.8
    (f,) = flags(res, "low_budget_execution", None)
    assert f.severity == "medium" and "84.00%" in f.message


@pytest.mark.parametrize(("executed", "fires"), [(90, False), (89.9, True), (95, False), (50, True)])
def test_low_budget_execution_threshold(executed: float, fires: bool) -> None:
    res = run(case([], [], budget_lines=[budget("年度资金总额", adjusted=100, executed=executed)]))
    assert bool(flags(res, "low_budget_execution", None)) is fires


def test_realdocs05_zero_total_line_is_inconsistent_not_arithmetic() -> None:
    lines = [budget("年度资金总额", initial=0, adjusted=0, executed=0, rate=0, weight=10, self_score=0),
             budget("本年财政拨款", total=False, initial=90, adjusted=89.974, executed=89.974),
             budget("上年结转资金", total=False), budget("其他资金", total=False)]
    res = run(case([], [], budget_lines=lines))
    (f,) = flags(res, "inconsistent_values", None)
    assert f.severity == "high" and "年度资金总额" in f.message and "90万元" in f.message
    assert not flags(res, "arithmetic_error")
    # the score falls back to the detail lines: 89.974 / 89.974 = 100%
    assert res.score.execution_rate == 1.0 and res.score.budget_score == 10
    assert not flags(res, "low_budget_execution")


def test_zero_total_and_prose_total_make_one_flag() -> None:
    # realdocs/05 also says in prose: 本项目共申请预算资金90万元 … 共完成预算资金89.97万元
    lines = [budget("年度资金总额", initial=0, adjusted=0, executed=0),
             budget("本年财政拨款", total=False, initial=90, adjusted=89.974, executed=89.974),
             budget("项目资金", adjusted=90, executed=89.97)]
    res = run(case([], [], budget_lines=lines))
    assert [f.type for f in res.flags] == ["inconsistent_values"]


def test_two_total_lines_disagree() -> None:
    lines = [budget("年度资金总额", adjusted=300, executed=298.7), budget("项目资金", adjusted=280, executed=298.7)]
    res = run(case([], [], budget_lines=lines))
    (f,) = flags(res, "inconsistent_values", None)
    assert "300万元与280万元" in f.message and f.inputs["value_1"] == 300
    scoped = [budget("基本支出总额", adjusted=864.2, executed=864.2), budget("项目支出总额", adjusted=0, executed=0)]
    assert not run(case([], [], budget_lines=scoped)).flags


def test_total_line_not_equal_to_details_is_arithmetic_error() -> None:
    lines = [budget("总额", initial=238.93, adjusted=250.00, executed=251.89),
             budget("财政资金", total=False, initial=238.93, adjusted=251.89, executed=251.89),
             budget("单位资金", total=False, initial=0, adjusted=0, executed=0)]
    res = run(case([], [], budget_lines=lines))
    (f,) = flags(res, "arithmetic_error", None)
    assert "250万元" in f.message and "251.89万元" in f.message
    assert f.inputs["adjusted_total"] == 250 and f.inputs["adjusted_sum_of_details"] == pytest.approx(251.89)
    assert not flags(res, "inconsistent_values")
    ok = run(case([], [], budget_lines=[budget("总额", initial=238.93, adjusted=251.89, executed=251.89),
                                        lines[1], lines[2]]))
    assert not ok.flags


def test_stated_rate_checked_within_half_a_point() -> None:
    near = run(case([], [], budget_lines=[budget("项目资金", adjusted=300, executed=298.7, rate=100)]))
    assert not flags(near, "arithmetic_error")  # 99.57% vs 100%: 0.43 pp
    off = run(case([], [], budget_lines=[budget("项目资金", adjusted=300, executed=298.7, rate=98)]))
    (f,) = flags(off, "arithmetic_error", None)
    assert f.inputs["rate_computed"] == pytest.approx(99.5667, abs=1e-3)


def test_table_line_beats_prose_and_prose_mentioning_the_figure_is_no_conflict() -> None:
    # the prose line was read wrongly (180 as the budget) but also states the table's 130
    table = budget("项目资金", total=False, adjusted=130, executed=124.7, rate=95.92, self_score=9.59)
    prose = budget("项目资金", adjusted=180, executed=124.7,
                   prose="年初预算180万元，年中根据培训计划调减至130万元，全年支出124.7万元。")
    res = run(case([], [], budget_lines=[prose, table],
                   totals=[total("level1_weight", 10, "预算执行情况（万元）（10分）", "预算执行情况")]))
    assert res.score.execution_rate == pytest.approx(124.7 / 130)  # 95.92%, from the table
    assert res.score.budget_score == 9.59 and res.score.budget_weight == 10
    assert not res.flags  # no low execution, no prose total vs table rows, no conflict


def test_prose_figure_contradicting_the_table() -> None:
    table = budget("项目资金", adjusted=300, executed=298.7)
    prose = budget("项目资金", adjusted=300, executed=289.7, prose="项目实际支出289.70万元。")
    (f,) = flags(run(case([], [], budget_lines=[table, prose])), "inconsistent_values", None)
    assert "298.7万元与289.7万元" in f.message
    # two prose sentences usually speak of different sums
    other = budget("项目资金", executed=18.5, prose="“三公”经费支出控制在18.5万元以内。")
    assert not run(case([], [], budget_lines=[prose, other])).flags


def test_budget_adjustment_must_add_up() -> None:
    # 年初预算520万元，年中追加80万元，调整后预算580万元：520 + 80 = 600 ≠ 580
    sentence = "市级储备粮管理专项资金年初预算520万元，年中追加轮换价差补贴80万元，调整后预算580万元"
    line = budget("项目资金", initial=520, adjusted=580, executed=502, rate=86.6, prose=sentence)
    line.added = 80
    res = run(case([], [], budget_lines=[line]))
    (f,) = flags(res, "arithmetic_error", None)
    assert f.severity == "high"
    assert "年初预算520万元" in f.message and "追加80万元" in f.message and "应为600万元" in f.message
    assert "调整后预算为580万元" in f.message and "相差20万元" in f.message
    assert f.inputs["sum"] == 600 and f.inputs["difference"] == -20 and f.inputs["adjusted"] == 580
    assert f.evidence and f.evidence[0].quote == sentence
    # 502 ÷ 580 = 86.55%: the stated 86.6% is right, the execution is low
    assert res.score.execution_rate == pytest.approx(502 / 580)
    assert flags(res, "low_budget_execution", None)

    # 180 − 50 = 130 as stated; 调减 is a negative change
    cut = budget("项目资金", initial=180, adjusted=130, executed=124.7, prose="年初预算180万元，调减50万元，调整后预算130万元")
    cut.added = -50
    assert not flags(run(case([], [], budget_lines=[cut])), "arithmetic_error")
    wrong_cut = budget("项目资金", initial=180, adjusted=140, prose="年初预算180万元，调减50万元，调整后预算140万元")
    wrong_cut.added = -50
    (f,) = flags(run(case([], [], budget_lines=[wrong_cut])), "arithmetic_error", None)
    assert "调减50万元" in f.message and "应为130万元" in f.message and "相差10万元" in f.message
    # 0.05 within the 0.1 tolerance; nothing to check without the change itself
    near = budget("项目资金", initial=238.93, adjusted=251.89)
    near.added = 12.91
    assert not run(case([], [], budget_lines=[near])).flags
    assert not run(case([], [], budget_lines=[budget("项目资金", initial=520, adjusted=580)])).flags


def _column_total(stated: float, parts: list[float], column: str = "财政投入", unit: str = "万元") -> ColumnTotal:
    return ColumnTotal(label="分乡镇建设明细表合计", column=column, stated=stated, parts=parts, unit=unit,
                       span=Span(file="明细表.xlsx", table=0, row=6, col=4, quote=f"{stated:g}"),
                       parts_span=Span(file="明细表.xlsx", table=0, row=1, quote="1 | 柳河镇 | 6200 | 1200 | 903"))


def _detail(*totals: ColumnTotal) -> ScoringInput:
    return ScoringInput(indicators=[], claims=[], matches=[], column_totals=list(totals))


def test_detail_table_total_against_its_rows() -> None:
    # 903 + 786 + 669 + 743 + 655 = 3756, the 合计 row says 3786
    wrong = _detail(_column_total(3786, [903, 786, 669, 743, 655]))
    (f,) = flags(run(wrong), "arithmetic_error", None)
    assert f.severity == "high"
    assert f.message == "分乡镇建设明细表合计「财政投入」为3786万元，各行（5行）之和为3756万元，相差30万元"
    assert f.inputs["stated"] == 3786 and f.inputs["sum"] == 3756 and f.inputs["difference"] == 30
    assert f.inputs["column"] == "财政投入"
    assert [e.row for e in f.evidence] == [6, 1] and f.evidence[0].quote == "3786"
    # 6200 + 5400 + 4800 + 5100 + 4500 = 26000 亩; 191 + 99 + 524 = 814 (realdocs S4 成本构成)
    right = _detail(_column_total(26000, [6200, 5400, 4800, 5100, 4500], "建设面积", "亩"),
                    _column_total(814, [191, 99, 524], "金额"))
    assert not run(right).flags
    # 191 + 99 + 372.88 = 662.88 against 662.98: 0.1, within the tolerance; 0.2 is not
    assert not run(_detail(_column_total(662.98, [191, 99, 372.88]))).flags
    (f,) = run(_detail(_column_total(663.08, [191, 99, 372.88]))).flags
    assert "各行（3行）之和为662.88万元，相差0.2万元" in f.message and f.inputs["difference"] == pytest.approx(0.2)


def test_budget_weight_from_heading_gates_budget_inflation() -> None:
    line = budget("项目资金总额", adjusted=814, executed=796.32, rate=97.83, self_score=19.57)
    heading = total("level1_weight", 20, "预算执行情况（万元）（20分）", "预算执行情况")
    res = run(case([], [], budget_lines=[line], totals=[heading]))
    # 20 × 796.32/814 = 19.566 → 19.57 as claimed
    assert res.score.budget_weight == 20 and res.score.budget_score == 19.57 and not res.flags
    # without the heading the form's scale is unknown: 19.57 is not compared with the default 10
    bare = run(case([], [], budget_lines=[line]))
    assert bare.score.budget_weight == 10 and not flags(bare, "self_score_inflated")


def test_budget_figure_given_twice() -> None:
    lines = [budget("本年财政拨款", total=False, adjusted=90, executed=89.974),
             budget("本年财政拨款", total=False, adjusted=80, executed=89.97)]
    res = run(case([], [], budget_lines=lines))
    (f,) = flags(res, "inconsistent_values", None)
    assert "90万元与80万元" in f.message
    assert "全年执行数" not in f.message  # 89.974 and 89.97 agree to the precision given


# --------------------------------------------------------------------------- arithmetic on the form


def test_weights_must_add_up_to_100() -> None:
    a, b = "发放(缴纳)覆盖率", "足额保障率(参保率)"
    inds = [ind(a, num(100, "%"), direction="="),
            ind(b, num(100, "%"), level1="效益指标", level2="社会效益指标", direction="=")]
    lines = [budget("总额", adjusted=251.89, executed=251.89, weight=10)]
    good = run(case(inds, [claim(a, num(100, "%"), weight=60), claim(b, num(100, "%"), weight=30)],
                    budget_lines=lines, totals=[total("weight_total", 100)]))
    assert not good.flags  # realdocs/01: 10 + 60 + 30 = 100
    bad = run(case(inds, [claim(a, num(100, "%"), weight=60), claim(b, num(100, "%"), weight=20)],
                   budget_lines=lines))
    (f,) = flags(bad, "arithmetic_error", None)
    assert "90分" in f.message  # 10 + 60 + 20
    stated = run(case(inds, [claim(a, num(100, "%"), weight=60), claim(b, num(100, "%"), weight=30)],
                      budget_lines=lines, totals=[total("weight_total", 95)]))
    assert len(flags(stated, "arithmetic_error", None)) == 1


def test_level1_weight_against_its_indicators() -> None:
    names = ["基建工程委托业务项目数量", "委托业务报告合格率", "提交报告及时性"]
    inds = [ind(n, num(1, "个")) for n in names]
    claims = [claim(n, num(1, "个"), weight=w) for n, w in zip(names, [8, 8, 34], strict=True)]
    ok = run(case(inds, claims, totals=[total("level1_weight", 50, "产出指标(50分)", "产出指标")]))
    assert not flags(ok, "arithmetic_error")
    claims[2] = claim(names[2], num(1, "个"), weight=32)
    bad = run(case(inds, claims, totals=[total("level1_weight", 50, "产出指标(50分)", "产出指标")]))
    (f,) = flags(bad, "arithmetic_error", None)
    assert f.inputs["sum"] == 48 and f.inputs["stated"] == 50


def test_score_total_when_budget_score_is_not_on_the_form() -> None:
    # the table states 总分 99.71; the budget score 9.71 is only in the prose
    names = ["送戏下乡演出场次", "惠及观众"]
    claims = [claim(n, num(1, "场"), weight=w, self_score=w) for n, w in zip(names, [40, 50], strict=True)]
    ok = run(case([ind(n, num(1, "场")) for n in names], claims, totals=[total("score_total", 99.71, "总分")]))
    assert not flags(ok, "arithmetic_error")  # 90 ≤ 99.71 ≤ 90 + 10
    bad = run(case([ind(n, num(1, "场")) for n in names], claims, totals=[total("score_total", 101, "总分")]))
    assert flags(bad, "arithmetic_error", None)


def test_weight_total_uses_the_report_rows() -> None:
    # the policy lacks the 满意度 row (cut off), the report's table has it: 80 + 10 + budget 10 = 100
    names = ["数量指标甲", "质量指标乙", "群众满意度"]
    claims = [claim(n, num(100), weight=w) for n, w in zip(names, [40, 40, 10], strict=True)]
    res = run(case([ind(n, num(100)) for n in names[:2]], claims,
                   budget_lines=[budget("年度资金总额", adjusted=100, executed=100, weight=10)],
                   totals=[total("weight_total", 100, "总分")]))
    assert not flags(res, "arithmetic_error")


def test_heading_of_no_group_covers_every_row() -> None:
    names = ["开展补贴性职业技能培训", "培训合格率", "培训后就业率"]
    claims = [claim(n, num(1), weight=w) for n, w in zip(names, [30, 30, 30], strict=True)]
    inds = [ind(n, num(1)) for n in names]
    ok = run(case(inds, claims, totals=[total("level1_weight", 90, "年度目标（90分）", "年度目标")]))
    assert not flags(ok, "arithmetic_error")
    bad = run(case(inds, claims, totals=[total("level1_weight", 80, "年度目标（80分）", "年度目标")]))
    (f,) = flags(bad, "arithmetic_error", None)
    assert f.inputs["sum"] == 90 and f.inputs["stated"] == 80


def test_score_total_against_self_scores() -> None:
    a, b = "办结信访案件", "拆除活人墓、豪华墓"
    inds = [ind(a, num(168, "起")), ind(b, num(32, "座"))]
    claims = [claim(a, num(168, "起"), weight=30, self_score=30), claim(b, num(32, "座"), weight=50, self_score=50)]
    lines = [budget("部门整体支出总额", adjusted=864.2, rate=100, weight=20, self_score=20)]
    ok = run(case(inds, claims, budget_lines=lines, totals=[total("score_total", 100, "总分")]))
    assert not ok.flags  # 30 + 50 + budget 20
    bad = run(case(inds, claims, budget_lines=lines, totals=[total("score_total", 95, "总分")]))
    (f,) = flags(bad, "arithmetic_error", None)
    assert f.inputs["sum"] == 100 and f.inputs["stated"] == 95


def test_weights_are_checked_from_the_rows_whatever_the_total_row_says() -> None:
    """Issue 11: 分值 60 + 40 plus the budget's 10 make 110; the 总分 row says 100 (= the indicator rows alone)."""
    a, b = "培训人次", "培训合格率"
    inds = [ind(a, num(100, "人次")), ind(b, num(90, "%"), level2="质量指标")]
    claims = [claim(a, num(100, "人次"), weight=60), claim(b, num(90, "%"), weight=40)]
    lines = [budget("年度资金总额", adjusted=100, executed=100, weight=10)]
    res = run(case(inds, claims, budget_lines=lines, totals=[total("weight_total", 100, "总分")]))
    (f,) = flags(res, "arithmetic_error", None)
    assert (f.inputs["sum"], f.inputs["total"], f.inputs["stated"]) == (100, 110, 100)
    assert "110分" in f.message and "总分为100分" in f.message
    # every target met: 10 + 60 + 40 = 110, out of 110 -- shown, never rated
    assert res.score.computed_total == 110 and res.score.rating is None
    assert res.score.not_rated is not None and "110" in res.score.not_rated
    # below 100 but still out of 110: 10 + 60 + 40 × 45/90 = 90 is no 优/良 either
    claims[1] = claim(b, num(45, "%"), weight=40, reason="因考试题目难度提高")
    half = run(case(inds, claims, budget_lines=lines, totals=[total("weight_total", 100, "总分")]))
    assert half.score.computed_total == 90 and half.score.rating is None and half.score.not_rated


def test_indicator_weights_above_100_under_a_total_row_of_100_are_flagged_once_and_not_rated() -> None:
    names = ["新建村级服务站", "服务站验收合格率"]
    claims = [claim(n, num(1, "个"), weight=w) for n, w in zip(names, [60, 50], strict=True)]
    res = run(case([ind(n, num(1, "个")) for n in names], claims, totals=[total("weight_total", 100, "总分")]))
    (f,) = flags(res, "arithmetic_error", None)  # 110 vs 100 and 110 vs the stated 100: one mismatch
    assert f.inputs["sum"] == 110 and "超过100分" in f.message
    # no budget lines: budget weight 10 from the profile, no budget score; 60 + 50 = 110 computed
    assert res.score.computed_total == 110 and res.score.rating is None and res.score.not_rated


def test_each_weight_mismatch_is_its_own_flag() -> None:
    # 60 + 40 + budget 10 = 110 ≠ 100, and the 合计 120 is neither 100 nor 110
    a, b = "培训人次", "培训合格率"
    inds = [ind(a, num(100, "人次")), ind(b, num(90, "%"), level2="质量指标")]
    claims = [claim(a, num(100, "人次"), weight=60), claim(b, num(90, "%"), weight=40)]
    lines = [budget("年度资金总额", adjusted=100, executed=100, weight=10)]
    res = run(case(inds, claims, budget_lines=lines, totals=[total("weight_total", 120, "合计")]))
    found = flags(res, "arithmetic_error", None)
    assert len(found) == 2
    assert {f.inputs.get("total") for f in found} == {110, None}  # the sum against 100 …
    assert any("合计120" in f.message and f.inputs["sum"] == 100 for f in found)  # … and the 合计 against its rows


# --------------------------------------------------------------------------- inconsistent values


def test_row_and_prose_disagree() -> None:
    row = claim(ROAD, num(108, "公里"), weight=20, reason="因汛期影响延期")
    prose = claim(ROAD, num(110, "公里"), kind="prose", text="全年新改建农村公路110公里。")
    res = run(case([ind(ROAD, num(120, "公里", ">="))], [row, prose]))
    (f,) = flags(res, "inconsistent_values", ROAD)
    assert f.severity == "high" and "108公里" in f.message and "110公里" in f.message
    assert len(f.evidence) == 2


def test_restated_target_in_prose_is_not_a_second_value() -> None:
    # realdocs-style prose: 年初确定的绩效目标为……不少于1.5万人次 … 全年提供上门服务一万二千六百人次
    name = "为特殊困难老年人提供居家养老上门服务"
    target_sentence = claim(name, num(15000, "人次", ">=", text="不少于1.5万人次"), kind="prose")
    actual_sentence = claim(name, num(12600, "人次", text="一万二千六百人次"), kind="prose")
    assert not run(case([], [target_sentence, actual_sentence])).flags


def test_related_prose_found_by_partial_name() -> None:
    # realdocs-like: row 惠及观众 8.6万人次, prose 观众九万二千人次
    row = claim("惠及观众", num(86000, "人次", text="8.6万人次"), weight=20, self_score=20)
    prose = claim("观众", num(92000, "人次", text="九万二千人次"), kind="prose", text="全年观众九万二千人次。")
    sat = claim("观众满意度", num(95.1, "%"), weight=10)
    inds = [ind("惠及观众", num(80000, "人次", ">=", text="≥8万人次"), level1="效益指标", level2="社会效益指标"),
            ind("观众满意度", num(92, "%", ">="), level1="满意度指标", level2="服务对象满意度指标")]
    res = run(case(inds, [row, prose, sat]))
    assert [(f.type, f.indicator) for f in res.flags] == [("inconsistent_values", "惠及观众")]


def test_same_value_at_different_precision_is_consistent() -> None:
    name = "项目资金支出"
    row = claim(name, num(89.974, "万元"))
    prose = claim(name, num(89.97, "万元"), kind="prose", text="本项目共完成预算资金89.97万元。")
    converted = claim(name, num(899740, "元"), kind="prose", text="支出899740元")
    res = run(case([ind(name, num(90, "万元", "<="), level2="成本指标")], [row, prose, converted]))
    assert not flags(res, "inconsistent_values")


def test_two_rows_of_one_name_no_indicator_took() -> None:
    a = claim("培训人次", num(860, "人次"))
    b = claim("培训人次", num(900, "人次"))
    res = run(case([], [a, b]))
    (f,) = flags(res, "inconsistent_values", "培训人次")
    assert f.inputs["claim_1"] == a.id and f.inputs["claim_2"] == b.id


# --------------------------------------------------------------------------- target_changed


@pytest.mark.parametrize(("policy", "report", "fires"), [
    (num(120, "公里", ">="), num(100, "公里", ">="), True),
    (num(90, "%", ">="), num(90, "%"), False),  # formatting only: no sign means ≥
    (num(90, "%", ">="), num(90, "%", "<="), True),  # direction changed
    (num(2.5, "万吨", ">="), num(25000, "吨"), False),  # same after conversion
    (num(2.5, "万吨", ">="), num(2.4, "万吨"), True),
    (num(90, "万元", "<="), num(90, "万元"), False),  # 项目总成本: no sign means ≤
    (day(2024, 11, 30), day(2024, 12, 31), True),
])
def test_target_changed(policy: Quantity, report: Quantity, fires: bool) -> None:
    name = "项目总成本" if policy.unit == "万元" else ROAD
    res = one(ind(name, policy), claim(name, num(1, policy.unit) if policy.kind != "date" else
                                        day(2024, 11, 1, explicit=False), target=report))
    assert bool(flags(res, "target_changed")) is fires
    if fires:
        (f,) = flags(res, "target_changed")
        assert f.severity == "high"
        assert [e.side for e in f.evidence] == ["policy", "report"]


def test_target_changed_restated_in_prose() -> None:
    name = "开展补贴性职业技能培训"
    row = claim(name, num(860, "人次"), weight=15, self_score=12.9, reason="因企业生产计划调整延期")
    prose = claim("补贴性职业技能培训", num(890, "人次", text="八百九十人次"), target=num(1000, "人次"), kind="prose",
                  text="全年开展补贴性职业技能培训八百九十人次，未完成年初1000人次的目标。")
    res = run(case([ind(name, num(1200, "人次", ">="))], [row, prose]))
    assert types(res, name) >= {"target_changed", "inconsistent_values", "target_missed"}
    assert "1000人次" in flags(res, "target_changed")[0].message


def test_target_changed_cannot_fire_without_policy() -> None:
    i = ind(ROAD, num(120, "公里", ">="), source="report")
    c = claim(ROAD, num(130, "公里"), target=num(100, "公里", ">="))
    assert not flags(run(case([i], [c], has_policy=False)), "target_changed")
    # report-own indicators take the report's own target: 130 ≥ 120 is met
    assert result(run(case([i], [c], has_policy=False)), ROAD).status == "met"


def test_claim_target_used_when_policy_gives_none() -> None:
    name = "受益建档立卡贫困人口数"
    i = ind(name, None)
    c = claim(name, num(450, "人"), target=num(500, "人", ">="), weight=10, reason="因部分人口已脱贫退出")
    res = one(i, c)
    assert result(res, name).rule_score == 9.0  # 10 × 450/500
    assert not flags(res, "target_changed")


# --------------------------------------------------------------------------- missing_deviation_reason


@pytest.mark.parametrize(("reason", "fires"), [
    (None, True), ("", True), ("0", True), ("无", True), ("/", True),
    ("下一步将加强管理，确保完成任务", True),  # prose without a cause
    ("受疫情影响，部分培训班延期举办", False),
    ("由于资金下达较晚，项目推迟开工", False),
    ("部分河段实测淤积量低于设计值，按实际工程量清淤。", False),
    ("部分乡镇按实际工程量核减任务后组织实施", False),  # a sentence with no measure words: accepted
])
def test_missing_deviation_reason(reason: str | None, fires: bool) -> None:
    name = "农村劳动力技能培训人次"
    res = one(ind(name, num(1000, "人次", ">=")), claim(name, num(860, "人次"), weight=10, reason=reason))
    assert flags(res, "target_missed")
    assert bool(flags(res, "missing_deviation_reason")) is fires
    if fires:
        assert flags(res, "missing_deviation_reason")[0].severity == "medium"


def test_prose_with_cause_is_a_reason() -> None:
    name = "农村劳动力技能培训人次"
    row = claim(name, num(860, "人次"), weight=10, reason="")
    prose = claim(name, num(860, "人次"), kind="prose",
                  text="全年共开展技能培训八百六十人次，未达到年初1000人次的目标，主要原因是受疫情影响停课两个月。")
    res = run(case([ind(name, num(1000, "人次", ">="))], [row, prose]))
    assert flags(res, "target_missed") and not flags(res, "missing_deviation_reason")


def test_words_before_a_prose_figure_are_what_was_counted_not_a_cause() -> None:
    # 不及时 names what the complaints were about; nothing after 7件 says why there were more than 5
    name = "群众投诉件数"
    text = "全年共受理群众关于垃圾清运不及时、垃圾桶破损的投诉7件，均已在三个工作日内办结回复。"
    prose = claim(name, num(7, "件"), kind="prose", text=text)
    res = run(case([ind(name, num(5, "件", "<="), level1="效益指标", level2="社会效益指标")], [prose]))
    assert flags(res, "target_missed") and flags(res, "missing_deviation_reason")


def test_prose_cause_after_the_figure_is_a_reason() -> None:
    name = "生活垃圾清运量"
    text = "全年共清运生活垃圾10800吨，较年初确定的1.2万吨目标少一千二百吨，下半年推行垃圾分类后进入清运环节的垃圾量减少。"
    prose = claim(name, num(10800, "吨"), kind="prose", text=text)
    res = run(case([ind(name, num(1.2, "万吨", ">="))], [prose]))
    assert flags(res, "target_missed") and not flags(res, "missing_deviation_reason")


def test_no_reason_needed_when_met() -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, num(120, "公里"), weight=20, reason="无"))
    assert not res.flags


@pytest.mark.parametrize(("reason", "fires"), [
    ("审核不严", False), ("印刷延误", False), ("人手少", False), ("物价上涨", False),  # short, but causes
    ("管理不完善", False),  # 完善 negated: a cause, not a promise
    ("人手少，下一步加强培训", False),
    ("继续努力", True), ("下一步加强管理", True), ("我单位将加强管理，确保完成任务。", True),  # promises only
    ("—", True), ("XX", True), ("偏差原因：无", True), ("原因分析：/", True),
])
def test_a_reason_is_any_text_but_empty_placeholder_or_promise(reason: str, fires: bool) -> None:
    name = "宣传册印制数量"
    res = one(ind(name, num(5000, "册", ">=")), claim(name, num(4000, "册"), weight=10, reason=reason))
    assert flags(res, "target_missed")
    assert bool(flags(res, "missing_deviation_reason")) is fires


# --------------------------------------------------------------------------- vague_target


@pytest.mark.parametrize(("level1", "level2", "target_text", "actual", "fires"), [
    ("产出指标", "数量指标", "*", num(30, "个"), True),
    ("产出指标", "质量指标", "XX%", num(98, "%"), True),
    ("产出指标", "质量指标", "有效提升", word("有效提升"), True),
    ("产出指标", "质量指标", "进一步提升", word("进一步提升"), True),  # 一 here is no figure
    ("产出指标", "时效指标", "", word("按时完成"), True),
    ("产出指标", "质量指标", "严格执行相关制度规定", word("达成预期指标"), False),  # a checkable rule, not vague
    ("效益指标", "社会效益指标", "有效改善", word("有效改善"), True),  # only vague words (realdocs/03)
    ("效益指标", "社会效益指标", "对维护市场公平起到促进作用", word("达成预期指标"), False),  # words, not vague
    ("效益指标", "可持续影响指标", "高", word("高"), True),  # realdocs/S2
    ("产出指标", "成本指标", "符合相关规定", word("达成预期指标"), True),  # 成本 with no figure (realdocs/05)
    ("产出指标", "成本指标", "不超预算", word("未超预算"), False),  # a comparison against the budget
    ("产出指标", "时效指标", "在项目计划完成时间内完成", word("达成预期指标"), False),
    ("产出指标", "数量指标", "完成全部改造任务", word("已完成"), True),
    ("效益指标", "经济效益指标", "明显提升", num(1200, "元", text="人均增收1200元"), True),  # 效益 with numbers
    ("满意度指标", "服务对象满意度指标", "明显提升", word("满意"), False),
])
def test_vague_target(level1: str, level2: str, target_text: str, actual: Quantity, fires: bool) -> None:
    name = "指标甲"
    target = None if target_text in ("*", "XX%", "") else word(target_text)
    i = ind(name, target, level1=level1, level2=level2, target_text=target_text)
    res = one(i, claim(name, actual, weight=10))
    assert bool(flags(res, "vague_target")) is fires
    if fires:
        assert flags(res, "vague_target")[0].severity == "low"


def test_measurable_target_is_not_vague() -> None:
    res = one(ind(ROAD, num(120, "公里", ">=")), claim(ROAD, num(125, "公里")))
    assert not flags(res, "vague_target")


# --------------------------------------------------------------------------- weights and totals


def test_weights_distributed_and_satisfaction_moves_to_benefit() -> None:
    a, b, c = "新改建农村公路里程", "农村公路优良路率", "带动沿线群众增收"
    inds = [ind(a, num(120, "公里")), ind(b, num(80, "%"), level2="质量指标"),
            ind(c, num(500, "万元"), level1="效益指标", level2="经济效益指标")]
    claims = [claim(a, num(120, "公里")), claim(b, num(80, "%")), claim(c, num(500, "万元"))]
    res = run(case(inds, claims))
    # 产出 50 over two; 效益 30 + 满意度 10 (no 满意度 indicator)
    assert [r.weight for r in res.results] == [25, 25, 40]
    assert res.score.indicator_score == 90
    hubei = run(case(inds, claims), "hubei")
    assert [r.weight for r in hubei.results] == [20, 20, 40]  # 产出 40; 效益 30 + 10

    sat = "群众对政府工作满意度"
    with_sat = run(case([*inds, ind(sat, num(90, "%"), level1="满意度指标", level2="服务对象满意度指标")],
                        [*claims, claim(sat, num(95, "%"))]))
    assert [r.weight for r in with_sat.results] == [25, 25, 30, 10]


def test_form_weights_win_and_free_indicators_share_the_rest() -> None:
    a, b = "新改建农村公路里程", "农村公路优良路率"
    res = run(case([ind(a, num(120, "公里")), ind(b, num(80, "%"), level2="质量指标")],
                   [claim(a, num(120, "公里"), weight=20), claim(b, num(80, "%"))]))
    # 产出 gets 50 + the 40 of the absent 效益/满意度 groups: 90 − 20 = 70 for the free one
    assert [r.weight for r in res.results] == [20, 70]
    assert [r.weight for r in run(case([ind(a, num(120, "公里"), weight=15)], [claim(a, num(120, "公里"))])).results
            ] == [15]


def test_stated_level1_weight_beats_profile() -> None:
    a, b, c = "新改建农村公路里程", "农村公路优良路率", "带动沿线群众增收"
    inds = [ind(a, num(120, "公里")), ind(b, num(80, "%"), level2="质量指标"),
            ind(c, num(500, "万元"), level1="效益指标", level2="经济效益指标")]
    claims = [claim(a, num(120, "公里")), claim(b, num(80, "%")), claim(c, num(500, "万元"))]
    res = run(case(inds, claims, totals=[total("level1_weight", 60, "产出指标(60分)", "产出指标"),
                                         total("level1_weight", 30, "效益指标(30分)", "效益指标")]))
    # 产出 60 stated → 30 each; 效益 stated 30 keeps 30 (满意度's 10 does not flow into a stated weight)
    assert [r.weight for r in res.results] == [30, 30, 30]


def test_both_profiles_score_the_same_input_differently() -> None:
    cost, q = "项目总成本", "对控制基建项目成本影响程度"
    inds = [ind(cost, num(90, "万元", "<="), level2="成本指标"),
            ind(q, word("效果明显"), level1="效益指标", level2="生态效益指标")]
    claims = [claim(cost, num(135, "万元"), weight=10, self_score=5, reason="因材料价格上涨"),
              claim(q, word("部分达成预期指标"), weight=10, self_score=5)]
    lines = [budget("年度资金总额", adjusted=100, executed=100)]
    default = run(case(inds, claims, budget_lines=lines))
    hubei = run(case(inds, claims, budget_lines=lines), "hubei")
    # default: budget 10 + cost linear 5 + qualitative clamp(5 → 6) = 21
    assert (default.score.budget_score, default.score.computed_total) == (10, 21)
    # hubei: budget 20 + cost ratio 10 × 90/135 = 6.67 + qualitative 5 (band 5–8) = 31.67
    assert (hubei.score.budget_score, hubei.score.computed_total) == (20, 31.67)
    assert default.score.self_total == hubei.score.self_total == 10


def test_summary_totals_and_rating_end_to_end() -> None:
    a, b = "发放(缴纳)覆盖率", "足额保障率(参保率)"
    inds = [ind(a, num(100, "%"), direction="="),
            ind(b, num(100, "%"), level1="效益指标", level2="社会效益指标", direction="=")]
    lines = [budget("总额", adjusted=100, executed=100, weight=10, self_score=10)]
    # 60 × 95/100 = 57 + 30 + 10 = 97 → 优
    res = run(case(inds, [claim(a, num(95, "%"), weight=60, self_score=60, reason="因2人调出"),
                          claim(b, num(100, "%"), weight=30, self_score=30)], budget_lines=lines))
    assert (res.score.indicator_score, res.score.computed_total, res.score.self_total) == (87, 97, 100)
    assert res.score.rating == "优"
    # 60 × 2/3 = 40 + 30 + 10 = 80 → 良 exactly at the boundary
    res80 = run(case(inds, [claim(a, num(200 / 3, "%"), weight=60, reason="因系统故障"),
                            claim(b, num(100, "%"), weight=30)], budget_lines=lines))
    assert res80.score.computed_total == 80 and res80.score.rating == "良"


def test_self_total_falls_back_to_stated_score_total() -> None:
    res = run(case([ind(ROAD, num(120, "公里"))], [claim(ROAD, num(120, "公里"))],
                   totals=[total("score_total", 91.8, "总计")]))
    assert res.score.self_total == 91.8


NA_A, NA_B, NA_C = "举办培训班期数", "培训覆盖人数", "培训教材出版种类"


def _not_applicable_case(c_actual: Quantity | str, *, c_target: Quantity | None = None,
                         c_target_text: str | None = None, b_self: float | None = None) -> ScoringInput:
    """30 + 30 + 30 and budget 10; A met, B half done, C marked not applicable."""
    inds = [ind(NA_A, num(10, "期")), ind(NA_B, num(1000, "人")),
            ind(NA_C, c_target if c_target is not None else num(3, "种"), target_text=c_target_text)]
    claims = [claim(NA_A, num(10, "期"), weight=30, self_score=30),
              claim(NA_B, num(500, "人"), weight=30, self_score=b_self, reason="因场地改造停办两期"),
              claim(NA_C, c_actual, weight=30)]
    lines = [budget("年度资金总额", adjusted=100, executed=100, weight=10)]
    return case(inds, claims, budget_lines=lines, totals=[total("weight_total", 100, "合计")])


def test_not_applicable_is_dropped_and_the_rest_rescaled() -> None:
    res = run(_not_applicable_case("不适用", b_self=20))
    assert not flags(res, "unit_mismatch") and not flags(res, "not_reported")
    assert not [f for f in res.flags if f.indicator == NA_C]
    c = result(res, NA_C)
    assert (c.weight, c.rule_score) == (0.0, None)
    # A and B: 30 × 90/60 = 45 each; A 45, B 45 × 500/1000 = 22.5; + budget 10 = 77.5 → 中
    assert (result(res, NA_A).weight, result(res, NA_A).rule_score) == (45.0, 45.0)
    assert (result(res, NA_B).weight, result(res, NA_B).rule_score) == (45.0, 22.5)
    assert (res.score.indicator_score, res.score.computed_total, res.score.rating) == (67.5, 77.5, "中")
    # self scores stay on the form's 分值: A 30 of 30 is no inflation; B 20 against 22.5 / 1.5 = 15 is
    (f,) = flags(res, "self_score_inflated")
    assert f.indicator == NA_B and f.inputs["rule_score"] == 15 and f.inputs["weight"] == 30
    assert not flags(res, "arithmetic_error")  # the form's 分值 still add up: 30 × 3 + 10 = 100


def test_not_applicable_target_and_zero_mode(tmp_path: Path) -> None:
    inp = _not_applicable_case("/", c_target=word("本年度不涉及"), c_target_text="本年度不涉及")
    assert result(run(inp), NA_C).weight == 0.0  # 不涉及 in the target
    assert run(inp).score.computed_total == 77.5
    path = tmp_path / "na_zero.yaml"
    path.write_text("extends: default\nnot_applicable: zero\n", encoding="utf-8")
    res = score_review(inp, load_profile(str(path)))
    # C keeps its 30 and scores 0: 30 + 15 + 0 + 10 = 55 → 差
    assert (result(res, NA_C).weight, result(res, NA_C).rule_score) == (30.0, 0.0)
    assert (res.score.computed_total, res.score.rating) == (55.0, "差")
    assert not flags(res, "unit_mismatch") and not flags(res, "not_reported")


def test_a_slash_is_empty_unless_the_profile_says_it_means_not_applicable(tmp_path: Path) -> None:
    inp = _not_applicable_case("/")
    assert [f.indicator for f in flags(run(inp), "not_reported")] == [NA_C]
    path = tmp_path / "slash.yaml"
    path.write_text('extends: default\nwords:\n  not_applicable: [不适用, 不涉及, "/"]\n', encoding="utf-8")
    res = score_review(inp, load_profile(str(path)))
    assert not flags(res, "not_reported") and res.score.computed_total == 77.5


# --------------------------------------------------------------------------- whole tables from realdocs


def test_realdocs05_guichi_entrusted_business_table() -> None:
    """池州市贵池区棠溪镇 委托业务项目 2022 (realdocs/05); the 满意度 row, cut off there, is completed."""
    rows = [
        ("产出指标", "数量指标", "基建工程委托业务项目数量", num(50, "个", ">="), num(50), 8),
        ("产出指标", "质量指标", "委托业务报告合格率", num(100, "%", ">=", text="≥100百分比"), num(100), 8),
        ("产出指标", "质量指标", "经费支出合规性", word("严格执行相关制度规定"), word("达成预期指标"), 8),
        ("产出指标", "时效指标", "提交报告及时性", word("在项目计划完成时间内完成"), word("达成预期指标"), 8),
        ("产出指标", "成本指标", "项目总成本", num(90, "万元", "<="), num(90), 8),
        ("产出指标", "成本指标", "单项业务成本", word("符合相关规定"), word("达成预期指标"), 10),
        ("效益指标", "社会效益指标", "对维护基建市场公平的影响程度", word("效果明显"), word("达成预期指标"), 10),
        ("效益指标", "生态效益指标", "对控制基建项目成本影响程度", word("效果明显"), word("达成预期指标"), 10),
        ("效益指标", "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", word("效果明显"),
         word("达成预期指标"), 10),
        ("满意度指标", "满意度指标", "公众满意度", num(90, "%", ">="), num(95, "%"), 10),
    ]
    inds = [ind(n, t, level1=l1, level2=l2, source="report") for l1, l2, n, t, _a, _w in rows]
    claims = [claim(n, a, weight=w, self_score=w, target=t, level1=l1, level2=l2) for l1, l2, n, t, a, w in rows]
    lines = [budget("年度资金总额", initial=0, adjusted=0, executed=0, rate=0, weight=10, self_score=0),
             budget("本年财政拨款", total=False, initial=90, adjusted=89.974, executed=89.974)]
    totals = [total("level1_weight", 50, "产出指标(50分)", "产出指标"),
              total("level1_weight", 30, "效益指标(30分)", "效益指标")]
    res = run(case(inds, claims, budget_lines=lines, totals=totals, has_policy=False))
    got = [(f.type, f.indicator) for f in res.flags]
    assert len(got) == 5 and set(got) == {
        ("inconsistent_values", None),
        ("vague_target", "单项业务成本"),  # 成本 with only 符合相关规定
        ("vague_target", "对推动基建项目“四项制度”健全和落实的持续性影响"),  # 效果明显
        ("vague_target", "对控制基建项目成本影响程度"),
        ("vague_target", "对维护基建市场公平的影响程度"),
    }
    assert res.score.budget_score == 10 and res.score.indicator_score == 90
    assert res.score.computed_total == 100 and res.score.self_total == 90 and res.score.rating == "优"


def test_realdocs03_tanghu_table_under_hubei() -> None:
    """通城县塘湖镇 部门整体支出 2020 (realdocs/03): 2天以内 answered 2天以内 with 10 points."""
    rows = [
        ("产出指标", "数量指标", "办结信访案件", num(168, "起", text="168起"), num(168, "起"), 10),
        ("产出指标", "数量指标", "拆除活人墓、豪华墓", num(32, "座"), num(32, "座"), 20),
        ("产出指标", "日效性指标", "解决群众问题时间", dur(2, "天", "<="), dur(2, "天", "<="), 10),
        ("效益指标", "社会效益指标", "改善人居环境", word("有效改善"), word("有效改善"), 10),
        ("效益指标", "社会效益指标", "提升出行效率", word("有效提升"), word("有效提升"), 10),
        ("满意度指标", "群众满意度指标", "群众对政府工作满意度", num(90, "%", ">=", text="≧90%"), num(95, "%"), 20),
    ]
    inds = [ind(n, t, level1=l1, level2=l2, source="report") for l1, l2, n, t, _a, _w in rows]
    claims = [claim(n, a, weight=w, self_score=w, target=t) for _l1, _l2, n, t, a, w in rows]
    lines = [budget("部门整体支出总额", adjusted=864.2, rate=100, weight=20, self_score=20)]
    res = run(case(inds, claims, budget_lines=lines, totals=[total("score_total", 100, "总分")],
                   has_policy=False), "hubei")
    assert sorted((f.type, f.indicator) for f in res.flags) == [
        ("unsupported_score", "解决群众问题时间"), ("vague_target", "提升出行效率"), ("vague_target", "改善人居环境")]
    # budget 20 (stated 100%) + 10 + 20 + 0 + 10 + 10 + 20
    assert res.score.computed_total == 90 and res.score.self_total == 100 and res.score.rating == "优"


# --------------------------------------------------------------------------- flag hygiene


def _busy_case() -> ScoringInput:
    """Many rules firing at once."""
    inds = [ind(ROAD, num(120, "公里", ">=")), ind("农村公路优良路率", num(80, "%"), level2="质量指标"),
            ind("农村劳动力技能培训人次", num(1000, "人次", ">=")), ind("项目完工时间", day(2024, 11, 30), level2="时效指标"),
            ind("群众满意度", num(90, "%", ">="), level1="满意度指标", level2="服务对象满意度指标")]
    claims = [claim(ROAD, num(108, "公里"), weight=20, self_score=20, reason="无"),
              claim("农村公路优良路率", "/", weight=20, self_score=15),
              claim("农村劳动力技能培训人次", word("完成"), weight=20, self_score=20),
              claim("项目完工时间", "/", weight=10),
              claim("群众满意度", num(95, "%", ">="), weight=10, self_score=10)]
    lines = [budget("年度资金总额", adjusted=100, executed=80, weight=10, self_score=10)]
    return case(inds, claims, budget_lines=lines)


def test_disjointness_and_budget_flags_have_no_indicator() -> None:
    res = run(_busy_case())
    by_ind: dict[str | None, set[str]] = {}
    for f in res.flags:
        by_ind.setdefault(f.indicator, set()).add(f.type)
    for name, kinds in by_ind.items():
        assert not {"not_reported", "unsupported_score"} <= kinds, name
        assert not {"unit_mismatch", "target_missed"} <= kinds, name
    assert by_ind[ROAD] >= {"target_missed", "missing_deviation_reason", "self_score_inflated"}
    assert by_ind["农村公路优良路率"] == {"unsupported_score"}
    assert by_ind["农村劳动力技能培训人次"] == {"unit_mismatch"}
    assert by_ind["项目完工时间"] == {"not_reported"}
    assert by_ind["群众满意度"] == {"unsupported_score"}
    assert by_ind[None] >= {"low_budget_execution", "self_score_inflated"}
    for f in res.flags:
        if f.type == "missing_deviation_reason":
            assert f.indicator in by_ind and "target_missed" in by_ind[f.indicator]


def test_flag_ids_stable_and_unique() -> None:
    first, second = run(_busy_case()), run(_busy_case())
    ids = [f.id for f in first.flags]
    assert ids == [f.id for f in second.flags]
    assert len(ids) == len(set(ids))
    assert all(f.message and f.evidence for f in first.flags)


# --------------------------------------------------------------------------- real-document shapes


def test_a_month_deadline_answered_with_a_month_is_compared_as_dates() -> None:
    """ce04 (安徽金寨, 部门整体自评表): 时效指标 `9月前` answered `7月`, `11月前` answered `12月`: no year on either."""
    from docreview.normalize import parse_quantity

    early = ind("完成美丽宜居自然村庄验收时间", parse_quantity("9月前"), level2="时效指标", weight=5)
    late = ind("完成户用卫生厕所改造验收时间", parse_quantity("11月前"), level2="时效指标", weight=5)
    res = run(case([early, late], [claim("完成美丽宜居自然村庄验收时间", parse_quantity("7月"), weight=5, self_score=5),
                                   claim("完成户用卫生厕所改造验收时间", parse_quantity("12月"), weight=5, self_score=5)]))
    assert not flags(res, "unit_mismatch")
    by_name = {r.name: r for r in res.results}
    assert by_name["完成美丽宜居自然村庄验收时间"].status == "met"
    assert by_name["完成户用卫生厕所改造验收时间"].status == "missed"
    assert [f.indicator for f in flags(res, "target_missed")] == ["完成户用卫生厕所改造验收时间"]


def test_two_figures_of_one_sentence_under_one_word_are_not_inconsistent() -> None:
    """sw04 (重庆奉节): `新建晾晒房1座，占地300平方米…新建厕所1个，占地13.5平方米` lists two things, not one twice."""
    sentence = Span(file=REPORT_FILE, block=4, row=4, col=1, quote="…")
    first = claim("占地", num(300, "平方米"), kind="prose").model_copy(update={"span": sentence})
    second = claim("占地", num(13.5, "平方米"), kind="prose").model_copy(update={"span": sentence})
    assert not flags(run(case([], [first, second], has_policy=False)), "inconsistent_values", None)
    # in different paragraphs, a two-character word is still no quantity's name; a real name is compared
    elsewhere = claim("占地", num(320, "平方米"), kind="prose").model_copy(
        update={"span": Span(file=REPORT_FILE, block=9, quote="…")})
    assert not flags(run(case([], [first, elsewhere], has_policy=False)), "inconsistent_values")
    named = [claim("晾晒房占地面积", num(v, "平方米"), kind="prose").model_copy(
        update={"span": Span(file=REPORT_FILE, block=b, quote="…")}) for v, b in ((300, 4), (320, 9))]
    assert flags(run(case([], named, has_policy=False)), "inconsistent_values")


def test_a_satisfaction_rate_above_100_percent_is_a_unit_mismatch_not_an_overachievement() -> None:
    """ce01 (湖北): 退捕渔民抽样调查满意度 target 90%, actual `290%` (a garbled ≥90%): a share cannot exceed 100%."""
    i = ind("退捕渔民抽样调查满意度", num(90, "%"), level1="效益指标", level2="服务对象满意度", weight=40)
    res = run(case([i], [claim("退捕渔民抽样调查满意度", num(290, "%"), weight=40, self_score=40)]))
    assert [f.indicator for f in flags(res, "unit_mismatch")] == ["退捕渔民抽样调查满意度"]
    assert not flags(res, "overachieved") and not flags(res, "target_missed")
    growth = ind("农民人均可支配收入增长率", num(5, "%"), level1="效益指标", level2="经济效益指标", weight=10)
    assert not flags(run(case([growth], [claim("农民人均可支配收入增长率", num(120, "%"), weight=10)])), "unit_mismatch")


def test_a_target_sentence_is_no_deviation_reason() -> None:
    """xa07 (安徽): `…年初指标值为不低于85%` holds 低于 but states a target; it explains no miss."""
    i = ind("有需求的困难残疾人得到基本康复服务比例", num(85, "%"), level2="质量指标", weight=10)
    row = claim("有需求的困难残疾人得到基本康复服务比例", num(80, "%"), weight=10, self_score=8)
    target_only = claim("有需求的困难残疾人得到基本康复服务比例", None, kind="prose",
                        text="有需求的困难残疾人得到基本康复服务比例，年初指标值为不低于85%")
    res = run(case([i], [row, target_only]))
    assert [f.indicator for f in flags(res, "missing_deviation_reason")] == ["有需求的困难残疾人得到基本康复服务比例"]


def test_figures_of_another_unit_family_are_not_a_second_actual() -> None:
    """xc07 (四川旺苍): the row of a 37个 target also holds the funds (2300.67万元, 471.23元): no inconsistent_values."""
    i = ind("基层医疗卫生机构实施基本药物制度补助", num(37, "个"), level2="质量指标")
    row = claim("基层医疗卫生机构实施基本药物制度补助", num(100, "%"))
    funds = [claim("基层医疗卫生机构实施基本药物制度补助", num(2300.67, "万元"), kind="prose"),
             claim("基层医疗卫生机构实施基本药物制度补助", num(471.23, "元"), kind="prose")]
    res = run(case([i], [row, *funds], has_policy=False))
    assert not flags(res, "inconsistent_values")
    assert [f.indicator for f in flags(res, "unit_mismatch")] == ["基层医疗卫生机构实施基本药物制度补助"]


@pytest.mark.parametrize(("target", "vague"), [
    ("本着节约的原则,控制在预算中。", True),   # xa01 (安徽裕安): a cost bounded by words only
    ("符合相关规定", True),
    ("不超预算", False),                       # rs4: bounded by the budget the form states
    ("≤65万元", False),
])
def test_a_cost_target_of_words_is_vague_unless_it_is_bounded_by_the_budget(target: str, vague: bool) -> None:
    from docreview.normalize import parse_quantity

    i = ind("项目成本控制在预算内", parse_quantity(target), level2="成本指标", target_text=target)
    assert bool(flags(run(case([i], [])), "vague_target")) is vague


def test_form_weights_of_100_leave_the_budget_no_weight() -> None:
    """xa02 (四川 普惠金融): 分值 20/20/10/10/10/10/10/5/5 = 100 and no budget weight on the form; the funds
    (208万元, 109.8 used) are checked, but the total stays out of 100 and is rated."""
    inds = [ind(f"指标{n}", num(10, "个"), weight=w) for n, w in enumerate([20, 20, 10, 10, 10, 10, 10, 5, 5])]
    claims = [claim(f"指标{n}", num(10, "个"), weight=w, self_score=w)
              for n, w in enumerate([20, 20, 10, 10, 10, 10, 10, 5, 5])]
    res = run(case(inds, claims, budget_lines=[budget("项目资金", adjusted=208, executed=109.8)]))
    assert res.score.budget_weight == 0 and res.score.computed_total == 100 and res.score.rating == "优"
    assert flags(res, "low_budget_execution", None)


# --------------------------------------------------------------------------- issue 11: local variants


def _profile_file(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text("extends: default\n" + body, encoding="utf-8")
    return str(path)


def test_partial_band_without_self_score_scores_below_the_achieved_floor() -> None:
    # 部分达成 is [0.6w, 0.8w): with no self score the rule gives the band's top, 7.99 on 10, never 8
    name = "对维护基建市场公平的影响程度"
    i = ind(name, word("效果明显"), level1="效益指标", level2="社会效益指标")
    res = one(i, claim(name, word("部分达成预期指标"), weight=10))
    assert result(res, name).rule_score == 7.99
    hubei = one(i, claim(name, word("未达成预期指标"), weight=10, reason="因资金未到位"), "hubei")
    assert result(hubei, name).rule_score == 4.99  # 未达成 [0, 0.5w)


def test_missed_deadline_band_and_proportional_modes(tmp_path: Path) -> None:
    import datetime as dt

    name = "项目完工时间"
    i = ind(name, day(2024, 6, 30), level2="时效指标")  # planned: 2024-01-01 → 06-30 = 181 days
    proportional = _profile_file(tmp_path, "prop", "time_miss: proportional\n")

    def score(days_late: int, profile: str) -> float | None:
        d = dt.date(2024, 6, 30) + dt.timedelta(days=days_late)
        c = claim(name, day(d.year, d.month, d.day, explicit=False), weight=10, reason="因设计变更延期")
        return result(one(i, c, profile), name).rule_score

    # proportional: 10 × (1 − late/181): 1 day 9.94, 30 days 8.34, 100 days 4.48, 300 days 0
    assert [score(n, proportional) for n in (1, 30, 100, 300)] == [9.94, 8.34, 4.48, 0.0]
    # band (default): the same credit clamped into 部分达成 [6, 8)
    assert [score(n, "default") for n in (1, 30, 100, 300)] == [7.99, 7.99, 6.0, 6.0]
    assert load_profile(proportional).time_miss == "proportional" and load_profile("default").time_miss == "band"
    # a duration limit keeps its reverse rule; proportional does not cap it: ≤10 answered 11 → 9
    i10 = ind("审批办结时间", dur(10, "个工作日"), level2="时效指标")
    c11 = claim("审批办结时间", dur(11, "个工作日"), weight=10, reason="因材料补正延迟")
    assert result(one(i10, c11, proportional), "审批办结时间").rule_score == 9.0


@pytest.mark.parametrize(("executed", "default_score", "threshold_score"), [
    (95, 9.5, 10.0),   # at or above 90%: full marks
    (90, 9.0, 10.0),
    (89.5, 8.95, 9.5),  # 0.5 points short: −0.5
    (85, 8.5, 5.0),    # 5 points short: −5
    (70, 7.0, 0.0),    # 20 points short: floor 0
])
def test_budget_mode_threshold(tmp_path: Path, executed: float, default_score: float,
                               threshold_score: float) -> None:
    line = [budget("项目资金", adjusted=100, executed=executed)]
    assert run(case([], [], budget_lines=line)).score.budget_score == default_score
    prof = _profile_file(tmp_path, "thr", "budget_mode: threshold\n")
    assert run(case([], [], budget_lines=line), prof).score.budget_score == threshold_score


def test_budget_threshold_bands_per_point_and_floor(tmp_path: Path) -> None:
    prof = _profile_file(tmp_path, "bands", "budget_mode: threshold\nbudget_threshold:\n"
                                            "  bands: [[0.8, 0.8], [0.95, 1.0]]\n  per_point: 0.5\n  floor: 2\n")
    assert load_profile(prof).budget_threshold.bands == [(0.95, 1.0), (0.8, 0.8)]  # highest first

    def score(executed: float) -> float | None:
        return run(case([], [], budget_lines=[budget("项目资金", adjusted=100, executed=executed)]),
                   prof).score.budget_score

    # ≥95% → 10; ≥80% → 8; 70%: 8 − 0.5 × 10 = 3; 50%: 8 − 15 → floor 2
    assert [score(x) for x in (96, 90, 70, 50)] == [10.0, 8.0, 3.0, 2.0]


def test_budget_reasons_only_where_the_profile_asks() -> None:
    low = budget("项目资金", adjusted=100, executed=80, prose="项目预算100万元，全年执行80万元。")
    explained = budget("项目资金", adjusted=100, executed=80,
                       prose="项目预算100万元，全年执行80万元，主要原因是部分工程受汛期影响推迟。")
    res = run(case([], [], budget_lines=[low]), "sichuan")
    (f,) = flags(res, "missing_deviation_reason", None)
    assert f.severity == "medium" and "80.00%" in f.message
    assert flags(res, "low_budget_execution", None)
    assert not flags(run(case([], [], budget_lines=[explained]), "sichuan"), "missing_deviation_reason")
    assert not flags(run(case([], [], budget_lines=[low])), "missing_deviation_reason")  # default: off


def test_budget_adjustment_needs_a_reason_under_sichuan() -> None:
    adjusted = [budget("项目资金", initial=200, adjusted=240, executed=238)]  # 99.17%: only the adjustment
    res = run(case([], [], budget_lines=adjusted), "sichuan")
    (f,) = flags(res, "missing_deviation_reason", None)
    assert "200" in f.message and "240" in f.message and f.inputs["initial"] == 200
    why = budget("项目资金", initial=200, adjusted=240, executed=238,
                 prose="年初预算200万元，年中追加40万元用于应急抢修，调整后预算240万元，执行238万元。")
    assert not flags(run(case([], [], budget_lines=[why]), "sichuan"), "missing_deviation_reason")
    assert not flags(run(case([], [], budget_lines=adjusted)), "missing_deviation_reason")


def test_execution_above_budget_is_arithmetic_error_unless_explained() -> None:
    over = run(case([], [], budget_lines=[budget("项目资金", adjusted=100, executed=104)]))
    (f,) = flags(over, "arithmetic_error", None)
    assert f.severity == "high" and "104" in f.message and f.inputs["difference"] == 4
    assert over.score.budget_score == 10
    explained = budget("项目资金", adjusted=100, executed=104,
                       prose="项目预算100万元，实际支出104万元，超出部分因使用上年结转资金。")
    assert not flags(run(case([], [], budget_lines=[explained])), "arithmetic_error")
    within = run(case([], [], budget_lines=[budget("项目资金", adjusted=100, executed=100.05)]))
    assert not flags(within, "arithmetic_error")  # within amount_tolerance


def test_overachievement_reason_factor_under_guangxi() -> None:
    name = "基建工程委托业务项目数量"
    i = ind(name, num(50, "个", ">="))
    # 70 = 1.4 × 50: guangxi (factor 1.3) asks a reason; default does not, and 1.4 < 1.5 is not overachieved
    gx = one(i, claim(name, num(70, "个"), weight=8, self_score=8), "guangxi")
    (f,) = flags(gx, "missing_deviation_reason")
    assert f.indicator == name and "1.40倍" in f.message
    assert not flags(gx, "overachieved") and not flags(gx, "target_missed")
    assert not flags(one(i, claim(name, num(70, "个"), weight=8, self_score=8)), "missing_deviation_reason")
    given = one(i, claim(name, num(70, "个"), weight=8, self_score=8, reason="因上级追加任务"), "guangxi")
    assert not flags(given, "missing_deviation_reason")
    below = one(i, claim(name, num(64, "个"), weight=8, self_score=8), "guangxi")  # 1.28×
    assert not flags(below, "missing_deviation_reason")
    both = one(i, claim(name, num(75, "个"), weight=8, self_score=8), "guangxi")
    assert {f.type for f in both.flags} == {"overachieved", "missing_deviation_reason"}


def test_execution_above_budget_is_one_flag_for_the_budget() -> None:
    # realdocs ce04: 年度资金总额 and 其中:当年财政拨款 both 329.77 → 338.31: one fact, one flag on the total
    lines = [budget("年度资金总额", initial=329.77, adjusted=329.77, executed=338.31),
             budget("其中:当年财政拨款", total=False, initial=329.77, adjusted=329.77, executed=338.31)]
    (f,) = flags(run(case([], [], budget_lines=lines)), "arithmetic_error", None)
    assert f.message.startswith("年度资金总额") and f.inputs["lines"] == 2 and len(f.evidence) == 2



def test_budget_figures_without_an_execution_rate_leave_the_total_partial_and_unrated() -> None:
    """tb01 (a 甘肃 report): 下达资金200万元 and nothing spent or paid — the budget part of the total cannot be
    computed, so the review shows the partial total and gives no 优/良/中/差 (domain.md §4)."""
    a = "项目验收合格率"
    inds = [ind(a, num(100, "%"), level2="质量指标")]
    claims = [claim(a, num(100, "%"), weight=90)]
    allocated = run(case(inds, claims, budget_lines=[budget("项目资金", adjusted=200, prose="下达资金200万元。")]))
    assert allocated.score.budget_score is None and allocated.score.computed_total == 90
    assert allocated.score.rating is None
    assert allocated.score.not_rated is not None and "预算执行率无法计算" in allocated.score.not_rated
    spent = run(case(inds, claims, budget_lines=[budget("项目资金", adjusted=200, executed=200,
                                                        prose="下达资金200万元，已全部支付。")]))
    assert spent.score.budget_score == 10 and spent.score.rating == "优" and spent.score.not_rated is None
