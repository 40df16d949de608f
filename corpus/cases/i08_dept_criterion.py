"""某省安平县民政局 2024年度部门整体支出绩效自评表 (hand-written; place name fictional).  Issue 11: a
department-wide form scored by its 评分标准 column.

No policy file.  Report: 部门整体支出绩效自评表 (PDF) with 分值 / 评分标准 / 完成情况 / 自评得分 and no
separate target column (the 评分标准 carries the standard).  labels.json ``"kind": "dept_eval"``; profile
default.

Labels — each row recomputed from its criterion and the value the form reports (domain.md §7.1):
- 绩效目标合理性 (5): yes/no "相符得5分" — 相符 → 5; claimed 5.
- 预算编制准确性 (5): "预算调整率≤5%得5分，每超过1个百分点扣1分，扣完为止" — 8% is 3 points over → 5 − 3 =
  2; claimed 4 → excess 2 > 0.1 → ``self_score_inflated`` (the one flag).
- “三公”经费控制 (5): yes/no — 决算未超过预算 → 5; claimed 5.
- 预算执行率 (15): bands ≥95% 15 / 90–95% 12 / 80–90% 9 — 96.3% → 15; claimed 15.
- 资金使用合规性 (10): 10, −5 per violation — 未发现违规 → 10; claimed 10.
- 固定资产利用率 (10): ≥90% 10, −0.5 per point below — 93% → 10; claimed 10.
- 城乡低保金按时足额发放率 (15): 100% 15, −1 per point below — 100% → 15; claimed 15.
- 特困人员救助供养覆盖率 (15): ≥95% 15 / 90–95% 12 — 97.2% → 15; claimed 15.
- 长效管理机制健全性 (10): 建立 10 / 部分建立 6 / 未建立 0 — 已建立 → 10; claimed 10.
- 困难群众满意度 (10): ≥90% 10 / 80–90% 8 — 92.5% → 10; claimed 10.
- Weights 5 + 5 + 5 + 15 + 10 + 10 + 15 + 15 + 10 + 10 = 100 = 总分 分值; claimed 5 + 4 + 5 + 15 + 10 + 10 +
  15 + 15 + 10 + 10 = 99 = 总分 自评得分 → no ``arithmetic_error``.  Rule total 97.
- The rows are scoring rows with no target column: indicators are labelled with target ``""`` (as r08).
  Each row reports a value, so no ``not_reported`` / ``unsupported_score``; none of the 二级 names is a
  数量/质量/时效/成本 category, and the criterion is the measurable standard → no ``vague_target``.
- 预算执行率 96.3% ≥ 90% → no ``low_budget_execution``.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i08_dept_criterion"

REPORT = DocSpec(title="安平县民政局2024年度部门整体支出绩效自评表", blocks=[
    H("部门整体支出绩效自评表"),
    P("（2024年度）"),
    P("部门名称：安平县民政局　　　　　　填报日期：2025年4月8日"),
    T("""
    一级指标 | 二级指标 | 三级指标 | 分值 | 评分标准 | 完成情况 | 自评得分
    决策 | 目标设定 | 绩效目标合理性 | 5 | 部门绩效目标与部门职能、年度工作计划相符的，得5分；否则不得分。 | 相符 | 5
    ^^ | 预算编制 | 预算编制准确性 | 5 | 预算调整率≤5%得5分，每超过1个百分点扣1分，扣完为止。 | 预算调整率8% | 4
    ^^ | ^^ | “三公”经费控制 | 5 | “三公”经费决算数不超过预算数的，得5分；否则不得分。 | 未超过预算 | 5
    过程 | 预算执行 | 预算执行率 | 15 | 预算执行率≥95%得15分；90%（含）-95%得12分；80%（含）-90%得9分；80%以下不得分。 | 96.3% | 15
    ^^ | 资金管理 | 资金使用合规性 | 10 | 无违规使用资金情况的得10分；发现一起违规扣5分，扣完为止。 | 未发现违规 | 10
    ^^ | 资产管理 | 固定资产利用率 | 10 | 固定资产利用率≥90%得10分；每低1个百分点扣0.5分，扣完为止。 | 93% | 10
    产出 | 重点工作履行情况 | 城乡低保金按时足额发放率 | 15 | 发放率100%得15分；每低1个百分点扣1分，扣完为止。 | 100% | 15
    ^^ | ^^ | 特困人员救助供养覆盖率 | 15 | 覆盖率≥95%得15分；90%（含）-95%得12分；90%以下不得分。 | 97.2% | 15
    效益 | 可持续影响 | 长效管理机制健全性 | 10 | 建立健全社会救助长效机制的得10分；部分建立的得6分；未建立不得分。 | 已建立 | 10
    满意度 | 服务对象满意度 | 困难群众满意度 | 10 | 满意度≥90%得10分；80%（含）-90%得8分；80%以下不得分。 | 92.5% | 10
    总分 | << | << | 100 | — | — | 99
    """, widths=[0.7, 1.0, 1.5, 0.5, 3.0, 1.0, 0.7]),
    P("自评结论：2024年度部门整体支出绩效自评得分99分，等级为优。"),
])


def files():
    return {"report.pdf": REPORT}
