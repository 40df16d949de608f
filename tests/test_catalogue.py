"""The flag catalogue (docreview.models.FLAGS) is the one place a flag code is defined: every code has a
Chinese name, rule text, a default severity and a report-level mark, and every reader takes them from there."""

from __future__ import annotations

import pytest

from docreview.explain import check_grounding
from docreview.explain.rule_text import RULE_TEXT
from docreview.models import (
    FLAG_RULE_ZH,
    FLAG_TYPES,
    FLAG_ZH,
    FLAGS,
    SEVERITY_ORDER,
    SEVERITY_ZH,
    Evidence,
    Flag,
)
from docreview.store.records import SEVERITY_ORDER as STORE_SEVERITY_ORDER


def test_every_code_is_catalogued_with_name_rule_and_severity() -> None:
    assert tuple(FLAGS) == FLAG_TYPES
    for code, spec in FLAGS.items():
        assert spec.code == code
        assert spec.name_zh and all("\u4e00" <= ch <= "\u9fff" for ch in spec.name_zh), code
        assert len(spec.rule) > 15 and not any(ch.isdigit() for ch in spec.rule), code  # thresholds live in inputs
        assert spec.severity in SEVERITY_ORDER
    assert FLAG_ZH == {c: s.name_zh for c, s in FLAGS.items()}
    assert FLAG_RULE_ZH == {c: s.rule for c, s in FLAGS.items()}
    assert len(set(FLAG_ZH.values())) == len(FLAG_ZH)  # a reviewer can tell every type apart


def test_every_code_has_rule_text() -> None:
    assert set(RULE_TEXT) == set(FLAGS)
    for code, spec in FLAGS.items():
        # the least a rule can raise: no inputs, no evidence
        flag = Flag(id="x", type=code, indicator=None if spec.report_level else "某指标",  # type: ignore[arg-type]
                    severity=spec.severity, message="规则结论", inputs={})
        parts = RULE_TEXT[code](flag)
        assert parts.policy.strip() and parts.report.strip() and parts.why.strip(), code
        assert parts.checks and all(c.strip() for c in parts.checks), code


def test_report_level_flags_are_the_budget_and_whole_report_ones() -> None:
    assert {c for c, s in FLAGS.items() if s.report_level} == {"arithmetic_error", "low_budget_execution",
                                                                      "missing_dimension"}


def test_one_severity_order() -> None:
    assert STORE_SEVERITY_ORDER is SEVERITY_ORDER
    assert sorted(SEVERITY_ZH, key=SEVERITY_ORDER.__getitem__) == ["high", "medium", "low"]


def test_evidence_location_text_names_sheet_page_and_row() -> None:
    e = Evidence(side="report", file="自评表.xlsx", sheet="表1", row=2, quote="108公里")
    assert e.where() == "自评表.xlsx 工作表「表1」 第3行"
    assert Evidence(side="policy", file="目标表.pdf", page=2).where() == "目标表.pdf 第2页"


@pytest.mark.parametrize(("model_text", "evidence"), [
    ("全年完成一百五人次", "实际完成150人次"),      # 一百五 is 150, not 105
    ("下达资金三万五元", "下达资金35000元"),        # 三万五 is 35000, not 30005
    ("覆盖兩萬人", "覆盖20000人"),                  # traditional 兩萬 is read
])
def test_grounding_reads_chinese_numerals_with_the_normalize_grammar(model_text: str, evidence: str) -> None:
    result = check_grounding([model_text], [evidence])
    assert result.ok, result.reason
    assert result.numbers_checked >= 1
