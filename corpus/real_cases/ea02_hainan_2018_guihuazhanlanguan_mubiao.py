"""海南省规划展览馆 2018 — 海南省规划展览馆运行维护项目, 项目绩效目标表 (海南, target table reviewed alone).

Source: http://www.chengjqd.cn/news/2019/0815/911.html — a mirror of the unit's 2018 publication: the 项目绩效目标表
followed by the 2018年财政支出项目绩效自评报告.  The mirror shows the text converted to traditional characters
(and garbles 海口市 as mojibake); the table is rebuilt in simplified characters as the unit published it.  Only the
目标表 is used: the self-evaluation report that follows is cut in the capture after its first paragraph (unit
background), before any figure, so it cannot serve as the report of a policy/report pair.

Verbatim: every cell of the table (``指标1:`` prefixes, ``20%以上``, ``不超预算``, the bare ``200`` target of the days
indicator whose standards carry ``天``, the 优/良/中/差 standard columns, the 注 line).  Nothing rewritten.

Labels (domain.md §7.2, plus vague_target / arithmetic_error):
- Indicators: 6 (3 产出, 3 成效).  Targets as written; ``20%以上``/``80%以上`` → ``≥20%``/``≥80%``.
- ``missing_dimension`` (required): no 满意度 indicator at all (the form has only 产出指标 and 成效指标).
- ``missing_dimension`` (optional, second): the form has no 二级 level; read as 数量/质量 items, there is no 时效
  indicator under 产出.  A reviewer may or may not map this old two-level form onto the 二级 list.
- ``direction_error`` on 用电量 (optional): electricity use is an energy cost, yet the 优 standard is
  ``60万度以上`` and less use scores lower (40万度以下 = 差).  The target cell itself is the unsigned ``60万度``, so
  it depends on reading the standards.
- ``vague_target`` on 项目成本控制 (optional): a 成本 item whose target is ``不超预算`` — a ≤ budget condition
  without a figure; arguably a yes/no state.
- No arithmetic in the table; no duplicate targets (6 distinct values).
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "ea02_hainan_2018_guihuazhanlanguan_mubiao"

TARGET = DocSpec(title="项目绩效目标表", blocks=[
    H("项目绩效目标表"),
    T("""
    项目名称：海南省规划展览馆运行维护项目 | << | << | << | << | << | <<
    指标类型 | 绩效指标 | 绩效目标 | 绩效标准 | << | << | <<
    ^^ | ^^ | ^^ | 优 | 良 | 中 | 差
    产出指标 | 指标1：物业管理面积 | 6500平方米 | 6500平方米以上 | 5500平方米-6500平方米 | 4500平方米-5500平方米 | 4500平方米以下
    ^^ | 指标2：用电量 | 60万度 | 60万度以上 | 50万度-60万度 | 40万度-50万度 | 40万度以下
    ^^ | 指标3：日常电子设备的维修（护）率 | 20%以上 | 20%以上 | 15%-20% | 10%-15% | 10%以下
    成效指标 | 指标1：日常参观展示设备的使用率 | 80%以上 | 80%以上 | 70%-80% | 60%-70% | 60%以下
    ^^ | 指标2：项目成本控制 | 不超预算 | 不超预算 | 超过预算的5% | 超过预算的10% | 超过预算的15%
    ^^ | 指标3：保证设备正常运转天数 | 200 | 200天以上 | 170天-200天 | 140天-170天 | 140天以下
    注：以预算批复的绩效目标为准填列。 | << | << | << | << | << | <<
    """, header_rows=3),
])


def files():
    return {"target.html": TARGET}
