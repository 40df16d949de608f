"""六安市裕安区文化和旅游局 2022年度 市级文物保护专项经费绩效自评表 — 裕安区 (六安市, 安徽).

Source: https://www.yuan.gov.cn/public/6596881/25080505.html — the district portal's 信息公开 page (published
2023-05-22, 信息来源 裕安区文旅局), the Anhui 项目支出绩效自评表 as an HTML table → ``report.html``.

Kept verbatim: the basic rows (项目名称 / 主管部门 / 实施单位), the budget block exactly as published — note the
budget 分值 is **9** (not the usual 10) and the 执行率 is written as a decimal ``0.958``, repeated on the 当年财政拨款
row; 年度总体目标 预期目标 / 实际完成情况 (the doubled "六安市六安市" typo is the source's, kept in the indicator rows);
the header broken over two lines (``年度↵指标值``, ``实际↵完成值``); the ``指标1:`` prefixes; every value as written
(the long 修缮建筑数量 texts, ``完成时间为2022年12月30日``, ``本着节约的原则,控制在预算中。``, ``程度较高``); the empty
偏差原因 cells.
Left out: everything after the first 效益 row — the capture stops at "可" (the 可持续影响指标 row), so the
remaining 效益 rows, the 满意度 rows and the 总分 row are not in the file.  Nothing is rewritten (the page is only
the table).

Labels (domain.md §3–5; a project self-evaluation, default profile, the form's own 分值 win):
- Budget: 27.8 / 29 = 95.86% (stated 0.958, a truncation, not an error); rule score 9 × 0.9586 = 8.63, claimed 8
  (below the rule score, not inflated); ≥ 90% → no ``low_budget_execution``.
- 验收通过率: target 100%, actual 95% → ``target_missed`` (5% short, medium).  Rule score 6 × 0.95 = 5.7, claimed
  5 (not inflated).  The 偏差原因 cell is empty and no other text gives a cause → ``missing_deviation_reason``.
- 修缮建筑数量 (数量指标): the "target" is a list of works, no number → ``vague_target``.
- 项目成本控制在预算内 (成本指标): target ``本着节约的原则,控制在预算中。`` has no figure → ``vague_target``.
- 修缮级别 (数量指标) ``市级保护单位``: a category, not a measurement; qualitative like ``建立`` → ``vague_target``
  optional.
- 文物本体安全、体现文物价值,提升知名度 (社会效益): target ``加大文物保护,展示文物价值`` is an aim in words, not a
  measure → ``vague_target`` optional (README counts degree words such as 有效提升 as vague; this is action words).
  Its actual ``程度较高`` and full 15 are within the 达成 band, so no score flag.
- 工程质量管理 98% ≥ 95%, 文明施工 97% ≥ 95%, 修缮建筑面积 6000 = 6000: met, full points.  The time row is met on
  the deadline (2022-12-30) but scored 5 of 6 — under the rule score, no flag.
- Weights: 产出 7+7+7+6+6+6+6+5 = 50; with the budget at 9 the other rows would have to make 41, but they are cut
  off, so no weight check.
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "xa01_yuan_2022_wenwubaohu"

GOAL = ("通过项目实施,完成六安市罗氏宗祠、李氏宗祠、英布墓日常维护,赤卫军指挥部旧址报病虫害防治测绘、国保省保矢量数据"
        "测绘、龙盘石刻护栏制装,加大文物保护力度,发挥文物的宣传教育价值。")
WORKS = ("完成六安市六安市罗氏宗祠、李氏宗祠、英布墓日常维护,指挥部旧址报病虫害防治测绘、国保省保矢量数据测绘、"
         "龙盘石刻护栏制装")

REPORT = DocSpec(title="市级文物保护专项经费绩效自评表(2022年度)", blocks=[
    P("市级文物保护专项经费绩效自评表(2022年度)"),
    P("发布时间:2023-05-22 16:35 信息来源:裕安区文旅局"),
    T(f"""
    项目名称 | 市级文物保护专项经费 | << | << | << | << | << | <<
    主管部门 | 裕安区文化和旅游局 | << | << | 实施单位 | 裕安区文化和旅游局 | << | <<
    项目资金↵(万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    ^^ | 年度资金总额 | 29 | 29 | 27.8 | 9 | 0.958 | 8
    ^^ | 其中:当年财政拨款 | 29 | 29 | 27.8 | 9 | 0.958 | 8
    ^^ | 上年结转资金 | | | | | |
    ^^ | 其他资金 | | | | | |
    年度总体目标 | 预期目标 | << | << | << | 实际完成情况 | << | <<
    ^^ | {GOAL} | << | << | << | 基本完成年度目标。 | << | <<
    """,
      widths=[1.2, 1.4, 1.0, 1.0, 1.0, 0.7, 0.8, 0.7], header_rows=0),
    T(f"""
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度↵指标值 | 实际↵完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    ^^ | 产出指标 | 数量指标 | 指标1:修缮建筑数量 | {WORKS} | {WORKS} | 7 | 7 |
    ^^ | ^^ | ^^ | 指标2:修缮建筑面积 | 6000平方米 | 6000平方米 | 7 | 7 |
    ^^ | ^^ | ^^ | 指标3:修缮级别 | 市级保护单位 | 市级保护单位 | 7 | 7 |
    ^^ | ^^ | 质量指标 | 指标1:验收通过率 | 100% | 95% | 6 | 5 |
    ^^ | ^^ | ^^ | 指标2:工程质量管理 | ≥95% | 98% | 6 | 6 |
    ^^ | ^^ | ^^ | 指标3:文明施工 | ≥95% | 97% | 6 | 6 |
    ^^ | ^^ | 时效指标 | 项目设计、招标、施工 | 完成时间为2022年12月30日 | 完成时间为2022年12月30日 | 6 | 5 |
    ^^ | ^^ | 成本指标 | 项目成本控制在预算内 | 本着节约的原则,控制在预算中。 | 100% | 5 | 5 |
    ^^ | 效益指标 | 社会效益指标 | 文物本体安全、体现文物价值,提升知名度 | 加大文物保护,展示文物价值 | 程度较高 | 15 | 15 |
    """, widths=[0.5, 0.9, 0.9, 1.8, 2.2, 2.2, 0.5, 0.5, 1.4], header_rows=1),
])


def files():
    return {"report.html": REPORT}
