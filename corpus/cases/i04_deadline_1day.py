"""某省桐川县教育局 2024年农村学校食堂改造项目 (hand-written; place name fictional).  Issue 11: a deadline
missed by one day that still claims full marks.

Policy: 项目支出绩效目标申报表 (XLSX).  Report: 项目支出绩效自评表 (PDF).  Profile: default
(``time_miss: band``).

Labels:
- 食堂改造完工时间: target 2024年8月底前 = ≤2024年8月31日; actual 2024年9月1日 → one day late →
  ``target_missed`` (a date comparison; the deviation in days is small → medium).  A missed deadline
  scores strictly below 0.8 w = 8 (band mode; in proportional mode 1 − 1/244 planned days would be 9.96 but
  the default profile is band); claimed 10 → excess ≥ 2 → ``self_score_inflated``.  The reason cell gives a
  cause ("受连续强降雨影响，室外排水工程顺延1天完工") → no ``missing_deviation_reason``.
- Met: 12 ≥ 12所; 100%; 43.8 ≤ 45万元; 9350 ≥ 9000人; 0起 = 0起; 96% ≥ 90%.
- Budget 540 / 540 = 100% → 10 as claimed.  Weights 10 + 20 + 10 + 10 + 10 + 15 + 15 + 10 = 100; 合计 100
  = the sum of the claimed scores → no arithmetic flag.  Rule total < 98 (优).
"""

from __future__ import annotations

from _kit import SHEET, H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i04_deadline_1day"

POLICY = DocSpec(title="项目支出绩效目标申报表（2024年度）", blocks=[
    SHEET("目标表"),
    H("项目支出绩效目标申报表"),
    T("""
    项目名称 | 2024年农村学校食堂改造项目 | << | <<
    主管部门 | 桐川县教育局 | 实施单位 | 桐川县教育局
    项目资金（万元） | 540 | 其中：财政拨款 | 540
    年度总体目标 | 完成12所农村学校食堂改造，秋季开学前投入使用，改善9000名以上学生就餐条件。 | << | <<
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 改造学校食堂数量 | ≥12所
    ^^ | 质量指标 | 食堂改造验收合格率 | 100%
    ^^ | 时效指标 | 食堂改造完工时间 | 2024年8月底前
    ^^ | 成本指标 | 每所食堂改造成本 | ≤45万元
    效益指标 | 社会效益指标 | 受益学生人数 | ≥9000人
    ^^ | ^^ | 学校食品安全事故 | 0起
    满意度指标 | 服务对象满意度指标 | 学生及家长满意度 | ≥90%
    """, header_rows=0),
])

REPORT = DocSpec(title="项目支出绩效自评表（2024年度）", blocks=[
    H("项目支出绩效自评表"),
    P("（2024年度）"),
    T("""
    项目名称 | 2024年农村学校食堂改造项目 | << | << | << | << | << | <<
    主管部门 | 桐川县教育局 | << | << | 实施单位 | 桐川县教育局 | << | <<
    项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | <<
    ^^ | 540 | 540 | 540 | 10 | 100% | 10 | <<
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 改造学校食堂数量 | ≥12所 | 12所 | 20 | 20 |
    ^^ | 质量指标 | 食堂改造验收合格率 | 100% | 100% | 10 | 10 |
    ^^ | 时效指标 | 食堂改造完工时间 | 2024年8月底前 | 2024年9月1日 | 10 | 10 | 受连续强降雨影响，室外排水工程顺延1天完工
    ^^ | 成本指标 | 每所食堂改造成本 | ≤45万元 | 43.8万元 | 10 | 10 |
    效益指标 | 社会效益指标 | 受益学生人数 | ≥9000人 | 9350人 | 15 | 15 |
    ^^ | ^^ | 学校食品安全事故 | 0起 | 0起 | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 学生及家长满意度 | ≥90% | 96% | 10 | 10 |
    总分 | << | << | << | << | 100 | 100 |
    """, widths=[0.9, 1.0, 1.6, 1.1, 1.1, 0.5, 0.5, 1.8], header_rows=0),
    P("自评结论：项目总体完成年度目标，自评得分100分，等级为优。"),
])


def files():
    return {"policy.xlsx": POLICY, "report.pdf": REPORT}
