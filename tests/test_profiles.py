"""The bundled scoring profiles (issue 11): each loads, says what it follows, and applies its distinctive rule
on a small case; ``docreview profiles`` lists them; a labelled case's ``"profile"`` is the one the eval uses.

Expected figures are worked out by hand from the profiles' YAML and domain.md §4/§5.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from builders import budget, claim, ind, num
from docreview.evaluate import evaluate_corpus
from docreview.models import Indicator, Match, ScoringInput, ScoringResult
from docreview.score import list_profiles, load_profile, score_review
from docreview.settings import Settings

PROFILES_DIR = Path(__file__).resolve().parents[1] / "src" / "docreview" / "profiles"


def _run(indicators: list[Indicator], claims: list, profile: str, budget_lines: list | None = None) -> ScoringResult:
    matches = [Match(indicator_id=i.id, claim_id=next((c.id for c in claims if c.name == i.name), None),
                     method="row_name", score=1.0) for i in indicators]
    inp = ScoringInput(indicators=indicators, claims=claims, matches=matches, budget=budget_lines or [])
    return score_review(inp, load_profile(profile))


def _four_groups(profile: str) -> dict[str, float]:
    """Weights the profile gives one indicator per 一级 group (no form weights), and the budget weight."""
    rows = [("图书购置数量", "产出指标", "数量指标"), ("购置成本", "成本指标", "经济成本指标"),
            ("图书借阅人次增长", "效益指标", "社会效益指标"), ("读者满意度", "满意度指标", "服务对象满意度指标")]
    indicators = [ind(n, num(10, "个", ">="), level1=l1, level2=l2) for n, l1, l2 in rows]
    claims = [claim(n, num(10, "个")) for n, _l1, _l2 in rows]
    res = _run(indicators, claims, profile, [budget("项目资金", adjusted=100, executed=95)])
    out = {r.level1 or "": r.weight for r in res.results}
    out["预算执行"] = res.score.budget_weight
    return out


def _default(profile: str) -> None:
    # 10号: budget 10, min(rate, 1) × 10 = 8.5 at 85%; no reason asked for the budget
    res = _run([], [], profile, [budget("项目资金", adjusted=100, executed=85)])
    assert res.score.budget_weight == 10 and res.score.budget_score == 8.5
    assert {f.type for f in res.flags} == {"low_budget_execution"}


def _hubei(profile: str) -> None:
    # 20 + 80: budget 0.85 × 20 = 17; ≤90万元 answered 100万元, ratio: 10 × 90/100 = 9 (linear would give 8.89)
    name = "项目总成本"
    res = _run([ind(name, num(90, "万元", "<="), level2="成本指标", weight=10)],
               [claim(name, num(100, "万元"), weight=10, reason="因材料涨价")], profile,
               [budget("项目资金", adjusted=100, executed=85)])
    assert res.score.budget_weight == 20 and res.score.budget_score == 17
    assert res.results[0].rule_score == 9.0


def _sichuan(profile: str) -> None:
    # reasons required: 85% without a reason, and 年初100 → 调整后100 (no adjustment): one budget reason flag
    res = _run([], [], profile, [budget("项目资金", initial=100, adjusted=100, executed=85)])
    assert res.score.budget_weight == 10
    assert [(f.type, f.indicator) for f in res.flags if f.type == "missing_deviation_reason"] == [
        ("missing_deviation_reason", None)]
    adjusted = _run([], [], profile, [budget("项目资金", initial=100, adjusted=120, executed=119)])
    assert [f.type for f in adjusted.flags] == ["missing_deviation_reason"]


def _guangxi(profile: str) -> None:
    # 65 = 1.3 × 50 with no reason: missing_deviation_reason (not yet overachieved at 1.5)
    name = "培训人次"
    res = _run([ind(name, num(50, "人次", ">="))], [claim(name, num(65, "人次"), weight=10, self_score=10)],
               profile)
    assert [(f.type, f.indicator) for f in res.flags] == [("missing_deviation_reason", name)]


def _cost_level1(profile: str) -> None:
    # 成本 is its own 一级 (101号): 产出40 / 成本10 / 效益30 / 满意度10, budget 10
    assert _four_groups(profile) == {"产出指标": 40, "成本指标": 10, "效益指标": 30, "满意度指标": 10,
                                     "预算执行": 10}


def _henan(profile: str) -> None:
    # 成本10 / 产出30 / 效益25 / 满意度5 as 一级, budget 30: the form adds up to 100
    assert _four_groups(profile) == {"产出指标": 30, "成本指标": 10, "效益指标": 25, "满意度指标": 5,
                                     "预算执行": 30}


def _budget_threshold(profile: str) -> None:
    # ≥90% full, −1 per point below, floor 0: 86% → 10 − 4 = 6 (proportional would give 8.6); 75% → 0 … 10 − 15 → 0
    res = _run([], [], profile, [budget("项目资金", adjusted=100, executed=86)])
    assert res.score.budget_weight == 10 and res.score.budget_score == 6
    assert _run([], [], profile, [budget("项目资金", adjusted=100, executed=75)]).score.budget_score == 0


DISTINCTIVE: dict[str, Callable[[str], None]] = {
    "default": _default, "hubei": _hubei, "sichuan": _sichuan, "guangxi": _guangxi,
    "cost-level1": _cost_level1, "henan-2024": _henan, "budget-threshold": _budget_threshold,
}


def test_every_bundled_profile_has_a_distinctive_case() -> None:
    assert set(list_profiles()) == set(DISTINCTIVE)


@pytest.mark.parametrize("name", sorted(DISTINCTIVE))
def test_bundled_profile_loads_cites_its_source_and_applies_its_rule(name: str) -> None:
    prof = load_profile(name)
    assert prof.name == name and prof.description
    text = (PROFILES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    first_comment = text.split("\n", 1)[0]
    assert first_comment.startswith("#") and re.search(r"号|式|form|表", first_comment)
    weights = prof.budget_weight + sum(prof.level1_weights.values())
    assert weights == 100, f"{name}: budget + 一级 weights add up to {weights}"
    DISTINCTIVE[name](name)


def test_default_case_is_not_changed_by_the_new_rules() -> None:
    # the default profile raises no budget reason, overachievement reason or threshold score
    prof = load_profile("default")
    assert (prof.budget_mode, prof.time_miss, prof.budget_reasons, prof.overachieved_reason_factor) == (
        "proportional", "band", False, None)


def test_cli_lists_profiles_one_line_each(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    env["DOCREVIEW_WORKSPACE"] = str(tmp_path / "ws")
    proc = subprocess.run([sys.executable, "-m", "docreview.cli", "profiles"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert [line.split()[0] for line in lines] == sorted(DISTINCTIVE)
    for line in lines:
        name = line.split()[0]
        assert load_profile(name).description in line


# --------------------------------------------------------------------------- the eval uses a case's profile

REPORT = """# 某县图书馆2024年度阅读推广项目绩效自评报告

