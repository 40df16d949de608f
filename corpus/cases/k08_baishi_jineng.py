"""白石县人力资源和社会保障局 职业技能提升培训项目, 2023 and 2024 self-evaluations (hand-written; place name
fictional).  History (domain.md §7.4): ``history.xlsx`` is the 2023年度 项目支出绩效自评表, ``report.xlsx`` the
2024年度 one of the same unit and project (财预〔2020〕10号 layout: 年度指标值 | 实际完成值 | 分值 | 得分 |
偏差原因分析及改进措施).  One 三级指标 is renamed slightly (培训合格率 → 培训考核合格率).  The same unit's 2025 target
table is case k10.

Labels (on the 2024 report; the 2023 file is the baseline, its own misses are not flags of this case):
- 开展职业技能培训: 2024 target ≥1000人次, but 2023's actual was 1250人次 → ``target_below_baseline``.  Met in 2024
  (1080 ≥ 1000, 1.08×).
- 培训后就业率: ≥95% → 91% in 2023 and ≥95% → 92% in 2024 → ``repeated_miss``; in 2024 ``target_missed``
  (deviation 3.2%, medium) and the 偏差原因 cell is empty → ``missing_deviation_reason``.  Score 15 × 92/95 = 14.53 as
  claimed → not inflated.
- Every other 2024 target is at or above 2023's actual, direction-aware: 30 ≥ 28期; 95% ≥ 94%; 2024年11月25日前 is
  earlier in the year than 2023's 11月28日; ≤1400元 is below 2023's 1420元 (a cost: stricter); ≥85% = 85%; ≥93% = 93%.
- Budget 291 / 300 = 97.00% → 9.7 as claimed.  Weights 10 + 50 + 30 + 10 = 100; 合计 9.7 + 89.53 = 99.23 as stated.
- 2023 file (baseline only): budget 270 / 280 = 96.43% → 9.64; 就业率 15 × 91/95 = 14.37; 合计 99.01.
"""

from __future__ import annotations

from _kit import SHEET, H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k08_baishi_jineng"

UNIT = "白石县人力资源和社会保障局"
AGENCY = "白石县就业服务中心"


def zipingbiao(year: int, budget: tuple[str, str, str, str, str], goal: tuple[str, str], rows: str,
               total: str) -> DocSpec:
    """A 项目支出绩效自评表 of ``year``: budget = (年初, 全年预算, 全年执行, 执行率, 得分)."""
    b0, b1, b2, rate, score = budget
    return DocSpec(title=f"{year}年度项目支出绩效自评表", blocks=[
        SHEET("自评表"),
        H("项目支出绩效自评表"),
        P(f"（{year}年度）"),
        T(f"""
        项目名称 | 职业技能提升培训项目 | << | << | << | << | << | <<
        主管部门 | {UNIT} | << | << | 实施单位 | {AGENCY} | << | <<
        项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
        ^^ | 年度资金总额 | {b0} | {b1} | {b2} | 10 | {rate} | {score}
        ^^ | 其中：当年财政拨款 | {b0} | {b1} | {b2} | — | — | —
        ^^ | 上年结转资金 | 0 | 0 | 0 | — | — | —
        ^^ | 其他资金 | 0 | 0 | 0 | — | — | —
        年度总体目标 | 预期目标 | << | << | 实际完成情况 | << | << | <<
        ^^ | {goal[0]} | << | << | {goal[1]} | << | << | <<
        """, header_rows=0),
        T(f"""
        一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
        {rows}
        合计 | << | << | << | << | 100 | {total} |
        """),
        P("填报人：赵敏　　联系电话：0000-7723456"),
    ])


HISTORY = zipingbiao(
    2023, ("280", "280", "270", "96.43%", "9.64"),
    ("全年开展职业技能培训1000人次以上，培训合格率90%以上，培训后就业率95%以上。",
     "全年开展职业技能培训28期1250人次，培训合格率94%，培训后就业率91%。"),
    """
    产出指标 | 数量指标 | 开展职业技能培训 | ≥1000人次 | 1250人次 | 20 | 20 |
    ^^ | ^^ | 开展培训班期数 | ≥25期 | 28期 | 10 | 10 |
    ^^ | 质量指标 | 培训合格率 | ≥90% | 94% | 10 | 10 |
    ^^ | 时效指标 | 培训任务完成时间 | 2023年11月底前 | 2023年11月28日 | 5 | 5 |
    ^^ | 成本指标 | 人均培训补贴 | ≤1500元 | 1420元 | 5 | 5 |
    效益指标 | 社会效益指标 | 培训后就业率 | ≥95% | 91% | 15 | 14.37 | 部分学员为在校学生及农村留守妇女，年底前尚未落实就业岗位；下一步加强就业跟踪服务。
    ^^ | 可持续影响指标 | 职业技能等级证书取得率 | ≥80% | 85% | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 参训人员满意度 | ≥90% | 93% | 10 | 10 |
    """, "99.01")

REPORT = zipingbiao(
    2024, ("300", "300", "291", "97.00%", "9.7"),
    ("全年开展职业技能培训1000人次以上、30期以上，培训考核合格率95%以上，培训后就业率95%以上。",
     "全年开展职业技能培训31期1080人次，培训考核合格率96%，培训后就业率92%。"),
    """
    产出指标 | 数量指标 | 开展职业技能培训 | ≥1000人次 | 1080人次 | 20 | 20 |
    ^^ | ^^ | 开展培训班期数 | ≥30期 | 31期 | 10 | 10 |
    ^^ | 质量指标 | 培训考核合格率 | ≥95% | 96% | 10 | 10 |
    ^^ | 时效指标 | 培训任务完成时间 | 2024年11月25日前 | 2024年11月22日 | 5 | 5 |
    ^^ | 成本指标 | 人均培训补贴 | ≤1400元 | 1380元 | 5 | 5 |
    效益指标 | 社会效益指标 | 培训后就业率 | ≥95% | 92% | 15 | 14.53 |
    ^^ | 可持续影响指标 | 职业技能等级证书取得率 | ≥85% | 87% | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 参训人员满意度 | ≥93% | 95% | 10 | 10 |
    """, "99.23")


def files():
    return {"history.xlsx": HISTORY, "report.xlsx": REPORT}
