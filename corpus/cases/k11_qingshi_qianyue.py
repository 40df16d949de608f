"""青石县卫生健康局 家庭医生签约服务项目, 2023 and 2024 self-evaluations (hand-written; place name fictional).
History (domain.md §7.4): ``history.xlsx`` is the 2023年度 项目支出绩效自评表 (a unit's own spreadsheet),
``report.pdf`` the 2024年度 one as published.

Labels (on the 2024 report; 2023 is the baseline):
- 重点人群家庭医生签约人数: 2024 target ≥4.5万人 while 2023's actual was 4.8万人 → ``target_below_baseline``.  Met in
  2024 (4.9 ≥ 4.5).
- 高血压患者规范管理率: ≥70% → 66% in 2023 and ≥70% → 67% in 2024 → ``repeated_miss``; 2024 ``target_missed``
  (4.3%, medium), the 偏差原因 cell is empty → ``missing_deviation_reason``.  Score 10 × 67/70 = 9.57 as claimed.
- 开展健康体检人次 missed in 2023 (2.7 < 3万人次) but met in 2024 (3.1) → no repeated_miss; 2024's target 3万人次 is
  above 2023's 2.7 → not below baseline.
- 人均签约服务补助 ≤40元 equals 2023's actual 40元 → not below baseline.  The other 2024 targets are at or above
  2023's actuals (2024年12月15日前 vs 2023's 12月15日; ≥83% = 83%; ≥62个 = 62个; ≥91% = 91%).
- Budget 182 / 200 = 91.00% ≥ 90% → 9.1 as claimed, no ``low_budget_execution``.  合计 9.1 + 89.57 = 98.67 as stated.
- 2023 file: budget 186.2 / 190 = 98% → 9.8; 体检 10 × 2.7/3 = 9; 规范管理率 10 × 66/70 = 9.43; 合计 98.23.
"""

from __future__ import annotations

from _kit import SHEET, H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k11_qingshi_qianyue"

UNIT = "青石县卫生健康局"
AGENCY = "青石县基层卫生指导中心"


def zipingbiao(year: int, budget: tuple[str, str, str, str, str], rows: str, total: str, sheet: bool) -> DocSpec:
    b0, b1, b2, rate, score = budget
    return DocSpec(title=f"{year}年度项目支出绩效自评表", blocks=[
        *([SHEET(f"{year}年自评表")] if sheet else []),
        H("项目支出绩效自评表"),
        P(f"（{year}年度）"),
        T(f"""
        项目名称 | 家庭医生签约服务项目 | << | << | << | << | << | <<
        主管部门 | {UNIT} | << | << | 实施单位 | {AGENCY} | << | <<
        项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
        ^^ | 年度资金总额 | {b0} | {b1} | {b2} | 10 | {rate} | {score}
        ^^ | 其中：当年财政拨款 | {b0} | {b1} | {b2} | — | — | —
        ^^ | 上年结转资金 | 0 | 0 | 0 | — | — | —
        ^^ | 其他资金 | 0 | 0 | 0 | — | — | —
        """, widths=[1.2, 1.6, 1.0, 1.0, 1.0, 0.6, 0.9, 0.7], header_rows=0),
        T(f"""
        一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
        {rows}
        合计 | << | << | << | << | 100 | {total} |
        """, widths=[1.0, 1.1, 1.7, 1.1, 1.1, 0.6, 0.7, 2.2]),
        P("填表人：孙丽　　审核人：吴卫东"),
    ])


HISTORY = zipingbiao(
    2023, ("190", "190", "186.2", "98.00%", "9.8"),
    """
    产出指标 | 数量指标 | 重点人群家庭医生签约人数 | ≥4.5万人 | 4.8万人 | 20 | 20 |
    ^^ | ^^ | 开展健康体检人次 | ≥3万人次 | 2.7万人次 | 10 | 9 | 部分老年人冬季随子女外出居住，未能在县内参加体检。
    ^^ | 质量指标 | 高血压患者规范管理率 | ≥70% | 66% | 10 | 9.43 | 乡村医生人员不足，随访不及时。
    ^^ | 时效指标 | 签约服务费拨付时间 | 2023年12月底前 | 2023年12月15日 | 5 | 5 |
    ^^ | 成本指标 | 人均签约服务补助 | ≤40元 | 40元 | 5 | 5 |
    效益指标 | 社会效益指标 | 签约居民续约率 | ≥80% | 83% | 15 | 15 |
    ^^ | 可持续影响指标 | 家庭医生团队 | ≥60个 | 62个 | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 签约居民满意度 | ≥90% | 91% | 10 | 10 |
    """, "98.23", sheet=True)

REPORT = zipingbiao(
    2024, ("200", "200", "182", "91.00%", "9.1"),
    """
    产出指标 | 数量指标 | 重点人群家庭医生签约人数 | ≥4.5万人 | 4.9万人 | 20 | 20 |
    ^^ | ^^ | 开展健康体检人次 | ≥3万人次 | 3.1万人次 | 10 | 10 |
    ^^ | 质量指标 | 高血压患者规范管理率 | ≥70% | 67% | 10 | 9.57 |
    ^^ | 时效指标 | 签约服务费拨付时间 | 2024年12月15日前 | 2024年12月10日 | 5 | 5 |
    ^^ | 成本指标 | 人均签约服务补助 | ≤40元 | 40元 | 5 | 5 |
    效益指标 | 社会效益指标 | 签约居民续约率 | ≥83% | 85% | 15 | 15 |
    ^^ | 可持续影响指标 | 家庭医生团队 | ≥62个 | 64个 | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 签约居民满意度 | ≥91% | 92% | 10 | 10 |
    """, "98.67", sheet=False)


def files():
    return {"history.xlsx": HISTORY, "report.pdf": REPORT}
