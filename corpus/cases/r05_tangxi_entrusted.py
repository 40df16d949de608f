"""棠溪镇人民政府 2022 委托业务项目 — 项目支出绩效自评表 (安徽模板), rebuilt from realdocs/05.

Source: http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2 (a mirror of a government
attachment download path; see the research note in realdocs/05).  Verbatim cells from
``corpus/realdocs.py`` key ``05_tangxi``.  The capture stops at "满意度指标(10分) 满意度指标 公众满"; this
case completes the form with one plausible 满意度 row (公众满意度 ≥90% / 95% / 10 / 10) and the 总分 row
(100 / 90 = 0 + 50 + 30 + 10, consistent with the stated scores).  One DOCX report, no policy.

Labels:
- Budget: the 年度资金总额 line says 0 / 0 / 0, 执行率 0, 得分 0, while its only detail line 本年财政拨款 says
  90 / 89.974 / 89.974 → the same fund total given twice with different values → ``inconsistent_values``
  (null).  Read as "total vs sum of its rows" it is also an ``arithmetic_error`` → optional.  The stated rate
  0 is below 90% but the real execution is 100% → ``low_budget_execution`` optional.
- ``vague_target``: 单项业务成本 ``符合相关规定`` (成本 with no figure) and the three 效益 indicators whose
  target is only ``效果明显``.  经费支出合规性 ``严格执行相关制度规定`` (compliance, a yes/no state) and
  提交报告及时性 ``在项目计划完成时间内完成`` (no date, but checkable against the plan) → optional.
- Quantitative rows met (50 ≥ 50个, 100 ≥ 100百分比, 90 ≤ 90万元); qualitative 达成预期指标 with full marks
  is inside the band; 产出 8×5+10 = 50 and 效益 30 match the stated 一级 weights.
"""

from __future__ import annotations

from realdocs import specs

from docreview.docgen import Table

CASE_ID = "r05_tangxi_entrusted"
SOURCE = "05_tangxi"

# plausible end of the cut-off capture (not source text): the 满意度 row and the 总分 row
COMPLETION = [
    ["", "满意度指标(10分)", "满意度指标", "公众满意度", "≥90%", "95%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "90", ""],
]


def files():
    spec = specs()[SOURCE]
    table = next(b for b in spec.blocks if isinstance(b, Table))
    if table.rows[-1][2] != "经济效益指标" or (9, 0, 19, 0) not in table.merges:
        raise ValueError("realdocs 05_tangxi changed shape; revisit the completion in " + __file__)
    first = len(table.rows)
    table.rows.extend(COMPLETION)
    table.merges[table.merges.index((9, 0, 19, 0))] = (9, 0, first, 0)
    table.merges.append((first + 1, 0, first + 1, 5))
    return {"report.docx": spec}
