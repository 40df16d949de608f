"""The eval's metric code: label matching (domain.md §6) and precision/recall, computed by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docreview.evaluate import (
    CaseResult,
    FlagOutcome,
    LabelFlag,
    aggregate,
    find_cases,
    load_case,
    match_flags,
    names_match,
    prf,
    values_match,
)


def out(type_: str, indicator: str | None) -> FlagOutcome:
    return FlagOutcome(type=type_, indicator=indicator)


def lab(type_: str, indicator: str | None, optional: bool = False) -> LabelFlag:
    return LabelFlag(type=type_, indicator=indicator, optional=optional)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("新改建农村公路里程", "新改建农村公路里程", True),
        ("新改建农村公路", "新改建农村公路里程", True),  # one contains the other
        ("指标1:群众满意度", "群众满意度", True),  # leading 指标1: dropped
        ("群众满意度（%）", "群众 满意度", True),
        ("“最多跑一次”事项占比", "最多跑一次事项占比", True),  # punctuation dropped
        ("ＡＢＣ达标率", "ABC达标率", True),  # full width
        ("群众满意度", "办结信访案件", False),
        (None, None, True),
        ("群众满意度", None, False),
    ],
)
def test_names_match(a: str | None, b: str | None, expected: bool) -> None:
    assert names_match(a, b) is expected


def test_prf_by_hand() -> None:
    m = prf(3, 1, 2)
    assert m.precision == pytest.approx(0.75)
    assert m.recall == pytest.approx(0.6)
    assert m.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert m.support == 5
    empty = prf(0, 0, 0)
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 1.0, 1.0)
    assert prf(0, 2, 0).precision == 0.0


def test_each_label_matched_at_most_once() -> None:
    produced = [out("target_missed", "群众满意度"), out("target_missed", "群众满意度")]
    tp, fp, missed = match_flags(produced, [lab("target_missed", "群众满意度")])
    assert len(tp) == 1 and len(fp) == 1 and missed == []


def test_type_and_indicator_must_both_match() -> None:
    produced = [out("target_missed", "群众满意度"), out("not_reported", "办结信访案件"),
                out("low_budget_execution", None)]
    labels = [lab("target_missed", "办结信访案件"), lab("not_reported", "办结信访案件"),
              lab("low_budget_execution", None)]
    tp, fp, missed = match_flags(produced, labels)
    assert [(f.type, f.indicator) for f in tp] == [("not_reported", "办结信访案件"), ("low_budget_execution", None)]
    assert [(f.type, f.indicator) for f in fp] == [("target_missed", "群众满意度")]
    assert [(m.type, m.indicator) for m in missed] == [("target_missed", "办结信访案件")]


def test_optional_labels_neither_count_nor_miss() -> None:
    labels = [lab("overachieved", "送戏下乡演出场次", optional=True), lab("vague_target", "改善人居环境", optional=True)]
    tp, fp, missed = match_flags([out("overachieved", "送戏下乡演出场次")], labels)
    assert tp == [] and fp == [] and missed == []


def test_required_label_wins_over_optional_twin() -> None:
    labels = [lab("target_missed", "群众满意度", optional=True), lab("target_missed", "群众满意度")]
    tp, fp, missed = match_flags([out("target_missed", "群众满意度")], labels)
    assert len(tp) == 1 and missed == []


def test_aggregate_by_type_hand_computed() -> None:
    a = CaseResult(id="a", seconds=1.0, true_positives=[out("target_missed", "x"), out("not_reported", "y")],
                   false_positives=[out("target_missed", "z")], misses=[], indicators_found=3,
                   indicators_expected=4, actuals_correct=2, actuals_expected=2)
    b = CaseResult(id="b", seconds=3.0, true_positives=[], false_positives=[],
                   misses=[lab("not_reported", "w")], indicators_found=2, indicators_expected=2,
                   actuals_correct=1, actuals_expected=2)
    report = aggregate([a, b], corpus="c", mode="hybrid", profile=None, seconds=4.0)
    assert report.flags.tp == 2 and report.flags.fp == 1 and report.flags.fn == 1
    assert report.flags.precision == pytest.approx(2 / 3)
    assert report.flags.recall == pytest.approx(2 / 3)
    tm = report.flags.by_type["target_missed"]
    assert (tm.precision, tm.recall, tm.support) == (pytest.approx(0.5), 1.0, 1)
    nr = report.flags.by_type["not_reported"]
    assert (nr.precision, nr.recall, nr.support) == (1.0, pytest.approx(0.5), 2)
    assert report.indicators.recall == pytest.approx(5 / 6)
    assert report.actuals.accuracy == pytest.approx(3 / 4)
    assert report.seconds_per_case == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("label", "produced", "expected"),
    [
        ("345人次", "345人次", True),
        ("345人次", "三百四十五人次", True),
        ("2.5万吨", "25000吨", True),
        ("87.5%", "百分之八十七点五", True),
        ("108公里", "120公里", False),
        ("345人次", "345人", False),
        ("达成预期指标", "达成预期指标", True),
    ],
)
def test_values_match(label: str, produced: str, expected: bool) -> None:
    assert values_match(label, produced) is expected


def test_load_case_layout(tmp_path: Path) -> None:
    case = tmp_path / "c01"
    case.mkdir()
    (case / "policy_目标表.docx").write_bytes(b"x")
    (case / "report.pdf").write_bytes(b"x")
    (case / "report_2.txt").write_text("x", encoding="utf-8")
    (case / "notes.yaml").write_text("x", encoding="utf-8")
    (case / "labels.json").write_text(json.dumps({"indicators": [], "actuals": [], "flags": [
        {"type": "low_budget_execution", "indicator": None}]}), encoding="utf-8")
    (tmp_path / "not_a_case").mkdir()
    assert [p.name for p in find_cases(tmp_path)] == ["c01"]
    loaded = load_case(case)
    assert [p.name for p in loaded.policies] == ["policy_目标表.docx"]
    assert [p.name for p in loaded.reports] == ["report.pdf", "report_2.txt"]
    assert loaded.labels.flags[0].indicator is None
