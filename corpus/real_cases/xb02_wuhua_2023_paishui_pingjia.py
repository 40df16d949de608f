"""昆明市五华区住房和城乡建设局 2023年排水管网清污分流及综合管廊配套工程项目 重点绩效评价报告 (云南, 昆明市五华区).

Source: http://www.kmwh.gov.cn/c/2024-10-15/6914341.shtml — 五华区人民政府 site, published 2024-10-15.  An HTML page
→ ``report.html``.  The page opens with a (partly extracted) table of contents, then 一、基本情况 and 二、重点绩效评价结论.

Kept: every figure and claim of the captured part — the 三年行动方案 (2022-2024年) as background; 勘察、设计和施工 in
三个标段; 9个街道办事处, 126条道路; 80条道路新建排水管网33.28km; 46条道路改造合流管网52.52km; 五华区住建局 as the
responsible unit; 投资估算67,289.03万元, 实际到位资金16,760.00万元, 使用项目资金15,645.41万元, 资金使用率93.35%; 评价得分
81.22分, 等级"良"; the conclusion's findings (立项依据充分, 绩效目标基本合理, 预算执行和绩效管理有待提高; 部分工程进度未达计划,
监督执行不到位, 整体工程未在时限内完成).  Amounts keep the thousands separators as published (67,289.03).
Rewritten: all sentences in our own words, same order (basic information → budget figures → score and grade →
findings).  The TOC fragments the extraction kept are left as two short lines.
Left out: everything after the sentence on the protection plan for 文物 and 地铁轨道 (the capture stops there): the
indicator-by-indicator analysis, problems and suggestions.

Labels (``kind: evaluation``; the captured part has no indicator table, only the total score, so no indicators):
- Budget: 15,645.41 / 16,760.00 = 93.35%, as stated.  Measured against the funds actually received; against the
  67,289.03万元 estimate of the whole multi-year project it would be 23%, but an investment estimate is not the year's
  budget, so no ``low_budget_execution``.
- Score 81.22 lies in [80, 90) → 良, as stated.  No breakdown to add up in the captured part.
- 80 + 46 = 126 roads, consistent with the 126条道路 stated.
- ``flags: []``.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "xb02_wuhua_2023_paishui_pingjia"

TITLE = "昆明市五华区住房和城乡建设局2023年排水管网清污分流及综合管廊配套工程项目重点绩效评价报告"

REPORT = DocSpec(title=TITLE, blocks=[
    H(TITLE),
    P("目 录"),
    P("（二）重点绩效评价原则、评价指标体系、评价方法、评价标准和评价抽样"),
    H("一、基本情况", 2),
    P("为解决城市雨水污水混流的问题，加强排水管网设施的体系化建设，统筹推进滇池源头治污与城市内涝治理，中共昆明市委"
      "办公室、昆明市人民政府办公室印发了《昆明城区雨污分流改造提升三年行动方案（2022-2024年）》。"),
    P("本项目的勘察、设计和施工共分三个标段实施，范围覆盖9个街道办事处辖区内的126条道路：其中80条道路新建排水管网"
      "33.28km，46条道路改造合流管网52.52km。项目责任主体为五华区住建局，负责市政排水管网建设的组织实施。"),
    P("项目投资估算67,289.03万元，实际到位资金16,760.00万元，已使用项目资金15,645.41万元，资金使用率为93.35%。"),
    H("二、重点绩效评价结论", 2),
    P("经重点绩效评价，五华区住建局2023年排水管网清污分流及综合管廊配套工程项目得分81.22分，评价等级为“良”。"),
    P("项目立项依据充分、程序规范，绩效目标基本合理，预算编制基本科学合理；项目资金积极争取、分配恰当，使用合规，"
      "会计核算规范，管理制度执行基本有效。但预算执行和项目绩效管理工作仍需加强。"),
    P("项目实施范围覆盖9个街道办事处辖区内的126条道路，完成了排水管网混错接点改造以及架空线入地道路建设，点位督导"
      "巡查和工程进度统计报送及时。但部分工程进度未达到计划要求，项目监督执行不到位，实施进度滞后，致使项目整体工程"
      "未能在规定时限内完工。"),
    P("项目实施中针对涉及文物及地铁轨道的范围制定了保护方案。"),
])


def files():
    return {"report.html": REPORT}
