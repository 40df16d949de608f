"""昌宁县供销合作社联合社 2022 昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目 — 2022年度项目支出绩效自评表
(附件3), 云南 (outside this helper's provinces: taken because the northern provinces gave too few tables).

Source: https://yncn.gov.cn/info/5102/8340150.htm (昌宁县供销社, 自评报告 column, 2023-04-20; HTML page
with the form inline).  The capture stops in the row 种母猪(≥头) (its 得分 cell is not visible); the table
is kept to the last complete row, 种公猪(≥头).

Kept verbatim: the 20/80 Yunnan layout (预算执行情况(万元)(20分) with 得分 = 20分*执行率; 年度绩效目标(80分)
with 年初目标值(A) / 实际完成值(B) / 得分, no 分值 column), the tick boxes (☑ □) of 项目类别/项目属性, the
bare 执行率 "20" (no % sign), and the indicator names with template placeholders in them
("公猪舍(≥**平方米)", "排污沟(≥米)", "粉碎拌合机(11kw)(≥台)"): the unit lives only in the name, the value
cells are bare numbers (22.8, 180, 76.44 …).  Rewritten: nothing (table only).  Left out: the cut row and
everything after it (other 产出 rows, 效益/满意度, 总分, notes).

Labels (no policy file; profile left at default — the form's own 20/80 weights are on the page):
- Budget: 10 / 50 = 20% → ``low_budget_execution``; stated 执行率 20 and 得分 4 = 20 × 0.2 agree, so no
  arithmetic or inflated-score flag.
- Every visible indicator: actual = target (22.8 = 22.8 …), so none missed; per-row 得分 are the only
  weights and cannot be checked against the 产出 40 because the table is cut.
- The "≥**" placeholders sit in the names, not in the targets, which are numbers → no ``vague_target``.
- A reviewer would still ask how every building was finished with 20% of the money spent; that is not a
  rule of §5.
"""

from __future__ import annotations

from _kit import H, P, T, DocSpec

CASE_ID = "no05_changning_2022_shengzhuyangzhi"

ROWS = [
    ("公猪舍(≥**平方米)", "22.8", "22.8", "1"),
    ("母猪、保育猪舍(≥**平方米)", "180", "180", "3"),
    ("育肥猪舍(≥**平方米)", "180", "180", "3"),
    ("周转猪舍(≥**平方米)", "180", "180", "3"),
    ("隔离舍(≥**平方米)", "54", "54", "2"),
    ("仓库(≥**平方米)", "104", "104", "2"),
    ("管理用房及消通道(≥**平方米)", "76.44", "76.44", "2"),
    ("化粪池(≥**立方米)", "63", "63", "1"),
    ("堆粪房(≥**平方米)", "29.6", "29.6", "1"),
    ("消毒池(≥**平方米)", "14", "14", "1"),
    ("排污沟(≥米)", "50", "50", "1"),
    ("场地硬化(≥**平方米)", "230", "230", "2"),
    ("粉碎拌合机(11kw)(≥台)", "1", "1", "1"),
    ("产床(全复合双体产床)(≥套)", "2", "2", "1"),
    ("保育栏(≥套)", "4", "4", "1"),
    ("消毒机(≥台)", "1", "1", "1"),
    ("冲洗机(≥台)", "1", "1", "1"),
    ("种公猪(≥头)", "2", "2", "2"),
]

_ind = "\n".join(
    (f"^^ | 产出指标(40分) | 数量指标 | {n} | {a} | {b} | {s}" if i == 0 else f"^^ | ^^ | ^^ | {n} | {a} | {b} | {s}")
    for i, (n, a, b, s) in enumerate(ROWS)
)

REPORT = DocSpec(title="2022年度项目支出绩效自评表(昌龙鸿运)", blocks=[
    P("附件3:"),
    H("2022年度项目支出绩效自评表"),
    P("单位名称:昌宁县供销合作社联合社 填报日期:2023年4月15日"),
    T(f"""
    项目名称 | 昌宁县昌龙鸿运牧业专业合作社生猪养殖场建设项目 | << | << | << | << | <<
    主管部门 | 昌宁县供销合作社联合社 | << | 项目实施单位 | 昌宁县昌龙鸿运牧业专业合作社 | << | <<
    项目类别 | 1、部门预算项目 □ 2、县直专项 ☑ 3、省市对下转移支付项目 □ | << | << | << | << | <<
    项目属性 | 1、持续性项目 ☑ 2、新增性项目 □ | << | << | << | << | <<
    预算执行情况(万元)↵(20分) | | << | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分↵(20分*执行率)
    ^^ | 年度财政资金总额 | << | 50 | 10 | 20 | 4
    年度绩效目标↵(80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分
{_ind}
    """, header_rows=0),
    P("(原网页在“种母猪(≥头) 20 20”一行处截断,该行得分及其后内容未能取得。)"),
])


def files():
    return {"report.html": REPORT}
