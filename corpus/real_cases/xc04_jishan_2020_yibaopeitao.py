"""稷山县医疗保障局 2020 — 项目支出绩效自评表, 建档立卡个人缴费县级配套资金 (山西 运城 稷山县).

Source: https://keke.chddh.cn/archives/bqg98jldqdz7y2xm7pe6.html — a document-sharing copy of
"建档立卡个人缴费县级配套绩效自评表.xlsx" (稷山县项目支出绩效自评表 (2020年度)).  Published as an Excel form →
``report.xlsx``.  (Not the reserved 翟店镇卫生院 基本公卫 form: another unit, project and year.)

The copy is a text extraction of the sheet: cells run together and out of order (the 成本/效益/满意度 values are
listed before their row labels).  Rows were put back by matching each value group to its label in order:
成本 ``75元 75元 10 10``, 社会效益 ``95% 95% 30 27``, 满意度 ``95% 95% 10 9``, 总分 ``100 94``.  The budget line
shows only two amounts before 分值 (``65.66 65.07 10 99% 9``): read as 全年预算数 65.66 and 全年执行数 65.07
(65.07 / 65.66 = 99.1%, the stated 99%); the 年初预算数 cell is left empty because no third amount appears.
Kept verbatim: every value and label (``指标1:`` prefixes, ``—`` cells, the 实施单位 稷山县医疗保险服务中心, the
目标 texts "根本性解决" / "基本性 解决"), the reason text "建档立卡中有新增死亡人员,导致有偏差".
Left out: nothing visible; signatures and notes (if any) are not in the copy.

Labels (domain.md §3–5; no policy file; the form's 分值 win):
- Budget: 65.07 / 65.66 = 99.10% → 10 × 0.991 = 9.91; claimed 9 (lower — no flag). Rate 99% correct.
- 全县参合人数: 8676 < 8755 → ``target_missed`` (deviation 0.9%, medium).  Rule score 15 × 8676/8755 = 14.86;
  claimed 13 (lower, no flag).  A cause is given (新增死亡人员) → no missing_deviation_reason.
- 资金是否全部纳入医保统筹 100% / 100% → 15; 及时纳入 100% / 100% → 10; 配套资金每人每年 75元 / 75元
  (cost, ≤) → 10; 是否解决…看病难贵问题 95% / 95% → 30 (claimed 27); 是否满意 95% / 95% → 10 (claimed 9).
- Weights: 10 + 15 + 15 + 10 + 10 + 30 + 10 = 100 ✓ (产出 50, 效益 30, 满意度 10 as the headings say).
- 总分 94 vs the rows: 9 + 13 + 15 + 10 + 10 + 27 + 9 = 93 → ``arithmetic_error`` (null).  94 is what the
  rows give with the budget at a full 10 instead of the stated 9.
"""

from __future__ import annotations

from _kit import SHEET, H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xc04_jishan_2020_yibaopeitao"

REPORT = DocSpec(title="稷山县项目支出绩效自评表(2020年度)", blocks=[
    SHEET("Sheet1"),
    H("稷山县项目支出绩效自评表"),
    P("(2020年度)"),
    T("""
    项目名称 | 建档立卡个人缴费县级配套资金 | << | << | << | << | << | << | <<
    主管部门 | 稷山县医疗保障局 | << | << | 实施单位 | 稷山县医疗保险服务中心 | << | << | <<
    项目资金↵(万元) | | << | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    ^^ | 年度资金总额 | << | | 65.66 | 65.07 | 10 | 99% | 9
    ^^ | 其中:当年财政拨款 | << | | 65.66 | 65.07 | — | 99% | —
    ^^ | 上年结转资金 | << | | | | — | | —
    ^^ | 其他资金 | << | | | | — | | —
    年度总↵体目标 | 预期目标 | << | << | << | 实际完成情况 | << | << | <<
    ^^ | 提高医疗保障水平,推进因病致贫问题的根本性解决 | << | << | << | 提高医疗保障水平,推进了因病致贫问题的基本性↵解决 | << | << | <<
    绩↵效↵指↵标 | 一级↵指标 | 二级指标 | 三级指标 | 年度↵指标值 | 实际↵完成值 | 分值 | 得分 | 偏差原因分析及改进措↵施
    ^^ | 产出↵指标↵(50分↵) | 数量指标 | 指标1:全县参合人数 | 8755 | 8676 | 15 | 13 | 建档立卡中有新增死亡↵人员,导致有偏差
    ^^ | ^^ | 质量指标 | 指标1:资金是否全部纳入医↵保统筹 | 100% | 100% | 15 | 15 |
    ^^ | ^^ | 时效指标 | 指标1:资金是否全部及时纳↵入 | 100% | 100% | 10 | 10 |
    ^^ | ^^ | 成本指标 | 指标1:配套资金每人每年 | 75元 | 75元 | 10 | 10 |
    ^^ | 效益指↵标(30↵分) | 社会效益↵指标 | 指标1:是否解决建档立卡人↵员看病难贵问题 | 95% | 95% | 30 | 27 |
    ^^ | 满意度↵指标↵(10分↵) | 服务对象满↵意度指标 | 指标1:是否满意 | 95% | 95% | 10 | 9 |
    总分 | << | << | << | << | << | 100 | 94 |
    """, header_rows=0),
])


def files():
    return {"report.xlsx": REPORT}
