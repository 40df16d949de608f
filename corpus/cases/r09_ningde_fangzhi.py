"""宁德市委党史和地方志研究室 2019 — real 部门整体支出绩效目标表 (realdocs/09) as the policy, paired with a
hand-written 部门整体支出绩效自评表 as the report.

Source of the policy: http://ndfzw.com/ggl/2019-12-31/7211.html — verbatim cells from ``corpus/realdocs.py``
key ``09_ningde`` (XLSX; the capture is cut off at "成本指标  基本支出", so the policy ends with 项目完成时间).
The report (``report.md``) is HAND-WRITTEN: the self-evaluation the same office could have filed for 2019.

Labels (targets from the policy, normalised: ``100%``, ``≥60%``, ``1`` as written):
- 志鉴地情相关工作开展所需资金的供应时效: the policy says 100%, the report restates ``≥95%`` →
  ``target_changed`` (actual 100% meets either).
- 确保日常工作正常运行: 98.5% against 100% → ``target_missed`` (deviation 1.5%, medium); the reason cell is
  empty and the 自评说明 gives no cause → ``missing_deviation_reason``.  Score 15 × 98.5/100 = 14.775 →
  14.78 claimed → not inflated.
- 按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴: ≥60% answered with 100% = 1.67 × target →
  ``overachieved``.
- 覆盖率 / 审稿率 are restated as ``1`` and answered ``1`` (the policy's own odd unit, see README); no flag.
- Budget 166.02 / 171.41 = 96.86% → 9.69 of 10 as claimed; 58.30 + 107.72 = 166.02 and 60.8 + 110.61 =
  171.41; 总分 9.69 + 15 + 14.78 + 15 × 4 = 99.47 as stated → no arithmetic flag.
"""

from __future__ import annotations

from _kit import H, P, T
from realdocs import specs

from docreview.docgen import DocSpec

CASE_ID = "r09_ningde_fangzhi"
SOURCE = "09_ningde"

REPORT = DocSpec(title="2019年度部门整体支出绩效自评表", blocks=[
    H("部门整体支出绩效自评表（2019年度）"),
    P("部门（单位）名称：中共宁德市委党史和地方志研究室　　部门预算编码：901001033　　填报日期：2020年3月20日"),
    H("一、预算执行情况（10分）", 2),
    T("""
    项目 | 全年预算数（万元） | 全年执行数（万元） | 执行率 | 分值 | 得分
    资金总额 | 171.41 | 166.02 | 96.86% | 10 | 9.69
    其中：项目支出 | 60.8 | 58.30 | 95.89% | / | /
    基本支出 | 110.61 | 107.72 | 97.39% | / | /
    """),
    H("二、绩效指标完成情况（90分）", 2),
    T("""
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 志鉴地情相关工作开展所需资金的供应时效 | ≥95% | 100% | 15 | 15 |
    产出指标 | 数量指标 | 确保日常工作正常运行 | 100% | 98.5% | 15 | 14.78 |
    产出指标 | 数量指标 | 按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴 | ≥60% | 100% | 15 | 15 |
    产出指标 | 质量指标 | 调研、督促、指导志、鉴、地情编纂的县(市、区)的覆盖率 | 1 | 1 | 15 | 15 |
    产出指标 | 质量指标 | 各类书籍审稿率 | 1 | 1 | 15 | 15 |
    产出指标 | 时效指标 | 项目完成时间 | 100% | 100% | 15 | 15 |
    总分 | | | | | 100 | 99.47 |
    """),
    H("三、自评说明", 2),
    P("2019年度，我室围绕年度履职目标，保障志鉴地情相关工作开展所需资金，《宁德市志》编纂和《宁德年鉴（2019）》"
      "编辑出版工作按计划推进，人员工资及福利按时足额发放。全年预算执行率96.86%，自评总分99.47分，自评等级为优。"),
    P("下一步，我室将进一步细化量化绩效指标，加强预算执行进度管理，提高财政资金使用效益。"),
])


def files():
    return {"policy.xlsx": specs()[SOURCE], "report.md": REPORT}
