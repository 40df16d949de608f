"""西山县林业局 2025年国土绿化试点项目 绩效运行监控表，截至9月底 (hand-written; place name fictional).
Monitoring (domain.md §7.3), ``"kind": "monitor"``, period ``截至9月底``, 序时进度 75%.

Report: a provincial variant of the monitoring form (PDF): 一级 | 二级 | 三级 | 年度指标值 | 截至9月底完成值 |
全年预计完成值 | 完成目标可能性 (the word written: 确定能 / 有可能 / 完全不可能) | 原因分析及纠偏措施.

Labels (tolerance 10 points, high from 20):
- Budget: 870 / 1500 = 58.00% → 17 points behind → ``behind_schedule`` (null, medium).  Rows add up (1200 + 300 =
  1500; 720 + 150 = 870; 1200 + 280 = 1480); 720 / 1200 = 60%, 150 / 300 = 50% as stated.
- 完成人工造林面积: 1.6 / 2 = 80% ≥ 75 → on schedule.
- 完成森林抚育面积: 1.5 / 3 = 50% → 25 behind → ``behind_schedule`` (high); 确定能 and an empty 原因分析及纠偏措施 →
  ``forecast_contradiction``.
- 新建森林防火通道: 24 / 40 = 60% → 15 behind → ``behind_schedule`` (medium); 确定能, but the cell gives the cause (rain)
  and the measures → no ``forecast_contradiction``.
- 林下经济产值: 560 / 800 = 70% → 5 behind → no flag.  带动农户务工: 1300 / 1500 = 86.7% → ahead.
- 造林成活率 (a rate), 苗木栽植完成时间 (a deadline), 亩均造林成本 (a unit cost) → no ``behind_schedule``.
- 林农满意度: a sample survey gives 86%; 全年预计完成值 86% < ≥90%, 有可能, empty cell → ``forecast_contradiction``
  (a forecast below target with no reason).  A rate → no ``behind_schedule``.
- No year-end flags on a monitoring table.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k07_xishan_lvhua"

REPORT = DocSpec(title="西山县林业局2025年国土绿化试点项目绩效运行监控表（截至2025年9月底）", blocks=[
    H("2025年度项目支出绩效运行监控表"),
    P("（截至2025年9月底）"),
    T("""
    项目名称 | 2025年国土绿化试点项目 | << | <<
    主管部门 | 西山县林业局 | 实施单位 | 西山县林业技术推广站
    """, widths=[1.2, 2.4, 1.2, 2.4], header_rows=0),
    T("""
    项目资金（万元） | 年初预算数 | 截至9月底执行数 | 执行率 | 全年预计执行数
    年度资金总额 | 1500 | 870 | 58.00% | 1480
    其中：财政拨款 | 1200 | 720 | 60.00% | 1200
    其他资金 | 300 | 150 | 50.00% | 280
    """),
    T("""
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 截至9月底完成值 | 全年预计完成值 | 完成目标可能性 | 原因分析及纠偏措施
    产出指标 | 数量指标 | 完成人工造林面积 | ≥2万亩 | 1.6万亩 | 2万亩 | 确定能 |
    ^^ | ^^ | 完成森林抚育面积 | ≥3万亩 | 1.5万亩 | 3万亩 | 确定能 |
    ^^ | ^^ | 新建森林防火通道 | ≥40公里 | 24公里 | 40公里 | 确定能 | 受7-8月持续降雨影响停工约40天；已增调施工机械6台，10月起实行两班作业，11月底前完成剩余16公里。
    ^^ | 质量指标 | 造林成活率 | ≥85% | 88% | ≥85% | 确定能 |
    ^^ | 时效指标 | 苗木栽植完成时间 | 2025年12月底前 | 秋季造林苗木已调运到位 | 2025年12月底前 | 确定能 |
    ^^ | 成本指标 | 亩均造林成本 | ≤1200元 | 1150元 | ≤1200元 | 确定能 |
    效益指标 | 经济效益指标 | 林下经济产值 | ≥800万元 | 560万元 | 800万元 | 确定能 |
    ^^ | 社会效益指标 | 带动农户务工 | ≥1500人次 | 1300人次 | 1600人次 | 确定能 |
    满意度指标 | 服务对象满意度指标 | 林农满意度 | ≥90% | 86%（抽样调查） | 86% | 有可能 |
    """, widths=[1.0, 1.1, 1.5, 1.1, 1.2, 1.1, 1.0, 2.6]),
    P("备注：完成目标可能性填写“确定能”“有可能”或“完全不可能”；预计不能完成的，应分析原因并提出纠偏措施。"),
    P("西山县林业局　2025年10月12日"),
])


def files():
    return {"report.pdf": REPORT}
