"""湖北式 荆源县水利和湖泊局 2024年农村供水保障项目 (hand-written; place name fictional).  Issue 11: the
bundled ``hubei`` profile.

No policy file.  Report: 项目支出绩效自评表 as a web page (HTML), in the Hubei layout of realdocs/03 (预算执行
20分 + 年度目标 80分, 年初目标值(A) / 实际完成值(B)).  labels.json ``"profile": "hubei"``: reverse
indicators score 权重 × A/B (``reverse_mode: ratio``); qualitative bands 100–80 / 80–50 / 50–0.

Labels:
- 吨水运维成本: ≤0.8元, actual 1.0元 → ``target_missed`` (deviation 25%, high).  Hubei rule 10 × 0.8 / 1.0 =
  8.00; claimed 8 → no ``self_score_inflated`` (under the default linear rule 10 × (1 − 0.2 / 0.8) = 7.5
  it would be).  Reason given in the 原因分析 cell (人工和电费上涨) → no ``missing_deviation_reason``.
- 供水工程长效管护机制: qualitative, target 建立, actual 未达成 → ``target_missed`` (§5: qualitative
  未达成).  Hubei band for 未达成 is [0, 0.5 w) = [0, 7.5) for w = 15; claimed 8 → above the band →
  ``self_score_inflated``.  (Under the default band [0, 9) it would not be.)  Reason given (县级管护办法尚未
  出台) → no ``missing_deviation_reason``.
- Met: 25 ≥ 25处; 92% ≥ 90%; 2024年10月20日 ≤ 2024年10月底; 93.5% ≥ 92%; 94% ≥ 90%.
- Budget 760 / 800 = 95% → 20 × 0.95 = 19 as claimed.  Weights 20 + 15 + 10 + 5 + 10 + 15 + 15 + 10 = 100;
  总分 90 = 19 + 15 + 10 + 5 + 8 + 15 + 8 + 10 → no arithmetic flag.  Rule total < 89.5.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i09_hubei_water"

REPORT = DocSpec(title="荆源县水利和湖泊局2024年度农村供水保障项目支出绩效自评表", blocks=[
    H("项目支出绩效自评表"),
    P("单位名称:荆源县水利和湖泊局 填报日期:2025.3.26"),
    T("""
    项目名称 | 2024年农村供水保障项目 | << | << | << | << | << | <<
    预算执行情况(万元) (20分) | 预算数(A) | << | 执行数(B) | << | 执行率(B/A) | 得分 (20分*执行率) | <<
    项目资金总额 | 800 | << | 760 | << | 95% | 19 | <<
    年度目标:(80分) | 新建改造农村供水工程25处，农村自来水普及率达到92%以上，建立供水工程长效管护机制。 | << | << | << | << | << | <<
    年度绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 分值 | 得分
    ^^ | 产出指标 | 数量指标 | 新建改造供水工程 | ≥25处 | 25处 | 15 | 15
    ^^ | ^^ | 质量指标 | 水质检测合格率 | ≥90% | 92% | 10 | 10
    ^^ | ^^ | 时效指标 | 工程完工时间 | 2024年10月底前 | 2024年10月20日 | 5 | 5
    ^^ | ^^ | 成本指标 | 吨水运维成本 | ≤0.8元 | 1.0元 | 10 | 8
    ^^ | 效益指标 | 社会效益指标 | 农村自来水普及率 | ≥92% | 93.5% | 15 | 15
    ^^ | ^^ | 可持续影响指标 | 供水工程长效管护机制 | 建立 | 未达成 | 15 | 8
    ^^ | 满意度指标 | 服务对象满意度指标 | 受益群众满意度 | ≥90% | 94% | 10 | 10
    总分 | << | << | << | << | << | << | 90
    偏差大或 目标未完成 原因分析 | 1.吨水运维成本超出目标，主要原因是管护人员工资和电费上涨。2.供水工程长效管护机制未建立，原因是县级农村供水工程管护办法尚未出台。 | << | << | << | << | << | <<
    改进措施及 结果应用方案 | 推进规模化供水，降低运维成本；2025年上半年出台县级管护办法。 | << | << | << | << | << | <<
    """, header_rows=0),
    P("备注:预算数为调整后财政资金总额,执行数为资金使用单位财政资金实际支出数。"),
])


def files():
    return {"report.html": REPORT}
