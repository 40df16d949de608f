"""巴彦淖尔市自然资源局甘其毛都口岸分局 2024年度 项目支出绩效自评表 — 自然资源业务支出项目 (内蒙古, 巴彦淖尔市).

Source: http://zrzy.bynr.gov.cn/zwgk/czyjs/202509/t20250924_714315.html — 巴彦淖尔市自然资源局 site, "2024年度内蒙古
自治区巴彦淖尔市自然资源局甘其毛都口岸分局决算公开报告", published 2025-09-24.  The page shows the 项目支出绩效自评表
as an HTML table → ``report.html``.

Kept verbatim: every cell of the captured table — the basic rows (项目名称, 主管部门 "…自然资源局(部门)", 实施单位); the
budget block with header 执行率(%) and its cells: 年度资金总额 0 / 2.38 / 2.38 / 10 / 100 / 10; 其中:财政拨款 0 / 0.58 /
0.58 / —— / 100 / ——; 其他资金 0 / 1.8 / 1.8 / —— / ``0`` / ——; both 年度总体目标 texts; the indicator header with its
Inner-Mongolia columns 指标性质 / 指标方向 / 年度指标值 / 实际完成值 / 计量单位 (the direction written as words:
``大于等于``, ``小于等于``, ``等于``; 指标性质 ``正向`` on every row); names with their ``指标1:`` prefixes and unit suffixes
(``租车次数(次)``); the empty 一级指标 cell (the capture shows no text there) and the empty 偏差原因 cells.
Left out: everything from 时效指标 on — the capture stops at "时效指标 | 指标"; the table ends with the last complete row
(质量指标 指标2).  The 时效/成本/效益/满意度 rows and the 总分 are not in the file.

Labels (domain.md §3–5; targets joined from 指标方向 + 年度指标值 + 计量单位, as r01 joins the Sichuan columns):
- Budget: 2.38 / 2.38 = 100% → 10 of 10 as claimed.  But the 其他资金 row states 执行率 ``0`` for 1.8 executed of 1.8
  budgeted (= 100%) → ``arithmetic_error`` (null; a stated rate vs 执行数 ÷ 预算数).  0.58 + 1.8 = 2.38 adds up.
- 年初预算数 0 for every row: the whole 2.38万元 was added during the year; the form gives no word on it.  Not a
  labelled flag (``missing_deviation_reason`` needs a missed indicator in this corpus), noted for the reviewer.
- 租车次数 ≥1次 → 1次, 8/8; 宣传美工制作个数 ≤1个 → 1个, 7/7; 租车达标率 =100% → 100%, 8/8; 宣传合格率 =100% → 100%,
  7/7.  All met, scores right.
- 宣传美工制作个数 is marked 正向 (more is better) yet 小于等于 (a ceiling): a direction contradiction inside the row.
  It is a §7.2 target-review matter and the actual 1 satisfies either reading, so it is not labelled.
- Weights cannot be checked (rows after 质量指标 cut); visible 产出 weights 8 + 7 + 8 + 7 = 30.
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "xb06_ganqimaodu_2024_ziranziyuan"

UNIT = "内蒙古自治区巴彦淖尔市自然资源局甘其毛都口岸分局"
GOAL = "目标1:通过开展自然调查,全面查清全市资源利用状况,实现资源信息的社会化服务,实现资源宏观调控及资源管理的需要."
DONE = ("负责编制辖区内国土空间规划并监督实施,落实辖区内自然资源调查监测评价工作;承担辖区内国土空间生态修复工作,负责"
        "组织实施最严格的耕地保护制度;负责辖区内地质勘查协调、监督管理和行业规范执行监督;负责矿产资源管理工作;负责辖区内"
        "测绘地理信息管理工作,推动自然资源领域科技发展。")

REPORT = DocSpec(title="2024年度" + UNIT + "决算公开报告", blocks=[
    P("2024年度" + UNIT + "决算公开报告"),
    T(f"""
    项目支出绩效自评表 (2024年度) | << | << | << | << | << | << | << | << | << | << | <<
    项目名称 | {UNIT}自然资源业务支出项目 | << | << | << | << | << | << | << | << | << | <<
    主管部门 | 内蒙古自治区巴彦淖尔市自然资源局(部门) | << | << | << | 实施单位 | {UNIT} | << | << | << | << | <<
    项目资金 (万元) | | << | 年初预算数 | << | 全年预算数 | << | 全年执行数 | 分值 | 执行率(%) | 得分 | <<
    ^^ | 年度资金总额 | << | 0 | << | 2.38 | << | 2.38 | 10 | 100 | 10 | <<
    ^^ | 其中:财政拨款 | << | 0 | << | 0.58 | << | 0.58 | —— | 100 | —— | <<
    ^^ | 其他资金 | << | 0 | << | 1.8 | << | 1.8 | —— | 0 | —— | <<
    年度总体目标 | 预期目标 | << | << | << | << | 实际完成情况 | << | << | << | << | <<
    ^^ | {GOAL} | << | << | << | << | {DONE} | << | << | << | << | <<
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标方向 | 年度指标值 | 实际完成值 | 计量单位 | 分值 | 得分 | 偏差原因分析及改进措施
    ^^ | | 数量指标 | 指标1:租车次数(次) | 正向 | 大于等于 | 1 | 1 | 次 | 8 | 8 |
    ^^ | ^^ | ^^ | 指标2:宣传美工制作个数(个) | 正向 | 小于等于 | 1 | 1 | 个 | 7 | 7 |
    ^^ | ^^ | 质量指标 | 指标1:租车达标率 | 正向 | 等于 | 100 | 100 | % | 8 | 8 |
    ^^ | ^^ | ^^ | 指标2:宣传合格率 | 正向 | 等于 | 100 | 100 | % | 7 | 7 |
    """, header_rows=0),
])


def files():
    return {"report.html": REPORT}
