"""海南省商务厅 服务贸易项目 — 项目绩效自评表 with a 决策/管理/绩效 score table (海南, year not stated).

Source: https://m.bdocx.com/doc/30238812.html ("服务贸易项目绩效自评表.docx", a document-sharing copy of a Word
form; 28 pages, uploaded 2023-08-13; the year of the project is not visible in the captured part).  Kept: 一、项目基本
情况 complete and 二、绩效评价指标评分 up to the last complete row (产出成本); the capture is cut inside the next
row (项目效益 40 / 经济…), so the 效益 rows and the 总分 are missing.

This is Hainan's older 自评表 layout: no targets or actuals, only a rubric with 一级/二级/三级 分值 and 得分
(项目决策 20 / 项目管理 25 / 项目绩效 55).  Reviewed as ``kind: evaluation`` (a score table): rubric rows are never
``unsupported_score``/``not_reported``; totals and weights are checked.

Verbatim: all cells (``经常性项目(√)一次性项目()``, the blank 联系电话, amounts 570 / 398.88 / 395.86 and their
其中 breakdown).  Nothing rewritten.

Arithmetic (all consistent, so no ``arithmetic_error``): 项目决策 20 = 4 + 8 + 8; 项目目标 4 = 4; 决策过程 8 = 3 + 5;
资金分配 8 = 2 + 6; 项目管理 25 = 5 + 10 + 10; 资金到位 5 = 3 + 2; 资金管理 10 = 7 + 3; 组织实施 10 = 1 + 9;
项目绩效 55 = 15 + 40; 项目产出 15 = 5 + 4 + 3 + 3.  Every visible 得分 equals its 分值.
Optional labels:
- ``self_score_inflated`` on 到位率: full 3 points while 398.88 / 570 = 69.98% of the planned amount arrived; the
  criterion is not printed, so whether full marks are deserved cannot be parsed from the document.
- ``low_budget_execution``: 395.86 used of 570 planned = 69.45%, but 99.24% of the 398.88 that arrived; which base
  counts as 预算 is arguable.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "ea04_hainan_nd_fuwumaoyi_pingfen"

REPORT = DocSpec(title="服务贸易项目绩效自评表", blocks=[
    H("服务贸易项目绩效自评表"),
    P("一、项目基本情况"),
    T("""
    项目实施单位 | 省商务厅服务贸易和商贸服务业处 | << | 主管部门 | 省商务厅 | <<
    项目负责人 | 李鹏 | << | 联系电话 |  | <<
    地址 | 海口市国兴大道省政府办公楼2楼 | << | 邮编 | 570204 | <<
    项目类型 | 经常性项目(√)一次性项目() | << | << | << | <<
    计划投资额↵(万元) | 570 | 实际到位资金↵(万元) | 398.88 | 实际使用情况(万元) | 395.86
    其中: | 中央财政 | 0 | 其中: | 中央财政 | 0
    ^^ | 省财政 | 570 | ^^ | 省财政 | 398.88
    ^^ | 市县财政 | 0 | ^^ | 市县财政 | 0
    ^^ | 其他 | 0 | ^^ | 其他 | 0
    """, header_rows=0),
    P("二、绩效评价指标评分"),
    T("""
    一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分
    项目决策 | 20 | 项目目标 | 4 | 目标内容 | 4 | 4
    ^^ | ^^ | 决策过程 | 8 | 决策依据 | 3 | 3
    ^^ | ^^ | ^^ | ^^ | 决策程序 | 5 | 5
    ^^ | ^^ | 资金分配 | 8 | 分配办法 | 2 | 2
    ^^ | ^^ | ^^ | ^^ | 分配结果 | 6 | 6
    项目管理 | 25 | 资金到位 | 5 | 到位率 | 3 | 3
    ^^ | ^^ | ^^ | ^^ | 到位时效 | 2 | 2
    ^^ | ^^ | 资金管理 | 10 | 资金使用 | 7 | 7
    ^^ | ^^ | ^^ | ^^ | 财务管理 | 3 | 3
    ^^ | ^^ | 组织实施 | 10 | 组织机构 | 1 | 1
    ^^ | ^^ | ^^ | ^^ | 管理制度 | 9 | 9
    项目绩效 | 55 | 项目产出 | 15 | 产出数量 | 5 | 5
    ^^ | ^^ | ^^ | ^^ | 产出质量 | 4 | 4
    ^^ | ^^ | ^^ | ^^ | 产出时效 | 3 | 3
    ^^ | ^^ | ^^ | ^^ | 产出成本 | 3 | 3
    """),
    P("（项目效益各行及总分在来源中被截断，未收录。）"),
])


def files():
    return {"report.docx": REPORT}