## 一、预算执行情况

项目全年预算100万元，实际支出98万元，预算执行率98%。

## 二、绩效指标完成情况

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析 |
|---|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 阅读推广活动场次 | ≥50场 | 70场 | 50 | 50 |  |
| 效益指标 | 社会效益指标 | 图书借阅人次 | ≥2万人次 | 2.1万人次 | 30 | 30 |  |
| 满意度指标 | 服务对象满意度指标 | 读者满意度 | ≥90% | 93% | 10 | 10 |  |
"""


def _case(root: Path, name: str, profile: str | None) -> None:
    case = root / name
    case.mkdir(parents=True)
    (case / "report.md").write_text(REPORT, encoding="utf-8")
    labels: dict[str, object] = {
        "indicators": [{"name": "阅读推广活动场次", "target": "≥50场"}],
        "actuals": [{"indicator": "阅读推广活动场次", "value": "70场"}],
        # 70 = 1.4 × 50 with an empty reason: a flag under guangxi (factor 1.3) only
        "flags": [{"type": "missing_deviation_reason", "indicator": "阅读推广活动场次"}],
    }
    if profile is not None:
        labels["profile"] = profile
    (case / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")


def test_eval_scores_a_case_by_the_profile_its_labels_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _case(corpus, "c1_guangxi", "guangxi")
    _case(corpus, "c2_default", None)
    _case(corpus, "c3_unknown", "zhejiang")
    report = evaluate_corpus(corpus, settings=Settings(workspace=tmp_path / "ws"), mode="bm25")
    by_id = {c.id: c for c in report.cases}
    guangxi, default, unknown = by_id["c1_guangxi"], by_id["c2_default"], by_id["c3_unknown"]
    assert guangxi.error is None and default.error is None
    assert [(f.type, f.indicator) for f in guangxi.true_positives] == [
        ("missing_deviation_reason", "阅读推广活动场次")]
    assert not guangxi.misses
    assert not default.true_positives and [m.type for m in default.misses] == ["missing_deviation_reason"]
    assert unknown.error is not None and "zhejiang" in unknown.error
