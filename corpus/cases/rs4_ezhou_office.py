"""鄂州市 2022 滨湖大胆办公大楼运行保障 — real 市直部门预算项目支出绩效目标表 (realdocs/S4) as the policy,
paired with a hand-written 项目支出绩效自评表 (湖北式 预算执行20分 + 绩效指标80分) as the report.

Source of the policy: https://desk33.com/d-245426.html (a document-sharing site, see realdocs/S4) —
verbatim cells from ``corpus/realdocs.py`` key ``S4_ezhou`` (DOCX), extraction noise included: ``2280次``
and ``292%`` (most likely ``≥280次`` and ``≥92%``), ``重.要``.  The capture is cut off at 水电气消耗下降率,
so the policy ends with 成本控制率.  The report (``report.pdf``) is HAND-WRITTEN: the 2022 self-evaluation
of 市机关事务服务中心, which states the targets as the unit meant them.

Labels:
- 办公大楼日常维修维护次数: policy ``2280次``, report ``≥280次`` → ``target_changed``; 经常性大型设备更新验收
  合格率: policy ``292%``, report ``≥92%`` → ``target_changed``.  Read literally, the actuals (312次, 100%)
  miss the policy figures, and the full self-scores exceed the rule scores (15 × 312/2280 = 2.05;
  10 × 100/292 = 3.42), with no reason given: ``target_missed``, ``self_score_inflated`` and
  ``missing_deviation_reason`` on both are optional — a reviewer sees the policy cell is garbled.
- 大楼安检巡察次数: 186 < 200次 → ``target_missed`` (7%, medium), reason given; 15 × 186/200 = 13.95 as
  claimed.
- 重要设备维修维保验收合格率 (report spelling; the policy's ``重.要`` matches after punctuation is removed)
  95% → 97.2% met; >92% → 96.5% met; 成本控制率 ``不超预算`` → ``未超预算`` (qualitative, met).
- Budget 796.32 / 814 = 97.83% → 20 × 0.9783 = 19.57 as claimed; 总分 19.57 + 15 + 13.95 + 10 × 5 = 98.52.
"""

from __future__ import annotations

from _kit import H, P, T
from realdocs import specs

from docreview.docgen import DocSpec

CASE_ID = "rs4_ezhou_office"
SOURCE = "S4_ezhou"

REPORT = DocSpec(title="2022年度项目支出绩效自评表", blocks=[
    H("2022年度项目支出绩效自评表"),
    P("单位名称：鄂州市机关事务服务中心　　项目名称：滨湖大胆办公大楼运行保障　　填报日期：2023年3月28日"),
    T("""
    预算执行情况（万元）（20分） | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分（20分*执行率）
    项目资金总额 | 814 | 796.32 | 97.83% | 19.57
    其中：保安服务费 | 191 | 191 | 100% | /
    保洁服务费 | 99 | 99 | 100% | /
    水电气、维修维护费 | 524 | 506.32 | 96.63% | /
    """, widths=[2.0, 1.0, 1.0, 1.0, 1.4]),
    T("""
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 办公大楼日常维修维护次数 | ≥280次 | 312次 | 15 | 15 |
    ^^ | ^^ | 大楼安检巡察次数 | 200次 | 186次 | 15 | 13.95 | 5—6月大楼外立面改造施工期间部分楼层封闭，安检巡察相应减少；下一年度将根据施工安排调整巡察计划。
    ^^ | 质量指标 | 办公大楼日常维修维护验收合格率 | >92% | 96.5% | 10 | 10 |
    ^^ | ^^ | 经常性大型设备更新验收合格率 | ≥92% | 100% | 10 | 10 |
    ^^ | ^^ | 重要设备维修维保验收合格率 | 95% | 97.2% | 10 | 10 |
    ^^ | 成本指标 | 成本控制率 | 不超预算 | 未超预算 | 10 | 10 |
    满意度指标 | 服务对象满意度指标 | 服务对象满意度 | ≥90% | 95% | 10 | 10 |
    总分 | << | << | << | << | 100 | 98.52 |
    """, widths=[0.9, 1.0, 2.0, 0.9, 0.9, 0.5, 0.6, 2.4]),
    P("说明：2022年度大楼运行保障总体平稳，全年未发生安全责任事故。"),
])


def files():
    return {"policy.docx": specs()[SOURCE], "report.pdf": REPORT}
