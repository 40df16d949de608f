"""武汉市青山区教育局 2020 — 项目支出绩效目标表, 教育系统基础设施建设和设备购置 (湖北, target reviewed alone).

Source: http://www.qingshan.gov.cn/qzfbm/zfgzbm/jyj/czxx/zjxx/202001/t20200120_1016313.shtml — 青山区政府网, 教育局,
"项目支出绩效目标表3" (发布日期 2020-01-20, 索引号 733569413/2020-806617).  HTML page, the body is the table →
``target.html``.  (Same publisher as xc02, a different project, year-start table with a 长期/年度 split.)

Kept verbatim: every cell, including the unbalanced "2020年度)" under the title, ``[015001]武汉市青山区教育局``,
the 资金 block (资金总额 / 当年资金总额 10000万元 each), 中期目标 and 年度目标 texts, the sub-title 绩效项目指标表,
and the seven-column indicator table in which the 长期 columns (二级指标(长期) repeated, 三级指标(长期) and
指标值(长期) empty) sit beside the 年度 columns; the 一级 label is repeated on every row (not merged).
Left out: page chrome (字号, 扫一扫, 下载/打印/关闭, the empty 附件 line).  Nothing rewritten.

Labels (§7.2; the 年度 columns carry the indicators):
- Indicators (7), targets as written: ``2``, ``100%``, ``参照政府采购成本控制``, ``100%``, ``巩固提高``,
  ``持续改善``, ``≥90%``.
- vague_target 建设项目成本 (成本指标): no figure, only a rule of thumb → required.
- vague_target 基础教育巩固提高情况 ``巩固提高`` and 基础教育学校办学条件 ``持续改善``: 效益 indicators with a
  degree phrase only → required (the README's degree-word reading; no01 took 持续改善 as optional, so a reviewer
  could argue it — still labelled required here because nothing else is measurable in these rows).
- Not flagged: missing_dimension (产出 数量/质量/成本/时效, 效益, 满意度 all present); duplicate_target (100% on 2
  of 7); arithmetic_error (10000 = 10000).  The empty 长期 columns are not indicators of this budget year.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xc03_qingshan_2020_jichusheshi_mubiao"

TARGET = DocSpec(title="项目支出绩效目标表3", blocks=[
    P("索 引 号 733569413/2020-806617　发布日期 2020-01-20　发布机构 教育局　标题 项目支出绩效目标表3"),
    H("项目支出绩效目标表"),
    P("2020年度)"),
    T("""
    项目名称 | 教育系统基础设施建设和设备购置 | << | << | << | << | <<
    主管部门↵及编码 | [015001]武汉市青山区教育局 | << | << | 实施单位 | 武汉市青山区教育局 | <<
    项目属性 | 基础建设、修缮类 | << | << | 项目起止时间 | 202001-202012 | <<
    项目资金 | 资金总额 | 10000万元 | << | 当年资金总额: | 10000万元 | <<
    ^^ | 其中:财政拨款 | 10000万元 | << | 其中:当年财政拨款 | 10000万元 | <<
    ^^ | 其他资金 | | << | 当年其他资金 | | <<
    总体目标 | 中期目标 | << | << | 年度目标 | << | <<
    ^^ | 优化教育布局,推进教育领域综合改革全面提升育人质量实现基础教育持续发展 | << | << | 按工作计划完成教育局重点项目建设经费预算安排 | << | <<
    """, header_rows=0),
    P("绩效项目指标表"),
    T("""
    一级指标 | 二级指标(长期) | 三级指标(长期) | 指标值(长期) | 二级指标(年度) | 三级指标(年度) | 指标值(年度)
    产出指标 | 数量指标 | | | 数量指标 | 重点建设工程安排数量 | 2
    产出指标 | 质量指标 | | | 质量指标 | 重点建设工程验收合格率 | 100%
    产出指标 | 成本指标 | | | 成本指标 | 建设项目成本 | 参照政府采购成本控制
    产出指标 | 时效指标 | | | 时效指标 | 重点建设工程按期完成率 | 100%
    效益指标 | 可持续影响指标 | | | 可持续影响指标 | 基础教育巩固提高情况 | 巩固提高
    效益指标 | 社会效益指标 | | | 社会效益指标 | 基础教育学校办学条件 | 持续改善
    满意度指标 | 服务对象满意度指标 | | | 服务对象满意度指标 | 学生、家长、社会满意度 | ≥90%
    """, header_rows=1),
])


def files():
    return {"target.html": TARGET}
