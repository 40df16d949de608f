"""成安县民政局 2020 — 预算项目绩效自评表, 19名百岁老人高龄津贴 (河北 邯郸 成安县, Hebei layout).

Source: http://cycms.chengan.gov.cn/zfxxgk/bmView.jsp?id=15437&websiteid=905&xxfl=0404 — the county's
信息公开 page "成安县民政局2020年度预算项目绩效自评表" (发布日期 2021.07.14, 发布机构 民政局).  An HTML page
→ ``report.html``.

Layout (河北 预算项目绩效自评表, unlike the 财预〔2020〕10号 form): 一、基本情况 / 二、预算执行情况 (预算安排情况
(调整后) | 资金到位情况 | 资金执行情况 | 预算执行进度(%)) / 三、目标完成情况 (年度预期目标 | 具体完成情况 |
总体完成率(%)) / 四、年度绩效指标完成情况 with a two-row header: 预期指标值 split into 符号 | value |
单位(文字描述) (``>=`` | ``98`` | ``%(百分比)``), and 自评得分 split into 单项指标得分 | 权重占比(%) |
单项指标折算得分.  The capture shows twelve cells per indicator row; the header row names 指标分值 where the
rows carry an indicator explanation ("享受补贴政策人数占…的比例"); kept as captured.

Kept verbatim: every cell the capture shows, including ``>=`` written as two characters, ``%(百分比)``, the
二级 name 效果指标 (not 效益指标) above 社会效益指标, the 时效 indicator named just 完成率, the repeated
目标 text in both 年度预期目标 and 具体完成情况.
Left out: the capture stops at the 预算执行率 row ("预算执行率 预算执行率" and empty cells); that row and anything
after it (总分, notes) are not included.  Nothing is rewritten (the page is a table only).

Labels (domain.md §3–5; no policy file, the form's own 预期指标值 is the target):
- Targets: ``>=`` + ``98`` + ``%(百分比)`` → ``≥98%``; likewise ``≥99%``, ``≥75%``, ``≥95%``.
- Actuals: ``100%`` for all four, 单项指标完成情况 ``完成``.  All four meet their targets → no target_missed.
- Weights (权重占比): 25 + 25 + 30 + 10 = 90; the 预算执行率 row (cut) would hold the other 10.
- Scores: 单项指标得分 25 / 25 / 30 / 10 equals each weight (rule score = w when met → no inflation).
  单项指标折算得分 = 单项指标得分 × 权重占比 / 100 (25 × 25% = 6.25, 30 × 30% = 9.00, 10 × 10% = 1.00): the form
  applies the weight twice (the 单项指标得分 column is meant to be on a 100 scale), which *deflates* the
  折算 score.  A lower-than-rule score is not a §5 flag, so nothing is labelled; noted for the reviewer.
- Budget: 预算数 6.84, 执行数 6.84 → 100%, 预算执行进度 100.00 as stated → no budget flag.
- The total row is cut, so no total to check.  Clean case: ``flags: []``.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xc01_chengan_2020_gaolingjintie"

REPORT = DocSpec(title="成安县民政局2020年度预算项目绩效自评表", blocks=[
    H("成安县民政局2020年度预算项目绩效自评表"),
    P("发布日期: 2021.07.14　索引号: 00062104-2-0404-2011-1033　发布机构: 民 政 局"),
    H("成安县民政局2020年度预算项目绩效自评表", 2),
    T("""
    一、基本情况 | 项目名称: | 19名百岁老人高龄津贴 | 是否为专项资金: | | 实施(主管)单位 | 314002-成安县民政局机关 | 金额单位: 万元
    """, header_rows=0),
    T("""
    二、预算执行情况 | 预算安排情况(调整后) | << | 资金到位情况 | << | 资金执行情况 | << | 预算执行进度(%)
    ^^ | 预算数 | 6.84 | 到位数 | 6.84 | 执行数 | 6.84 | 100.00
    ^^ | 其中:财政资金 | 6.84 | 其中:财政资金 | 6.84 | 其中:财政资金 | 6.84 |
    ^^ | 其他 | 0.00 | 其他 | 0.00 | 其他 | 0.00 |
    """, header_rows=1),
    T("""
    三、目标完成情况 | 年度预期目标 | 具体完成情况 | 总体完成率(%)
    ^^ | 为我县百岁高龄老年人发放补贴,使老年人得到更好的照顾。 | 为我县百岁高龄老年人发放补贴,使老年人得到更好的照顾。 | 100.00
    ^^ | 为全县共享改革开放成果,促进社会稳定文明和谐 | 为全县共享改革开放成果,促进社会稳定文明和谐 |
    """, header_rows=1),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标分值 | 预期指标值 | << | << | 单项指标实际完成值 | 单项指标完成情况 | 自评得分 | << | <<
    ^^ | ^^ | ^^ | ^^ | 符号 | | 单位(文字描述) | ^^ | ^^ | 单项指标得分 | 权重占比(%) | 单项指标折算得分
    产出指标 | 质量指标 | 符合条件申报对象覆盖率 | 享受补贴政策人数占符合条件申报对象总数的比例 | >= | 98 | %(百分比) | 100% | 完成 | 25.00 | 25.00 | 6.25
    ^^ | 时效指标 | 完成率 | 按照要求每月及时完成符合条件对象审批的比例(百分比) | >= | 99 | %(百分比) | 100% | 完成 | 25.00 | 25.00 | 6.25
    效果指标 | 社会效益指标 | 补贴发放率 | 高龄补贴发放完成率 | >= | 75 | %(百分比) | 100% | 完成 | 30.00 | 30.00 | 9.00
    满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 享受高龄津贴的对象对老龄工作的满意程度 | >= | 95 | %(百分比) | 100% | 完成 | 10.00 | 10.00 | 1.00
    """, header_rows=2),
    P("(来源页面在“预算执行率”一行处截断,该行及其后内容未收录。)"),
])


def files():
    return {"report.html": REPORT}
