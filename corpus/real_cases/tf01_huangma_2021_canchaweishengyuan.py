"""南昌县黄马乡蚕茶卫生院 2021年度 整体支出绩效自评表 (江西, 南昌市 南昌县).

Source: https://yzwku.com/doc/291311.html — 优知文库 copy of "蚕茶卫生院整体支出绩效自评表.docx" (4 pages); the site
shows the DOCX as run-together text (no cell separators), cut into numbered chunks ("1、", "2、", "3、" are the site's
chunk marks, not the form's: the second one falls inside "按规定公|开", the third inside "体检|率").  Rebuilt as
``report.docx``.  Layout: the Jiangxi 部门整体支出绩效自评表 — 评价部门名称 / 下属单位个数; 整体支出规模 (全年预算数 |
全年执行数 | 执行率) by 资金来源 and 资金结构; 年度总体目标 (年初设定目标 | 全年完成情况); then 分解目标 | 自评权重 |
二级指标 | 三级指标 | 年度指标值 | 全年完成值 | 分值 | 得分 | 偏差及原因分析, with 管理指标 (30), 产出指标 (25),
效果指标 (35) and 满意度指标 as 分解目标.

Kept verbatim: every cell the text holds — "出标产指" (the vertical 产出指标 cell read column-wise), "年度总" / "体目标"
(the vertical 年度总体目标 cell, kept as 年度总↵体目标), the 任务1:/任务2: prefixes, targets and actuals as written
(增加 / 增372人次, 超上年2% / 达成目标值, 95%以上 / 97%, 100% / 完成, 小于5% / 达成目标值, 超上年度 / 增收27万元,
"签约率提高1%X体检率提高2%" with its stray X, "水电支出减少01万元" with its lost decimal point), the reasons
(个别人未及时完成, 录入有延迟, 部分群众不愿配合体检或长期在外), and the budget block as far as the text has figures: only
the two 执行率 cells (103.21% for 财政拨款 and for 基本支出) — no 全年预算数 / 全年执行数 amounts appear in the text, so
those cells are empty.  The chunk marks are left out.
Cell boundaries were read from the text order (二级 | 三级 | 年度指标值 | 全年完成值 | 分值 | 得分 | 偏差…): "44" = 分值 4,
得分 4; "126" = 12, 6; "1313" = 13, 13; "1010" = 10, 10 (the block weights 30 / 25 / 35 confirm every split).  In the two
时效 rows the text holds one value between the name and the numbers ("按规定时限43个别人未及时完成"); it is read as the
年度指标值, the 全年完成值 cell being empty (the reasons say the deadline was not kept everywhere).
Left out: the capture stops at the words "满意度指标": the 满意度 row(s) and any total are not in the file; the
table ends with the 生态效益 row and a note says so.

Labels (domain.md §3–5, §7.1; ``kind: dept_eval``; no 评分标准 column, so rows are reviewed as §5; no budget score in
this form: 30 + 25 + 35 + the cut 满意度 block):
- Weights: 管理 4+4+4+4+4+5+5 = 30; 产出 5+5+5+3+4+3 = 25; 效果 13+12+10 = 35 — all equal their 自评权重.
- unit_mismatch (required): quantitative targets answered with words — 完成率、控制率 100% → "按规定执行";
  结余率 小于5% → "达成目标值"; 特殊人群健康管理率 超上年2% → "达成目标值"; 健康档案管理率 100% → "完成" (domain's own
  example).  安全性、利用率 "无资产损失、利用率高于80%" → "达成目标" is half qualitative: optional.
- target_missed (required, high): 公卫均等化签约完成率、特殊人群体检率 — target 体检率提高2%, actual 体检率下降1%.
  The row gives a reason (部分群众不愿配合体检或长期在外) → no missing_deviation_reason.  Its 6 of 12 points: the
  签约 half is met, the 体检 half fails outright (B < 0 → 0 by B/A), so the rule gives 0–6 depending on how the compound
  row is split → self_score_inflated optional.
- vague_target (required): 门诊住院人次 (数量) "增加" — a direction with no value.  Optional: 业务收入 (经济效益)
  "超上年度" — no figure, though the 年度总体目标 says 业务收入达到55万元; the two 时效 rows "按规定时限" — no date
  (as r05's 提交报告及时性).
- unsupported_score optional on 医疗文书及时率 (3 of 4) and 健康档案更新率 (2 of 3): by the reading above their
  全年完成值 cell is empty while points are claimed; the text may have lost the cell, so a reviewer could argue it.
  target_missed optional on both (the reasons admit a partial miss; no actual to compare).  Their scores are below
  0.8 × weight (3 < 3.2; 2 < 2.4), inside the 部分达成 band → no self_score_inflated.
- Budget: 执行率 103.21% stated with no amounts: 执行数 above 预算数 with no explanation, but nothing can be
  recomputed → arithmetic_error (null) optional.  No low_budget_execution.
- Met, no flag: 完整、准确率 100%/100%; 执行率 100%/100%; 诊断准确率 97% ≥ 95%; the qualitative 信息公开完善,
  人员控制、支出规范, 绿化、节能 rows.  业务收入 77.57万元 vs 55万元 in the 年度总体目标 = 1.41× (< 1.5, not overachieved).
- Names are labelled without the 任务1:/任务2: prefixes.  "执行率" (政府采购管理) is a short name that other budget
  phrases contain; it is labelled as written.
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "tf01_huangma_2021_canchaweishengyuan"

REPORT = DocSpec(title="蚕茶卫生院整体支出绩效自评表(2021年度)", blocks=[
    P("蚕茶卫生院整体支出绩效自评表(2021年度)"),
    T("""
    评价部门名称 | 南昌县黄马乡蚕茶卫生院 | << | << | << | << | 下属单位个数 | 0 | <<
    整体支出规模 | | << | << | 全年预算数 | 全年执行数 | << | 执行率 | <<
    ^^ | 资金来源:(1)财政拨款 | << | << | | | << | 103.21% | <<
    ^^ | 资金结构:(1)基本支出 | << | << | | | << | 103.21% | <<
    ^^ | (2)项目支出 | << | << | | | << | | <<
    年度总↵体目标 | 年初设定目标 | << | << | 全年完成情况 | << | << | << | <<
    ^^ | 业务收入达到55万元,三公经费控制率达标 | << | << | 业务收入77.57万元,三公经费控制达标 | << | << | << | <<
    分解目标 | 自评权重 | 二级指标 | 三级指标 | 年度指标值 | 全年完成值 | 分值 | 得分 | 偏差及原因分析
    管理指标 | 30 | 预算编审管理 | 完整、准确率 | 100% | 100% | 4 | 4 |
    ^^ | ^^ | 预算执行管理 | 完成率、控制率 | 100% | 按规定执行 | 4 | 4 |
    ^^ | ^^ | 部门结转结余资金管理 | 结余率 | 小于5% | 达成目标值 | 4 | 4 |
    ^^ | ^^ | 预决算信息公开管理 | 信息公开完善 | 按规定公开 | 已公开 | 4 | 4 |
    ^^ | ^^ | 部门预算管理 | 人员控制、支出规范 | 不超编、无违规支出 | 全部达成 | 4 | 4 |
    ^^ | ^^ | 政府采购管理 | 执行率 | 100% | 100% | 5 | 5 |
    ^^ | ^^ | 资产管理 | 安全性、利用率 | 无资产损失、利用率高于80% | 达成目标 | 5 | 5 |
    出标产指 | 25 | 数量指标 | 任务1:门诊住院人次 | 增加 | 增372人次 | 5 | 5 |
    ^^ | ^^ | ^^ | 任务2:特殊人群健康管理率 | 超上年2% | 达成目标值 | 5 | 5 |
    ^^ | ^^ | 质量指标 | 任务1:诊断准确率 | 95%以上 | 97% | 5 | 5 |
    ^^ | ^^ | ^^ | 任务2:健康档案管理率 | 100% | 完成 | 3 | 3 |
    ^^ | ^^ | 时效指标 | 任务1:医疗文书及时率 | 按规定时限 | | 4 | 3 | 个别人未及时完成
    ^^ | ^^ | ^^ | 任务2:健康档案更新率 | 按规定时限 | | 3 | 2 | 录入有延迟
    效果指标 | 35 | 经济效益指标 | 业务收入 | 超上年度 | 增收27万元 | 13 | 13 |
    ^^ | ^^ | 社会效益指标 | 公卫均等化签约完成率、特殊人群体检率 | 签约率提高1%X体检率提高2% | 签约率提高1%体检率下降1% | 12 | 6 | 部分群众不愿配合体检或长期在外
    ^^ | ^^ | 生态效益指标 | 绿化、节能 | 绿化良好、水电费开支有下降 | 水电支出减少01万元 | 10 | 10 |
    """, widths=[0.8, 0.6, 1.2, 1.6, 1.4, 1.4, 0.5, 0.5, 1.4], header_rows=0),
    P("(原文档在“满意度指标”处截断,其后内容未能取得。)"),
])


def files():
    return {"report.docx": REPORT}
