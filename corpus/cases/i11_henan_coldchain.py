"""河南2024式 中原某县 豫川县农业农村局 2024年农产品产地冷藏保鲜设施建设项目 (hand-written; place name
fictional).  Issue 11: the bundled ``henan-2024`` profile.

No policy file.  Report: 项目支出绩效自评表 (XLSX) in the 2024 layout with 成本指标 as a 一级指标 and stated 一级
weights: 预算执行 30, 成本 10, 产出 30, 效益 25, 满意度 5.  labels.json ``"profile": "henan-2024"``.

Labels:
- 单座冷库建设成本 (一级 成本指标 / 经济成本指标, 分值 10): ≤200万元, actual 225万元 → ``target_missed``
  (deviation 12.5%, high).  Reverse linear: 10 × (1 − 25 / 200) = 8.75; claimed 10 → excess 1.25 →
  ``self_score_inflated``.  The reason cell reads "/" and no cause is given anywhere →
  ``missing_deviation_reason``.
- Met: 4 ≥ 4座; 6200 ≥ 6000吨; 2024年10月28日 ≤ 2024年10月底; 560 ≥ 500万元; 6.5% ≤ 8% (损耗率, explicit
  ≤); 93% ≥ 90%.
- Budget 920 / 1000 = 92% → 30 × 0.92 = 27.6 as claimed; 92% ≥ 90% → no ``low_budget_execution``.
- Weights: 30 + 10 + (10 + 10 + 10) + (15 + 10) + 5 = 100, and each 一级 sum equals its stated weight
  (成本 10, 产出 30, 效益 25, 满意度 5) → no ``arithmetic_error``.  合计 97.6 = 27.6 + 10 + 30 + 25 + 5
  (claimed).  Rule total 27.6 + 8.75 + 30 + 25 + 5 = 96.35.
"""

from __future__ import annotations

from _kit import SHEET, H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i11_henan_coldchain"

REPORT = DocSpec(title="项目支出绩效自评表（2024年度）", blocks=[
    SHEET("自评表"),
    H("项目支出绩效自评表"),
    P("（2024年度）"),
    T("""
    项目名称 | 2024年农产品产地冷藏保鲜设施建设项目 | << | << | << | << | << | <<
    主管部门 | 豫川县农业农村局 | << | << | 实施单位 | 豫川县农业农村局 | << | <<
    预算执行情况（30分） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | <<
    ^^ | 1000 | 1000 | 920 | 30 | 92% | 27.6 | <<
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    成本指标（10分） | 经济成本指标 | 单座冷库建设成本 | ≤200万元 | 225万元 | 10 | 10 | /
    产出指标（30分） | 数量指标 | 新建产地冷藏保鲜设施 | ≥4座 | 4座 | 10 | 10 |
    ^^ | ^^ | 新增冷藏库容 | ≥6000吨 | 6200吨 | 10 | 10 |
    ^^ | 时效指标 | 设施建成投用时间 | 2024年10月底前 | 2024年10月28日 | 10 | 10 |
    效益指标（25分） | 经济效益指标 | 带动农产品错峰销售增收 | ≥500万元 | 560万元 | 15 | 15 |
    ^^ | 社会效益指标 | 果蔬产后损耗率 | ≤8% | 6.5% | 10 | 10 |
    满意度指标（5分） | 服务对象满意度指标 | 经营主体满意度 | ≥90% | 93% | 5 | 5 |
    合计 | << | << | << | << | 100 | 97.6 |
    """, header_rows=0),
    P("自评结论：项目各项指标完成较好，自评得分97.6分，等级为优。"),
])


def files():
    return {"report.xlsx": REPORT}
