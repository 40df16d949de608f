"""某省澜江市商务局 2024年促消费专项资金 (hand-written; place name fictional).  Issue 11: an unsigned growth target.

Policy: 绩效目标 as a Markdown page (MD).  Report: 项目支出绩效自评表 (XLSX, 10号 layout: 年度指标值 /
实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施).  Profile: default.

What it exercises: domain.md §3 — 增幅 of retail sales is a *minimum* (`社会消费品零售总额增幅 8%` means
`≥8%`), while 增幅 of an expense is a *maximum* (`项目工作经费增幅 3%` means `≤3%`).  Both targets carry
no sign, in the policy and in the report.

Labels:
- 社会消费品零售总额增幅: target 8% (growth of retail → ≥8%), actual 6% → fails, deviation (8 − 6) / 8 =
  25% → ``target_missed`` (high).  Rule score 20 × 6 / 8 = 15.00; claimed 20 → excess 5 > 0.1 →
  ``self_score_inflated``.  The reason cell is empty and nothing in the report gives a cause (the 评价结论
  only promises "下一步将继续加大促消费力度") → ``missing_deviation_reason``.
- 项目工作经费增幅: target 3% (growth of an expense → ≤3%), actual 2.5% → met, 10 of 10, no flag.  (Read
  as ≥3% it would be missed; labelling nothing here is the point.)
- Met: 32 ≥ 30场; 2000 ≥ 2000万元; 2024年9月20日 ≤ 2024年10月底; 12.4亿元 ≥ 10亿元 (1.24×, not
  overachieved); 94% ≥ 90%.
- Budget 480 / 500 = 96% → 10 × 0.96 = 9.6 as claimed.  Weights 10 + 15 + 15 + 10 + 10 + 20 + 10 + 10 =
  100.  合计 99.6 = 9.6 + 15 + 15 + 10 + 10 + 20 + 10 + 10 (claimed scores) → no arithmetic flag.  Rule
  total 9.6 + 15 + 15 + 10 + 10 + 15 + 10 + 10 = 94.6 (优).
"""

from __future__ import annotations

from _kit import SHEET, H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i01_retail_growth"

POLICY = DocSpec(title="澜江市2024年促消费专项资金绩效目标", blocks=[
    H("澜江市2024年促消费专项资金绩效目标"),
    P("主管部门：澜江市商务局　资金规模：500万元（市级财政资金）"),
    P("年度总体目标：组织开展系列促消费活动，发放消费券2000万元，带动全市消费回暖，社会消费品零售总额增幅8%。"),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 促消费活动场次 | ≥30场
    ^^ | ^^ | 发放消费券金额 | 2000万元
    ^^ | 时效指标 | 消费券资金拨付时间 | 2024年10月底前
    ^^ | 成本指标 | 项目工作经费增幅 | 3%
    效益指标 | 经济效益指标 | 社会消费品零售总额增幅 | 8%
    ^^ | ^^ | 带动消费金额 | ≥10亿元
    满意度指标 | 服务对象满意度指标 | 参与商户满意度 | ≥90%
    """),
    P("澜江市商务局　2024年1月"),
])

REPORT = DocSpec(title="项目支出绩效自评表（2024年度）", blocks=[
    SHEET("自评表"),
    H("项目支出绩效自评表"),
    P("（2024年度）"),
    T("""
    项目名称 | 2024年促消费专项资金 | << | << | << | << | << | <<
    主管部门 | 澜江市商务局 | << | 实施单位 | 澜江市商务局 | << | << | <<
    项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | <<
    ^^ | 500 | 500 | 480 | 10 | 96% | 9.6 | <<
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 促消费活动场次 | ≥30场 | 32场 | 15 | 15 |
    ^^ | ^^ | 发放消费券金额 | 2000万元 | 2000万元 | 15 | 15 |
    ^^ | 时效指标 | 消费券资金拨付时间 | 2024年10月底前 | 2024年9月20日 | 10 | 10 |
    ^^ | 成本指标 | 项目工作经费增幅 | 3% | 2.5% | 10 | 10 |
    效益指标 | 经济效益指标 | 社会消费品零售总额增幅 | 8% | 6% | 20 | 20 |
    ^^ | ^^ | 带动消费金额 | ≥10亿元 | 12.4亿元 | 10 | 10 |
    满意度指标 | 服务对象满意度指标 | 参与商户满意度 | ≥90% | 94% | 10 | 10 |
    合计 | << | << | << | << | 100 | 99.6 |
    """, header_rows=0),
    P("评价结论：项目自评得分99.6分，等级为优。下一步将继续加大促消费力度。"),
])


def files():
    return {"policy.md": POLICY, "report.xlsx": REPORT}
