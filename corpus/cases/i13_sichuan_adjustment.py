"""四川式 某县 蜀岭县文化广播电视和旅游局 2024年送戏下乡项目 (hand-written; place name fictional).  Issue 11:
the sichuan profile asks for a reason for a mid-year budget adjustment.

No policy file.  Report: 部门预算项目支出绩效自评表 in the Sichuan layout (XLSX: 年初预算 / 调整后预算数 / 预算执行数 /
预算执行率 / 权重 / 得分 / 原因; 指标性质 / 指标值 / 度量单位 / 完成值).  labels.json names ``"profile": "sichuan"``.

Labels (domain.md §4–§5 under the sichuan profile: budget 10 + indicators 90; reasons required for execution
below 90% and for a mid-year adjustment):
- Budget: 年初 80.00 → 调整后 100.00 (a mid-year addition of 20) and the 原因 cell is empty, nothing in the
  report explains it → ``missing_deviation_reason`` (null: the budget).  Execution 99.00 / 100.00 = 99.00% ≥ 90%:
  no low execution, no reason needed for it.  Budget score 10 × 0.99 = 9.9 = the claimed 9.9.
- Indicators all met, each claims its full 权重: 65 ≥ 60场次; 100 ≥ 98%; 2024年11月20日 ≤ 2024年11月30日;
  1.5 ≤ 1.6万元/场 (cost); 32000 ≥ 30000人次; 96 ≥ 90%.  None reaches 1.5×.
- Weights 10 + 20 + 15 + 10 + 10 + 20 + 15 = 100 = 合计 100; scores 9.9 + 90 = 99.9 = 合计 99.9.  Rule total 99.9.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i13_sichuan_adjustment"

REPORT = DocSpec(title="部门预算项目支出绩效自评表(2024年度)", blocks=[
    H("部门预算项目支出绩效自评表(2024年度)"),
    T("""
    项目名称 | 2024年送戏下乡项目 | << | << | << | << | << | << | << | << | <<
    主管部门 | 蜀岭县文化广播电视和旅游局 | << | << | << | 实施单位 | << | 蜀岭县文化馆 | << | << | <<
    预算执行情况(10分) | 年度预算数(万元) | << | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | <<
    ^^ | 总额 | << | 80.00 | 100.00 | 99.00 | 99.00% | 10 | 9.9 | | <<
    ^^ | 其中:财政资金 | << | 80.00 | 100.00 | 99.00 | 99.00% | / | / | ^^ | ^^
    ^^ | 其他资金 | << | 0.00 | 0.00 | 0.00 | 0.00% | / | / | ^^ | ^^
    绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析
    ^^ | 产出指标 | 数量指标 | 送戏下乡演出场次 | ≥ | 60 | 场次 | 65 | 20 | 20 |
    ^^ | ^^ | 质量指标 | 演出节目审查合格率 | ≥ | 98 | % | 100 | 15 | 15 |
    ^^ | ^^ | 时效指标 | 演出任务完成时间 | ≤ | 2024年11月30日 | | 2024年11月20日 | 10 | 10 |
    ^^ | ^^ | 成本指标 | 每场演出补助标准 | ≤ | 1.6 | 万元/场 | 1.5 | 10 | 10 |
    ^^ | 效益指标 | 社会效益指标 | 观看演出群众人次 | ≥ | 30000 | 人次 | 32000 | 20 | 20 |
    ^^ | 满意度指标 | 服务对象满意度指标 | 观演群众满意度 | ≥ | 90 | % | 96 | 15 | 15 |
    合计 | << | << | << | << | << | << | << | 100 | 99.9 |
    评价结论 | 全年送戏下乡65场次，各项绩效指标均已完成，项目自评得分99.9分。 | << | << | << | << | << | << | << | << | <<
    """, header_rows=0),
    P("填表人：王晓梅"),
])


def files():
    return {"report.xlsx": REPORT}
