"""某省云岭县统计局 2024年第五次全国经济普查项目 (hand-written; place name fictional).  Issue 11: short genuine
reasons.

Policy: 项目支出绩效目标表 (DOCX).  Report: 项目支出绩效自评表 published as a web page (HTML), with a
偏差原因分析及改进措施 column.  Profile: default.

What it exercises: four missed indicators whose reason cells hold only a short cause — 人手少, 审核不严,
印刷延误, 物价上涨.  domain.md §5: any text other than empty / 0 / 无 / / / — / a placeholder / a bare
promise is a reason; whether it convinces is the reviewer's call → no ``missing_deviation_reason``.

Labels (four ``target_missed``, nothing else):
- 普查对象入户登记数: 8210 < 8500户, deviation 3.4% → ``target_missed`` (medium).  Rule 15 × 8210 / 8500
  = 14.488 → 14.49; claimed 14.49.  Reason "人手少".
- 普查数据差错率: ≤1%, actual 1.4% → ``target_missed`` (deviation 40%, high).  Reverse linear: 10 × (1 −
  0.4 / 1) = 6.00; claimed 6.  Reason "审核不严".
- 普查公报印发时间: 2024年12月底前, actual 2025年1月10日 (10 days late) → ``target_missed``.  Claimed 7 of
  10: below 0.8 w = 8, inside the 部分达成 band [6, 8) → not inflated (README: a missed time indicator is
  inflated only above 0.8 w).  Reason "印刷延误".
- 户均普查经费: ≤120元, actual 126元 → ``target_missed`` (5%, medium).  10 × (1 − 6 / 120) = 9.50; claimed
  9.5.  Reason "物价上涨".
- Met: 100% 数据按时上报率; 6 ≥ 5篇; 3 ≥ 3项; 93% ≥ 90%.
- Budget 252.2 / 260 = 97% → 9.7 as claimed.  Weights 10 + 15 + 10 + 10 + 10 + 5 + 15 + 15 + 10 = 100.
  合计 91.69 = 9.7 + 14.49 + 6 + 7 + 9.5 + 5 + 15 + 15 + 10.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i03_short_reasons"

POLICY = DocSpec(title="2024年项目支出绩效目标表", blocks=[
    H("项目支出绩效目标表"),
    P("（2024年度）"),
    T("""
    项目名称 | 第五次全国经济普查 | << | <<
    主管部门 | 云岭县统计局 | 实施单位 | 云岭县普查中心
    项目资金（万元） | 260 | 资金性质 | 一般公共预算
    年度总体目标 | 完成全县普查对象清查登记、数据审核上报和普查公报发布，开展普查资料开发利用。 | << | <<
    """, header_rows=0),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 普查对象入户登记数 | ≥8500户
    ^^ | 质量指标 | 普查数据差错率 | ≤1%
    ^^ | ^^ | 普查数据按时上报率 | 100%
    ^^ | 时效指标 | 普查公报印发时间 | 2024年12月底前
    ^^ | 成本指标 | 户均普查经费 | ≤120元
    效益指标 | 社会效益指标 | 形成普查分析报告 | ≥5篇
    ^^ | 可持续影响指标 | 普查资料开发利用课题 | ≥3项
    满意度指标 | 服务对象满意度指标 | 普查对象配合满意度 | ≥90%
    """),
])

REPORT = DocSpec(title="云岭县统计局2024年度第五次全国经济普查项目支出绩效自评表", blocks=[
    H("项目支出绩效自评表"),
    P("单位名称：云岭县统计局　　　填报日期：2025年3月18日"),
    T("""
    项目名称 | 第五次全国经济普查 | << | << | << | << | << | <<
    项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | <<
    ^^ | 260 | 260 | 252.2 | 10 | 97% | 9.7 | <<
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 普查对象入户登记数 | ≥8500户 | 8210户 | 15 | 14.49 | 人手少
    ^^ | 质量指标 | 普查数据差错率 | ≤1% | 1.4% | 10 | 6 | 审核不严
    ^^ | ^^ | 普查数据按时上报率 | 100% | 100% | 5 | 5 |
    ^^ | 时效指标 | 普查公报印发时间 | 2024年12月底前 | 2025年1月10日 | 10 | 7 | 印刷延误
    ^^ | 成本指标 | 户均普查经费 | ≤120元 | 126元 | 10 | 9.5 | 物价上涨
    效益指标 | 社会效益指标 | 形成普查分析报告 | ≥5篇 | 6篇 | 15 | 15 |
    ^^ | 可持续影响指标 | 普查资料开发利用课题 | ≥3项 | 3项 | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 普查对象配合满意度 | ≥90% | 93% | 10 | 10 |
    合计 | << | << | << | << | 100 | 91.69 |
    """, header_rows=0),
    P("备注：全年预算数为调整后预算数。"),
])


def files():
    return {"policy.docx": POLICY, "report.html": REPORT}
