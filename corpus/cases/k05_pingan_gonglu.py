"""平安县交通运输局 2025年农村公路提质改造项目 绩效目标执行监控表，1-7月 (hand-written; place name fictional).
Monitoring (domain.md §7.3), ``"kind": "monitor"``, period ``1-7月``, 序时进度 7/12 = 58.33%.

Report: 项目支出绩效目标执行监控表 in the 财预〔2019〕136号 layout (XLSX): funds block (年初预算数 | 1-7月执行数 |
1-7月执行率 | 全年预计执行数), then 一级 | 二级 | 三级 | 年度指标值 | 1-7月执行情况 | 全年预计完成情况 | 偏差原因分析
(经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他, ticked √) | 完成目标可能性 (确定能 | 有可能 | 完全不可能, one √) |
备注 (纠偏措施).

Labels (tolerance 10 points, high from 20):
- Budget: 960 / 2400 = 40.00%, 58.33 − 40.00 = 18.33 points behind → ``behind_schedule`` (null, medium).  The
  rows add up (2000 + 400 = 2400; 800 + 160 = 960; 1960 + 390 = 2350) and the rates are right → no
  ``arithmetic_error``.
- 农村公路提质改造里程: 36 / 60 = 60.0% ≥ 58.33 → on schedule.
- 危桥改造: 3 / 12 = 25.0% → 33.33 behind → ``behind_schedule`` (high); 确定能 ticked, no reason ticked, 备注 empty →
  ``forecast_contradiction``.
- 安装公路安全防护设施: 18 / 45 = 40.0% → 18.33 behind → ``behind_schedule`` (medium); 确定能 ticked, but 硬件条件保障
  is ticked and the 备注 gives a 纠偏措施 (more crews from August) → no ``forecast_contradiction``.
- 路面病害修补面积: 4 / 8 = 50.0% → 8.33 behind, inside the tolerance → no flag, although 确定能 is ticked with an
  empty 备注 (not behind schedule, so no contradiction).
- 工程交工验收合格率 (100% vs ≥98%) and 农村公路优良中等路率 (76% vs ≥80%) are rates, not cumulative → no
  ``behind_schedule``.  But 优良中等路率's 全年预计完成情况 is 78% < ≥80%, with no 偏差原因 ticked and an empty 备注 →
  ``forecast_contradiction``.
- 提质改造工程完工时间 (a deadline, progress in words), 每公里提质改造平均成本 (a unit cost, 33.5 ≤ 35), 沿线受益群众
  (5.2 / 8.6 = 60.5%, on schedule), 沿线群众满意度 (survey at year end) → no flag.
- No year-end flags (target_missed, not_reported, missing_deviation_reason) on a monitoring table.
"""

from __future__ import annotations

from _kit import SHEET, H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k05_pingan_gonglu"

REPORT = DocSpec(title="2025年项目支出绩效目标执行监控表（1-7月）", blocks=[
    SHEET("执行监控表"),
    H("项目支出绩效目标执行监控表"),
    P("（2025年1-7月）"),
    T("""
    项目名称 | 2025年农村公路提质改造项目 | << | <<
    主管部门及代码 | 平安县交通运输局（301） | 实施单位 | 平安县农村公路管理所
    """, header_rows=0),
    T("""
    项目资金（万元） | 年初预算数 | 1-7月执行数 | 1-7月执行率 | 全年预计执行数 | 备注
    年度资金总额 | 2400 | 960 | 40.00% | 2350 | 部分工程款待交工验收后支付
    其中：财政拨款 | 2000 | 800 | 40.00% | 1960 |
    其他资金 | 400 | 160 | 40.00% | 390 |
    """),
    T("""
    年度总体目标 | 全年目标 | 1-7月执行情况
    ^^ | 完成农村公路提质改造60公里、危桥改造12座，安装公路安全防护设施45公里，改善沿线群众出行条件。 | 完成提质改造36公里、危桥改造3座，安装安全防护设施18公里。
    """, header_rows=1),
    T("""
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 1-7月执行情况 | 全年预计完成情况 | 偏差原因分析 | << | << | << | << | 完成目标可能性 | << | << | 备注
    ^^ | ^^ | ^^ | ^^ | ^^ | ^^ | 经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他 | 确定能 | 有可能 | 完全不可能 | ^^
    产出指标 | 数量指标 | 农村公路提质改造里程 | 60公里 | 36公里 | 60公里 | | | | | | √ | | |
    ^^ | ^^ | 危桥改造 | 12座 | 3座 | 12座 | | | | | | √ | | |
    ^^ | ^^ | 安装公路安全防护设施 | 45公里 | 18公里 | 45公里 | | | | √ | | √ | | | 波形护栏材料已于7月下旬到货，8月起增加2个施工队，9月底前完成剩余27公里安装。
    ^^ | ^^ | 路面病害修补面积 | 8万平方米 | 4万平方米 | 8万平方米 | | | | | | √ | | |
    ^^ | 质量指标 | 工程交工验收合格率 | ≥98% | 100% | ≥98% | | | | | | √ | | |
    ^^ | 时效指标 | 提质改造工程完工时间 | 2025年11月底前 | 已完成全部标段施工招标，36公里完成路面施工 | 2025年11月底前 | | | | | | √ | | |
    ^^ | 成本指标 | 每公里提质改造平均成本 | ≤35万元 | 33.5万元 | ≤35万元 | | | | | | √ | | |
    效益指标 | 社会效益指标 | 沿线受益群众 | 8.6万人 | 5.2万人 | 8.6万人 | | | | | | √ | | |
    ^^ | ^^ | 农村公路优良中等路率 | ≥80% | 76% | 78% | | | | | | | √ | |
    满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥90% | 年底开展调查 | ≥90% | | | | | | √ | | |
    """, header_rows=2),
    P("填报人：李海涛　　审核人：王振华　　填报日期：2025年8月8日"),
])


def files():
    return {"report.xlsx": REPORT}
