"""云河县应急管理局 2025年乡镇专职消防站建设项目 绩效目标表 (hand-written; place name fictional).  Target review
(domain.md §7.2), ``"kind": "target"``.

Target: 项目支出绩效目标表 (DOCX) with 指标性质 | 指标值 | 度量单位 | 分值 sub-columns and a 合计 row.

Labels:
- 项目资金: 年度资金总额 420 = 财政拨款 400 + 其他资金 20 → consistent, no flag on the funds.
- 分值: 20 + 10 + 10 + 5 + 10 + 10 + 10 + 10 + 10 = 95, but the 合计 row says 100 → ``arithmetic_error`` (null).
  Read either as "indicators out of 100" or "out of 90 with budget 10", 95 is wrong.
- 一级 产出 / 效益 / 满意度 all present; 产出 has 数量, 质量, 成本 but no 时效指标 → ``missing_dimension`` (null, one
  flag).
- 施工安全事故发生次数 ≥ 1 次: an incident count with a minimum → ``direction_error``.
- 辖区群众满意度 ≥ 105 %: a rate that cannot exceed 100% → ``implausible_target``.
- 专职消防队员配备 appears twice: ≥ 40 人 under 产出/数量 and ≥ 48 人 under 效益/可持续影响 → ``duplicate_target``
  (label target: the first, ≥40人).
- 乡镇消防救援能力: 指标性质 定性, 指标值 有效提升 — a 效益 target that is only a degree word → ``vague_target`` (the
  corpus convention, README "vague_target").
- 消防站建设验收合格率 = 100 % and 单个消防站建设成本 ≤ 105 万元 are well formed.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k02_yunhe_xiaofang"

TARGET = DocSpec(title="2025年度项目支出绩效目标表", blocks=[
    H("项目支出绩效目标表"),
    P("（2025年度）"),
    T("""
    项目名称 | 2025年乡镇专职消防站建设项目 | << | <<
    主管部门 | 云河县应急管理局 | 实施单位 | 云河县消防救援大队
    项目资金（万元） | 年度资金总额 | 420 | <<
    ^^ | 其中：财政拨款 | 400 | <<
    ^^ | 其他资金 | 20 | <<
    年度总体目标 | 2025年在4个中心乡镇各建成1个专职消防站，配齐专职消防队员和消防车辆，缩短农村火警到场时间，提升乡镇火灾防控和应急救援能力。 | << | <<
    """, header_rows=0),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 分值
    产出指标 | 数量指标 | 新建乡镇专职消防站 | ≥ | 4 | 个 | 20
    ^^ | ^^ | 专职消防队员配备 | ≥ | 40 | 人 | 10
    ^^ | 质量指标 | 消防站建设验收合格率 | = | 100 | % | 10
    ^^ | ^^ | 施工安全事故发生次数 | ≥ | 1 | 次 | 5
    ^^ | 成本指标 | 单个消防站建设成本 | ≤ | 105 | 万元 | 10
    效益指标 | 社会效益指标 | 农村火警平均到场时间缩短 | ≥ | 5 | 分钟 | 10
    ^^ | ^^ | 乡镇消防救援能力 | 定性 | 有效提升 | | 10
    ^^ | 可持续影响指标 | 专职消防队员配备 | ≥ | 48 | 人 | 10
    满意度指标 | 服务对象满意度指标 | 辖区群众满意度 | ≥ | 105 | % | 10
    合计 | << | << | << | << | << | 100
    """, widths=[1.2, 1.4, 2.4, 0.8, 1.0, 0.8, 0.6]),
    P("填表说明：指标性质填写“≥”“≤”“=”或“定性”。"),
])


def files():
    return {"target.docx": TARGET}
