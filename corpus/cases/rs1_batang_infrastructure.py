"""宁乡市坝塘镇 2021 镇域内基础设施建设 — real 项目绩效目标表 (realdocs/S1) as the policy, paired with a
hand-written 项目支出绩效自评表 as the report.

Source of the policy: https://renrendoc.com/paper/307484460.html (a document-sharing site, see realdocs/S1)
— verbatim cells from ``corpus/realdocs.py`` key ``S1_batang`` (PDF; the capture is cut off inside the
annual 满意度 row, so the annual table ends with 可持续影响指标).  The report (``report.html``) is
HAND-WRITTEN: the self-evaluation page the town could have published, which copies the target table's
"88 / 100" pattern as units that fill such forms tend to do.

Labels:
- The policy's annual indicators have no 三级指标 name (指标内容 holds 88/68/20) and every 指标值 is a bare
  100 with no unit or meaning → ``vague_target`` (placeholder) for each of the eight, named by 二级指标 —
  all eight are 数量/质量/时效/成本 or 效益 "with numbers".
- The report restates 100 and answers 100 for each: no ``target_changed``, nothing missed.  Its 满意度 row
  has no counterpart in the (cut-off) policy and is not an indicator here.
- Budget 9862.3105 / 10606.7522 = 92.98% → 9.30 of 10 as claimed; 6450.1200 + 3412.1905 = 9862.3105 (each line ≥ 90%);
  总分 9.30 + 90 = 99.30 as stated.
"""

from __future__ import annotations

from _kit import H, P, T
from realdocs import specs

from docreview.docgen import DocSpec

CASE_ID = "rs1_batang_infrastructure"
SOURCE = "S1_batang"

REPORT = DocSpec(title="坝塘镇2021年度项目支出绩效自评表（镇域内基础设施建设）", blocks=[
    H("2021年度项目支出绩效自评表"),
    P("填报单位（盖章）：宁乡市坝塘镇人民政府　　项目名称：镇域内基础设施建设　　填报日期：2022年4月15日"),
    T("""
    项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    年度资金总额 | 10606.7522 | 10606.7522 | 9862.3105 | 10 | 92.98% | 9.30
    其中：财政拨款 | 6923.3552 | 6923.3552 | 6450.1200 | — | 93.16% | —
    其他资金 | 3683.3970 | 3683.3970 | 3412.1905 | — | 92.64% | —
    """, widths=[1.6, 1.2, 1.2, 1.2, 0.6, 0.8, 0.6]),
    T("""
    年度总体目标 | 预期目标 | << | << | 实际完成情况 | << | <<
    ^^ | 全面完成集镇立面改造、机关、学校、乡村振兴等项目，搞好提质改造 | << | << | 完成集镇立面改造、机关及学校提质改造和乡村振兴示范片建设，部分乡村振兴项目结转下年实施 | << | <<
    """),
    T("""
    一级指标 | 二级指标 | 指标内容 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 88 | 100 | 100 | 15 | 15 |
    ^^ | 质量指标 | 88 | 100 | 100 | 15 | 15 |
    ^^ | 时效指标 | 88 | 100 | 100 | 10 | 10 |
    ^^ | 成本指标 | 88 | 100 | 100 | 10 | 10 |
    效益指标 | 经济效益指标 | 88 | 100 | 100 | 10 | 10 |
    ^^ | 社会效益指标 | 68 | 100 | 100 | 10 | 10 |
    ^^ | 生态效益指标 | 20 | 100 | 100 | 5 | 5 |
    ^^ | 可持续影响指标 | 20 | 100 | 100 | 5 | 5 |
    满意度指标 | 服务对象满意度指标 | 88 | 100 | 100 | 10 | 10 |
    总分 | << | << | << | << | 100 | 99.30 |
    """, widths=[1.0, 1.3, 0.8, 0.9, 0.9, 0.6, 0.6, 1.8]),
    P("说明：部分乡村振兴项目于年底开工，工程款按进度结转至2022年支付。"),
])


def files():
    return {"policy.pdf": specs()[SOURCE], "report.html": REPORT}
