"""Round-6 scoring fixes found on real documents (corpus/real/tf01, td01).

- domain.md §4: "No rating for an incomplete total: … with indicators that could not be scored, the review shows
  the partial figures and what is missing, and gives no 优/良/中/差" (tf01: words answering figures, an actual
  no band knows);
- domain.md §7.2 ``direction_error``: a cost with a minimum, the cost read from the row's 二级 (成本指标) as well as
  from its name (td01: ``防疫室84平米 | ≥1050元`` under 成本指标).

Inputs are built directly as models (tests/builders.py), as in tests/test_score.py.
"""

from __future__ import annotations

from builders import budget, claim, ind, num, word
from docreview.models import Claim, Indicator, Match, ScoringInput, ScoringResult
from docreview.score import load_profile, score_review


def _case(indicators: list[Indicator], claims: list[Claim], **kw) -> ScoringInput:
    matches = []
    for i in indicators:
        same = [c for c in claims if c.name == i.name]
        matches.append(Match(indicator_id=i.id, claim_id=same[0].id if same else None,
                             method="row_name" if same else "none", score=1.0 if same else 0.0))
    return ScoringInput(indicators=indicators, claims=claims, matches=matches, **kw)


def _run(inp: ScoringInput) -> ScoringResult:
    return score_review(inp, load_profile("default"))


def _status(res: ScoringResult, name: str) -> tuple[str, float | None]:
    r = next(r for r in res.results if r.name == name)
    return r.status, r.rule_score


# --------------------------------------------------------------------------- no rating for unscored indicators

_SPENT = [budget("合计", adjusted=100, executed=100)]  # rate 100%: budget 10/10


def test_figure_answered_with_a_word_leaves_the_total_partial_and_unrated() -> None:
    """tf01 ``完成率、控制率 | 100% | 按规定执行``: unit_mismatch, no rule score; the review keeps the computed
    figures but gives no rating, naming the one indicator (the not_reported row scores 0 and is scored)."""
    res = _run(_case(
        [ind("诊断准确率", num(95, "%", ">="), weight=45),
         ind("完成率、控制率", num(100, "%"), weight=25),
         ind("医疗文书及时率", num(100, "%"), weight=20)],
        [claim("诊断准确率", num(97, "%"), weight=45, self_score=45),
         claim("完成率、控制率", "按规定执行", weight=25, self_score=25),
         claim("医疗文书及时率", None, weight=20)],
        budget=_SPENT))
    assert _status(res, "完成率、控制率") == ("unscored", None)
    assert _status(res, "医疗文书及时率") == ("not_reported", 0.0)
    assert res.score.budget_score == 10 and res.score.indicator_score == 45
    assert res.score.computed_total == 55  # the partial figure is still shown
    assert res.score.rating is None
    why = res.score.not_rated or ""
    assert why.startswith("1项指标无法按规则计分") and "完成率、控制率" in why and "医疗文书及时率" not in why
    assert "not rated" in why


def test_unknown_qualitative_word_without_self_score_is_counted_as_unscored() -> None:
    """An actual no band knows (``已公开`` against ``按规定公开``) with no self score has no rule score: no
    rating, even though the computed total (65) would be 中."""
    res = _run(_case(
        [ind("信息公开完善", word("按规定公开"), level1="效益指标", level2="社会效益指标", weight=35),
         ind("诊断准确率", num(95, "%", ">="), weight=55)],
        [claim("信息公开完善", word("已公开"), weight=35),
         claim("诊断准确率", num(97, "%"), weight=55, self_score=55)],
        budget=_SPENT))
    assert _status(res, "信息公开完善") == ("qualitative", None)
    assert res.score.computed_total == 65
    assert res.score.rating is None
    assert "1项指标无法按规则计分" in (res.score.not_rated or "")


def test_not_applicable_rows_do_not_block_the_rating_but_unscored_ones_do() -> None:
    """A 不适用 row dropped by the profile is not a row that could not be scored; two word answers are
    counted, with their weights."""
    res = _run(_case(
        [ind("诊断准确率", num(95, "%", ">="), weight=50),
         ind("征地拆迁完成率", num(100, "%"), weight=10),
         ind("结余率", num(5, "%", "<"), weight=15),
         ind("健康档案管理率", num(100, "%"), weight=15)],
        [claim("诊断准确率", num(97, "%"), weight=50, self_score=50),
         claim("征地拆迁完成率", "不适用", weight=10),
         claim("结余率", "达成目标值", weight=15, self_score=15),
         claim("健康档案管理率", "完成", weight=15, self_score=15)],
        budget=_SPENT))
    na = next(r for r in res.results if r.name == "征地拆迁完成率")
    assert na.rule_score is None and na.weight == 0  # dropped, the others rescaled
    assert res.score.rating is None
    why = res.score.not_rated or ""
    assert why.startswith("2项指标无法按规则计分") and "「结余率」「健康档案管理率」" in why
    assert "征地拆迁完成率" not in why


# --------------------------------------------------------------------------- direction_error from the 二级


def _targets(*indicators: Indicator) -> ScoringResult:
    return _run(ScoringInput(indicators=list(indicators), claims=[], matches=[], kind="target", year=2021))


def test_cost_level2_with_a_minimum_is_a_direction_error() -> None:
    """td01: ``防疫室84平米 | ≥1050元`` under 二级 成本指标 -- the name holds no cost word, the level does."""
    res = _targets(
        ind("防疫室84平米", num(1050, "元", ">="), level1=None, level2="成本指标", source="report"),
        ind("饲料库120平米", num(490, "元/平米"), level1=None, level2="成本指标", source="report"),
        ind("节约资金", num(5, "万元", ">="), level1=None, level2="成本指标", source="report"),
        ind("资金使用率", num(95, "%", ">="), level1=None, level2="成本指标", source="report"),
        ind("贫困地区新增特色产业数量", num(1, "个", ">="), level1=None, level2="数量指标", source="report"),
    )
    found = [f for f in res.flags if f.type == "direction_error"]
    assert [f.indicator for f in found] == ["防疫室84平米"]
    assert found[0].inputs["expected_direction"] == "<=" and found[0].inputs["level"] == "成本指标"
    assert "成本指标" in found[0].message and "上限" in found[0].message
