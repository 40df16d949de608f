"""ta01 (北京市海淀区学院路街道, 2016 项目支出绩效自评表): a 得分计算方法 column beside the real 得分 column, and a
budget header cell ``分值(10分)``.

The cells are the ones ``docreview`` reads from corpus/real/ta01_xueyuanlu_2016_daolubaojie/report.docx (merged
cells come out empty).  What a reviewer reads there: 得分计算方法 holds how the score is computed (text), 得分 holds
the score; ``分值(10分)`` heads the budget rows' weight column and is no 一级 group total.
"""

from __future__ import annotations

from builders import doc, table
from docreview.extract import extract_report
from docreview.extract.columns import header_layout
from docreview.models import ScoringInput
from docreview.score import load_profile, score_review

BUDGET_HEADER = ["项目资金(万元)", "", "年初预算数(A)", "全年执行数(B)", "分值(10分)", "执行率(B/A)", "得分", "得分计算方法",
                 "", ""]
BUDGET_ROWS = [
    ["", "年度资金总额:", "310.2", "154.74", "10", "50%", "5", "执行率*该指标分值,最高不得超过分值上限。", "", ""],
    ["", "其中:本年一般公共预算拨款", "310.2", "154.74", "", "", "", "", "", ""],
    ["", "其他资金", "", "", "", "", "", "", "", ""],
]
INDICATOR_HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值(A)", "全年实际值(B)", "得分计算方法",
                    "得分", "未完成原因分析"]
INDICATOR_ROW = ["", "产出指标(50分)", "数量指标", "是否完成绩效目标申报表中申报的数量", "12.5", "12.5", "12.5",
                 "完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。", "12.5", ""]
NAME = "是否完成绩效目标申报表中申报的数量"


def _roles(rows: list[list[str]], r: int = 0) -> dict[str, int]:
    layout = header_layout(table(0, rows).rows, r)
    assert layout is not None, "no header found"
    return {role: c for c, role in layout.roles.items() if role != "ignore"}


def _form() -> list[list[str]]:
    return [BUDGET_HEADER, *BUDGET_ROWS, INDICATOR_HEADER, INDICATOR_ROW]


def test_score_method_column_is_text_and_the_score_column_is_the_score() -> None:
    roles = _roles([INDICATOR_HEADER, INDICATOR_ROW])
    assert roles["score"] == 8  # 得分, not 得分计算方法 (column 7)
    assert 7 not in roles.values()
    assert (roles["weight"], roles["target"], roles["actual"], roles["reason"]) == (4, 5, 6, 9)


def test_a_score_header_over_sentences_is_not_the_score_column() -> None:
    """Content decides when the header words do not: 得分说明 over a scoring sentence (one row, as in ta01's
    capture) is no score column, the 得分 column beside it is."""
    header = [*INDICATOR_HEADER[:7], "得分说明", *INDICATOR_HEADER[8:]]
    roles = _roles([header, INDICATOR_ROW])
    assert roles["score"] == 8
    assert 7 not in roles.values()


def test_the_row_reads_its_score_from_the_score_column() -> None:
    rx = extract_report(doc(table(0, _form())))
    row = next(c for c in rx.claims if c.name == NAME)
    assert (row.weight, row.self_score) == (12.5, 12.5)
    assert row.target_text == "12.5" and row.actual_text == "12.5"
    assert row.reason in (None, "")


def test_budget_score_method_column_is_no_score_column() -> None:
    header = [c for c in BUDGET_HEADER if c != "得分"] + [""]
    roles = _roles([header, *(r[:6] + r[7:] + [""] for r in BUDGET_ROWS)])
    assert "score" not in roles  # 得分计算方法 alone is no 得分
    assert (roles["initial"], roles["executed"], roles["weight"], roles["rate"]) == (2, 3, 4, 5)


def test_weight_column_header_is_no_group_total() -> None:
    rx = extract_report(doc(table(0, _form())))
    assert [(t.kind, t.level1, t.value) for t in rx.totals] == [("level1_weight", "产出指标", 50)]
    total = next(b for b in rx.budget if b.label.startswith("年度资金总额"))
    assert (total.weight, total.self_score) == (10, 5)


def test_no_arithmetic_error_on_the_budget_weight_header() -> None:
    rx = extract_report(doc(table(0, _form())))
    res = score_review(ScoringInput(indicators=[], claims=rx.claims, matches=[], budget=rx.budget, totals=rx.totals,
                                    has_policy=False), load_profile("default"))
    messages = [f.message for f in res.flags if f.type == "arithmetic_error"]
    assert not any("分值：" in m for m in messages), messages
    # the capture stops after the first 产出 row: 12.5 against 产出指标(50分) is what the file shows
    assert any(m.startswith("产出指标：") for m in messages), messages
    assert any(f.type == "low_budget_execution" for f in res.flags)
