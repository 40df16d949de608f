"""江城区城市管理局 生活垃圾清运处置项目, 2023 and 2024 self-evaluations (hand-written; place name fictional).
History (domain.md §7.4): ``history.docx`` is the 2023年度 项目支出绩效自评表, ``report.docx`` the 2024年度 one of
the same unit and project.  One 三级指标 is renamed (生活垃圾清运量 → 生活垃圾收集清运量).

Labels (on the 2024 report; 2023 is the baseline):
- 吨垃圾清运处置成本: 2024 target ≤600元, 2023 actual 520元.  A cost: the ceiling allows more than last year's actual
  → ``target_below_baseline`` (direction-aware).  Met in 2024 (560 ≤ 600).
- 垃圾分类准确率: ≥85% → 78% in 2023, ≥85% → 80% in 2024 → ``repeated_miss``; 2024 ``target_missed`` (5.9%,
  medium).  A cause is given (新建小区集中交付…) → no ``missing_deviation_reason``.  Score 15 × 80/85 = 14.12 as
  claimed.
- 新增分类投放点: ≥130个 → 118个 → ``target_missed`` (9.2%, medium); cause given.  Rule score 10 × 118/130 = 9.08,
  claimed 10 → ``self_score_inflated``.  Met in 2023 (126 ≥ 120) → no repeated_miss.
- Other 2024 targets vs 2023 actuals: 18.8 > 18.6万吨; 100% = 100%; 日产日清率 100% > 99.2% (missed in 2023, met in
  2024); 垃圾清运投诉 ≤24件 = 24件 (an incident count: equal, not looser); 居民满意度 ≥92% = 92%.
- Budget 5488 / 5600 = 98.00% → 9.8 as claimed.  合计 claimed 9.8 + 89.12 = 98.92 (as stated: no arithmetic flag);
  rule total 98.00.
- 2023 file: budget 5346 / 5400 = 99% → 9.9; 日产日清率 5 × 99.2% = 4.96; 分类准确率 15 × 78/85 = 13.76; 合计 98.62.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k09_jiangcheng_laji"

UNIT = "江城区城市管理局"
AGENCY = "江城区环境卫生管理所"


def zipingbiao(year: int, budget: tuple[str, str, str, str, str], rows: str, total: str, conclusion: str) -> DocSpec:
    b0, b1, b2, rate, score = budget
    return DocSpec(title=f"{UNIT}{year}年度生活垃圾清运处置项目支出绩效自评表", blocks=[
        H(f"{year}年度项目支出绩效自评表"),
        T(f"""
        项目名称 | 生活垃圾清运处置项目 | << | << | << | << | << | <<
        主管部门 | {UNIT} | << | << | 实施单位 | {AGENCY} | << | <<
        项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
        ^^ | 年度资金总额 | {b0} | {b1} | {b2} | 10 | {rate} | {score}
        ^^ | 其中：当年财政拨款 | {b0} | {b1} | {b2} | — | — | —
        ^^ | 上年结转资金 | 0 | 0 | 0 | — | — | —
        ^^ | 其他资金 | 0 | 0 | 0 | — | — | —
        """, header_rows=0),
        T(f"""
        一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
        {rows}
        总分 | << | << | << | << | 100 | {total} |
        """, widths=[1.0, 1.1, 1.6, 1.1, 1.1, 0.6, 0.7, 2.4]),
        P(conclusion),
        P(f"{UNIT}（盖章）"),
    ])


HISTORY = zipingbiao(
    2023, ("5400", "5400", "5346", "99.00%", "9.9"),
    """
    产出指标 | 数量指标 | 生活垃圾清运量 | ≥18万吨 | 18.6万吨 | 20 | 20 |
    ^^ | ^^ | 新增分类投放点 | ≥120个 | 126个 | 10 | 10 |
    ^^ | 质量指标 | 生活垃圾无害化处理率 | 100% | 100% | 10 | 10 |
    ^^ | 时效指标 | 垃圾日产日清率 | 100% | 99.2% | 5 | 4.96 | 春节期间部分路段清运车辆调度不足，清运延迟。
    ^^ | 成本指标 | 吨垃圾清运处置成本 | ≤600元 | 520元 | 5 | 5 |
    效益指标 | 生态效益指标 | 垃圾分类准确率 | ≥85% | 78% | 15 | 13.76 | 居民分类投放习惯尚未养成，老旧小区分类设施不足。
    ^^ | 社会效益指标 | 垃圾清运投诉 | ≤30件 | 24件 | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 居民满意度 | ≥90% | 92% | 10 | 10 |
    """, "98.62",
    "自评结论：2023年全区清运生活垃圾18.6万吨，无害化处理率100%，项目自评得分98.62分，等级为优。")

REPORT = zipingbiao(
    2024, ("5600", "5600", "5488", "98.00%", "9.8"),
    """
    产出指标 | 数量指标 | 生活垃圾收集清运量 | ≥18.8万吨 | 19.1万吨 | 20 | 20 |
    ^^ | ^^ | 新增分类投放点 | ≥130个 | 118个 | 10 | 10 | 2个小区因业主委员会意见不一致，投放点未能选址落地。
    ^^ | 质量指标 | 生活垃圾无害化处理率 | 100% | 100% | 10 | 10 |
    ^^ | 时效指标 | 垃圾日产日清率 | 100% | 100% | 5 | 5 |
    ^^ | 成本指标 | 吨垃圾清运处置成本 | ≤600元 | 560元 | 5 | 5 |
    效益指标 | 生态效益指标 | 垃圾分类准确率 | ≥85% | 80% | 15 | 14.12 | 新建小区集中交付，新入住居民分类意识不强；下一步加强入户宣传和督导。
    ^^ | 社会效益指标 | 垃圾清运投诉 | ≤24件 | 21件 | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 居民满意度 | ≥92% | 93% | 10 | 10 |
    """, "98.92",
    "自评结论：2024年全区收集清运生活垃圾19.1万吨，无害化处理率100%，项目自评得分98.92分，等级为优。")


def files():
    return {"history.docx": HISTORY, "report.docx": REPORT}
