"""江城区民政局 2025年社区居家养老服务补贴项目 绩效目标表 (hand-written; place name fictional).  Target review
(domain.md §7.2), ``"kind": "target"``: a clean table, to measure false positives.

Target: 项目支出绩效目标公开 page (HTML) as a district government site publishes it: a short lead paragraph,
the header block and 一级指标 | 二级指标 | 三级指标 | 指标值.

Labels: no flags.
- 项目资金: 年度资金总额 650 = 财政拨款 600 + 其他资金 50.
- 产出 (数量 ×2, 质量 ×2, 时效, 成本), 效益 (社会, 可持续影响), 满意度 — every required dimension is present.
- Directions are right: the cost 人均月服务补贴标准 is ≤; every rate is ≥ and ≤ 100%.
- The deadline 2025年12月15日前 lies inside the budget year.
- Targets are distinct (no value shared by more than half; no name twice); every target has a figure.
- 服务站持续运营年限 ≥3年 runs past 2025, but it is a duration, not a deadline → no ``implausible_target``.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k04_jiangcheng_yanglao"

TARGET = DocSpec(title="江城区民政局2025年社区居家养老服务补贴项目绩效目标", blocks=[
    H("江城区民政局2025年社区居家养老服务补贴项目绩效目标"),
    P("发布时间：2025-02-14　来源：江城区民政局"),
    P("根据区财政局关于预算绩效信息公开的要求，现将我局2025年社区居家养老服务补贴项目绩效目标公开如下。"),
    T("""
    项目支出绩效目标表（2025年度） | << | << | <<
    项目名称 | 2025年社区居家养老服务补贴项目 | << | <<
    主管部门 | 江城区民政局 | 实施单位 | 江城区养老服务指导中心
    项目资金（万元） | 年度资金总额 | 650 | <<
    ^^ | 其中：财政拨款 | 600 | <<
    ^^ | 其他资金 | 50 | <<
    年度总体目标 | 为辖区经济困难的高龄、失能、独居老年人提供居家养老服务补贴，新建社区养老服务站6个，提高居家养老服务覆盖面和服务质量。 | << | <<
    """, header_rows=0),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 享受居家养老服务补贴老年人 | ≥2800人
    ^^ | ^^ | 新建社区养老服务站 | ≥6个
    ^^ | 质量指标 | 补贴对象信息核准率 | ≥98%
    ^^ | ^^ | 服务站运营评估达标率 | ≥95%
    ^^ | 时效指标 | 年度补贴资金发放完成时间 | 2025年12月15日前
    ^^ | 成本指标 | 人均月服务补贴标准 | ≤200元
    效益指标 | 社会效益指标 | 失能半失能老年人服务覆盖率 | ≥85%
    ^^ | 可持续影响指标 | 服务站持续运营年限 | ≥3年
    满意度指标 | 服务对象满意度指标 | 老年人及家属满意度 | ≥90%
    """),
    P("江城区民政局　2025年2月14日"),
])


def files():
    return {"target.html": TARGET}
