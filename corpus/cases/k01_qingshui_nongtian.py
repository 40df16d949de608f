"""清水县农业农村局 2025年高标准农田建设项目 绩效目标申报表 (hand-written; place name fictional).  Target review
(domain.md §7.2): a target table reviewed on its own, ``"kind": "target"``.

Target: 项目支出绩效目标申报表 (XLSX) — header block (项目名称, 主管部门, 实施单位, 项目期限, 项目资金 with 年度资金总额 /
其中：财政拨款 / 其他资金, 年度总体目标), then 一级指标 | 二级指标 | 三级指标 | 指标值.  No policy, no report, no
actuals, no score.

Labels:
- 项目资金: 年度资金总额 1860 ≠ 财政拨款 1500 + 其他资金 300 = 1800 → ``arithmetic_error`` (null).
- 一级 dimensions: 产出 and 效益 only; no 满意度指标 → ``missing_dimension`` (null, one flag).  产出 has all four
  二级 (数量, 质量, 时效, 成本) → no other missing dimension.
- 新建高标准农田面积 appears twice under 数量指标, ≥1.2万亩 (row 1, as in the 年度总体目标) and ≥1.5万亩 (row 3) →
  ``duplicate_target`` on it.  The label's target is the first row's ≥1.2万亩 (a label name can be listed only once).
- 项目完工时间 2026年6月底前: the project period is 2025年1月—2025年12月 (one budget year) → a deadline outside the
  budget year and the project period → ``implausible_target``.
- 亩均建设成本 ≥1500元 (成本指标 with a minimum) → ``direction_error``.
- The other targets are distinct (no value shared by more than half); no degree-word targets → no ``vague_target``.
"""

from __future__ import annotations

from _kit import SHEET, H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k01_qingshui_nongtian"

TARGET = DocSpec(title="2025年度项目支出绩效目标申报表", blocks=[
    SHEET("绩效目标申报表"),
    H("项目支出绩效目标申报表（2025年度）"),
    P("填报单位（盖章）：清水县农业农村局"),
    T("""
    项目名称 | 2025年高标准农田建设项目 | << | <<
    主管部门 | 清水县农业农村局 | 实施单位 | 清水县农田建设服务中心
    项目期限 | 1年（2025年1月—2025年12月） | << | <<
    项目资金（万元） | 年度资金总额 | 1860 | <<
    ^^ | 其中：财政拨款 | 1500 | <<
    ^^ | 其他资金 | 300 | <<
    年度总体目标 | 2025年新建高标准农田1.2万亩，配套建设高效节水灌溉0.3万亩，改善项目区农业生产条件，提高粮食综合生产能力。 | << | <<
    """, header_rows=0),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 新建高标准农田面积 | ≥1.2万亩
    ^^ | ^^ | 新建高效节水灌溉面积 | ≥0.3万亩
    ^^ | ^^ | 新建高标准农田面积 | ≥1.5万亩
    ^^ | 质量指标 | 工程验收合格率 | 100%
    ^^ | 时效指标 | 项目完工时间 | 2026年6月底前
    ^^ | 成本指标 | 亩均建设成本 | ≥1500元
    效益指标 | 经济效益指标 | 亩均粮食产能提高 | ≥100斤
    ^^ | 社会效益指标 | 受益农户 | ≥3200户
    ^^ | 可持续影响指标 | 工程设计使用年限 | ≥15年
    """),
    P("填报人：周建国　　联系电话：0000-6612345　　填报日期：2024年10月20日"),
])


def files():
    return {"target.xlsx": TARGET}
