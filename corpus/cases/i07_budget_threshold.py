"""四川式 某县 蜀岭县农业农村局 2024年高素质农民培育项目 (hand-written; place name fictional).  Issue 11:
budget execution scored by thresholds.

No policy file.  Report: 部门预算项目支出绩效自评表 in the Sichuan layout (DOCX: 指标性质 / 指标值 / 度量单位 /
完成值 / 权重 / 得分 / 未完成原因分析).  labels.json names ``"profile": "budget-threshold"``.

The case first named the sichuan profile, because no bundled profile scored budget execution by thresholds
when it was written; it now names ``budget-threshold`` (≥ 90% full; each percentage point below −1; floor 0),
the bundled profile that does.  The labels did not change.

Labels:
- Budget: 年初 100 = 调整后 100 (no adjustment); 执行 86 → 86.00% < 90% → ``low_budget_execution`` (null).
  Threshold rule: 90 − 86 = 4 points below the band → 10 − 4 × 1 = 6.00; the unit claims 8.6 (the
  proportional 10 × 0.86) → excess 2.6 > 0.1 → ``self_score_inflated`` (null, a budget score).  The 原因
  cell gives a cause (结业考核在12月下旬, 补助资金于2025年1月拨付) → no budget
  ``missing_deviation_reason`` (a reason is given anyway).
- Indicators all met, each claims its full 权重: 310 ≥ 300人; 98 ≥ 95%; 2024年10月25日 ≤ 2024年10月31日;
  2700 ≤ 3000元; 1620 ≥ 1500户; 34 ≥ 30个; 95 ≥ 90%.  None reaches 1.5×.
- Weights 10 + 20 + 10 + 10 + 10 + 15 + 15 + 10 = 100; 合计 98.6 = 8.6 + 90 (claimed) → no arithmetic
  flag.  Rule total (threshold) 6 + 90 = 96.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i07_budget_threshold"

REPORT = DocSpec(title="部门预算项目支出绩效自评表(2024年度)", blocks=[
    P("报表编号:510000_0013zp"),
    H("部门预算项目支出绩效自评表(2024年度)"),
    T("""
    项目名称 | 2024年高素质农民培育项目 | << | << | << | << | << | << | << | << | <<
    主管部门 | 蜀岭县农业农村局 | << | << | << | 实施单位 (盖章) | << | 蜀岭县农业技术推广中心 | << | << | <<
    预算执行情况(10分) | 年度预算数(万元) | << | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | <<
    ^^ | 总额 | << | 100.00 | 100.00 | 86.00 | 86.00% | 10 | 8.6 | 部分培训班结业考核在12月下旬举行，剩余培训补助资金14万元于2025年1月拨付。 | <<
    ^^ | 其中:财政资金 | << | 100.00 | 100.00 | 86.00 | 86.00% | / | / | ^^ | ^^
    ^^ | 其他资金 | << | 0.00 | 0.00 | 0.00 | 0.00% | / | / | ^^ | ^^
    绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析
    ^^ | 产出指标 | 数量指标 | 培育高素质农民 | ≥ | 300 | 人 | 310 | 20 | 20 |
    ^^ | ^^ | 质量指标 | 培训考核合格率 | ≥ | 95 | % | 98 | 10 | 10 |
    ^^ | ^^ | 时效指标 | 培训任务完成时间 | ≤ | 2024年10月31日 | | 2024年10月25日 | 10 | 10 |
    ^^ | ^^ | 成本指标 | 人均培育补助标准 | ≤ | 3000 | 元 | 2700 | 10 | 10 |
    ^^ | 效益指标 | 社会效益指标 | 带动周边农户 | ≥ | 1500 | 户 | 1620 | 15 | 15 |
    ^^ | ^^ | 可持续影响指标 | 学员创办领办经营主体 | ≥ | 30 | 个 | 34 | 15 | 15 |
    ^^ | 满意度指标 | 服务对象满意度指标 | 参训学员满意度 | ≥ | 90 | % | 95 | 10 | 10 |
    合计 | << | << | << | << | << | << | << | 100 | 98.6 |
    评价结论 | 2024年培育高素质农民310人，各项绩效指标均已完成，项目自评得分98.6分，自评等级为优。 | << | << | << | << | << | << | << | << | <<
    存在问题 | 培训补助资金拨付进度偏慢。 | << | << | << | << | << | << | << | << | <<
    改进措施 | 合理安排培训班次，结业考核后及时拨付补助资金。 | << | << | << | << | << | << | << | << | <<
    项目负责人:陈晓东 | << | << | << | << | 财务负责人:刘芳 | << | << | << | << | <<
    """, header_rows=0),
])


def files():
    return {"report.docx": REPORT}
