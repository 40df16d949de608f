"""某省溪源县生态环境局 2024年农村生活污水治理项目 (hand-written; place name fictional).  Issue 11: a deadline
missed by 300 days that still claims full marks.

Policy: 绩效目标表 (PDF).  Report: 绩效自评报告 as a plain-text file (TXT, GB18030): prose, then the
自评表 as tab-separated lines.  Profile: default (``time_miss: band``).

Labels:
- 项目竣工验收时间: target 2024年3月底前 = ≤2024年3月31日; actual 2025年1月25日 → 275 days to the end
  of 2024 + 25 = 300 days late → ``target_missed`` (high).  Band mode: a missed date scores strictly
  below 0.8 w = 8 (proportional mode would give 0: 300 days late over 90 planned days); claimed 10 →
  ``self_score_inflated``.  A cause is given ("因3座站点选址调整、设计变更，主体工程冬季停工") → no
  ``missing_deviation_reason``.
- Met: 15 ≥ 15座; 97% ≥ 95%; 58.2 ≤ 60万元; 68% ≥ 65%; 93% ≥ 90%; 92% ≥ 90%.
- Budget 873 / 900 = 97% → 9.7 as claimed.  Weights 10 + 20 + 10 + 10 + 10 + 20 + 10 + 10 = 100;
  总分 99.7 = 9.7 + 90 (claimed) → no arithmetic flag.  Rule total < 97.7.
- The prose restates 15座 and 2025年1月25日 as in the table → no ``inconsistent_values``.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i05_deadline_300days"

POLICY = DocSpec(title="2024年农村生活污水治理项目绩效目标表", blocks=[
    H("项目支出绩效目标表"),
    P("项目名称：2024年农村生活污水治理项目　　主管部门：溪源县生态环境局　　项目资金：900万元"),
    P("年度总体目标：新建村级污水处理站15座，2024年3月底前完成竣工验收，农村生活污水治理率达到65%以上。"),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 新建村级污水处理站 | ≥15座
    ^^ | 质量指标 | 出水水质达标率 | ≥95%
    ^^ | 时效指标 | 项目竣工验收时间 | 2024年3月底前
    ^^ | 成本指标 | 单站建设成本 | ≤60万元
    效益指标 | 生态效益指标 | 农村生活污水治理率 | ≥65%
    ^^ | 可持续影响指标 | 设施正常运行率 | ≥90%
    满意度指标 | 服务对象满意度指标 | 村民满意度 | ≥90%
    """),
])

REPORT = DocSpec(title="溪源县生态环境局2024年农村生活污水治理项目绩效自评报告", encoding="gb18030", blocks=[
    P("溪源县生态环境局2024年农村生活污水治理项目绩效自评报告"),
    P("一、项目概况。项目年度预算900万元，全年执行873万元，预算执行率97%。"),
    P("二、绩效目标完成情况。全年新建村级污水处理站15座，出水水质达标率97%。项目于2025年1月25日完成竣工验收，"
      "较计划推迟，主要原因是3座站点选址调整、设计变更，主体工程冬季停工。全县农村生活污水治理率达到68%。"),
    P("三、自评情况。"),
    T("""
    项目资金（万元）|年初预算数|全年预算数|全年执行数|分值|执行率|得分
    年度资金总额|900|900|873|10|97%|9.7
    """),
    T("""
    一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施
    产出指标|数量指标|新建村级污水处理站|≥15座|15座|20|20|
    产出指标|质量指标|出水水质达标率|≥95%|97%|10|10|
    产出指标|时效指标|项目竣工验收时间|2024年3月底前|2025年1月25日|10|10|因3座站点选址调整、设计变更，主体工程冬季停工
    产出指标|成本指标|单站建设成本|≤60万元|58.2万元|10|10|
    效益指标|生态效益指标|农村生活污水治理率|≥65%|68%|20|20|
    效益指标|可持续影响指标|设施正常运行率|≥90%|93%|10|10|
    满意度指标|服务对象满意度指标|村民满意度|≥90%|92%|10|10|
    总分|||||100|99.7|
    """),
    P("四、自评结论。项目自评得分99.7分，等级为优。"),
])


def files():
    return {"policy.pdf": POLICY, "report.txt": REPORT}
