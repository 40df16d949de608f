"""上海市普陀区体育事业管理中心 2022 — 普陀体育中心与委托运营方结算费用, 财政项目支出绩效自评表 (上海).

Source: https://pdf.chddh.cn/archives/48n5zg2zkkjxn27q6rjv.html ("上海市普陀区体育事业管理中心2022年度项目
自评价.pdf", a PDF mirror).  Published as a PDF of several 自评表, one per project; kept: the first table
(page 1) complete.  The second table (援滇对口支援及结对帮扶经费) is cut in the capture before its indicator
values and is left out.

Verbatim: every cell of table 1 as the PDF text gives it (amounts in 元, ``215,457.6`` with a thousands
separator in the total row but ``215457.6`` in the 当年财政拨款 row, ``>=90%``, ``=100%``, ``及时``, the
``—`` placeholders, the 总分 row 100 / 98.62).  The PDF text layer lists the cells column by column; the rows
were re-assembled in the order the form prints them (数量/质量/时效/社会效益/满意度), which is the only order in
which the value groups fit the row names.  Uncertain: which two columns the ``0 0`` of 上年结转资金/其他资金
sit in (put under 年初预算数/全年预算数).  The 预期目标 cell is empty in the text layer and is left empty.
Nothing rewritten (no prose in this file).

Labels (domain.md §4–5, the form's own 分值 win):
- Budget: 215457.6 / 250000 = 86.18% (stated 86.19%, within 0.5 pp) → score 10 × 0.8618 = 8.62 as claimed.
  Rate < 90% → ``low_budget_execution``.  The 偏差原因分析及改进措施 column is empty, but
  ``missing_deviation_reason`` needs a ``target_missed`` indicator, so no label (a reviewer would still ask).
- Indicators: 5 rows, all met (100% vs =100% ×3; 及时 vs 及时; 100% vs >=90%), full 分值 claimed → no score flag.
- Weights 10 + 10 + 20 + 20 + 30 + 10 = 100 = 总分 分值; scores 8.62 + 10 + 20 + 20 + 30 + 10 = 98.62 = 总分 得分.
- 费用结算及时性 has the word ``及时`` as its target, no date or duration: ``vague_target`` optional (a
  时效 indicator with no figure; r05's 提交报告及时性 was treated the same way).
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "ea01_putuo_2022_tiyu_jiesuan"

REPORT = DocSpec(title="财政项目支出绩效自评表（2022年度）", blocks=[
    H("财政项目支出绩效自评表"),
    P("（2022 年度）"),
    T("""
    项目名称 | 普陀体育中心与委托运营方结↵算费用 | << | << | << | << | << | << | <<
    主管部门 | 上海市普陀区体育局 | << | << | 实施单位 | 上海市普陀区体育↵事业管理中心 | << | << | <<
    项目资金↵（元） |  | << | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    ^^ | 年度资金总额 | << | 250000.00 | 250000.00 | 215,457.6 | 10 | 86.19% | 8.62
    ^^ | 其中：当年财政拨款 | << | 250000.00 | 250000.00 | 215457.6 | — |  |
    ^^ | 上年结转资金 | << | 0 | 0 |  | — |  |
    ^^ | 其他资金 | << | 0 | 0 |  | — |  |
    年度↵总体↵目标 | 预期目标 | << | << | << | 实际完成情况 | << | << | <<
    ^^ |  | << | << | << | 已完成普陀体育中心与委托运营方费用结算。 | << | << | <<
    绩↵效↵指↵标 | 一级指标 | 二级指标 | 三级指标 | 年度↵指标值 | 实际↵完成值 | 分值 | 得分 | 偏差原因分析及↵改进措施
    ^^ | 产出指标 | 数量指标 | 与委托运营方结算完成↵率 | =100% | 100% | 10 | 10 |
    ^^ | ^^ | 质量指标 | 合同结算条款完成率 | =100% | 100% | 20 | 20 |
    ^^ | ^^ | 时效指标 | 费用结算及时性 | 及时 | 及时 | 20 | 20 |
    ^^ | 效益指标 | 社会效益指标 | 与委托运营方合同完成↵率 | =100% | 100% | 30 | 30 |
    ^^ | 满意度指标 | 服务对象满意度指标 | 场馆开放满意度 | >=90% | 100% | 10 | 10 |
    总分 | << | << | << | << | << | 100 | 98.62 |
    """, header_rows=0),
    P("-1-"),
])


def files():
    return {"report.pdf": REPORT}
