"""A district 医疗保障局 (place not named) — 项目运行绩效监控报告, funds as of 6月30日 (year written as 20xx).

Source: http://shddsc.com/baogaofanwen/2398584.html — a model-essay (范文) page "项目运行绩效监控报告(精选27篇)"
that reproduces real unit reports with the year masked as "20xx"; this case is its report 1 (a 区级 医保局: 城乡居民
医疗保险区级配套资金, 健康扶贫一站式结算).  The store holds the page in traditional characters with a few characters
garbled by the converter (the list markers "(一)" … "(四)"); the rebuilt report is in simplified characters with
the markers restored.  The capture stops at the heading 二(三) "项目组织实施的实际情况与目标的差异情况说明"; the
rebuilt report stops there and says so.  HTML page → ``report.html`` (kind ``monitor``).

Kept: every figure — 资金规模共计2535.4万元 and its six parts (500, 1740, 200, 20, 15.4, 60万元); 项目实施期限
20xx年; 本级财政预算安排医保局专项资金共计2646.34万元, 计划用于6类专项支出; 截至20xx年6月30日 专项资金已到位
672.44万元, 使用672.44万元, 使用率100%.  Rewritten: the sentences, in our own words, same order.  Left out: page
chrome, the essay site's intro line, and everything after the cut.

Labels (domain.md §7.3):
- period "截至20xx年6月30日" → 序时进度 0.5.
- Budget execution: 672.44 used of 2646.34万元 budgeted = 25.4% (of the 2535.4万元 of section (一): 26.5%), about
  25 points below 50% → ``behind_schedule`` (indicator null).  The stated 使用率100% is 使用 ÷ 到位 (672.44 ÷
  672.44), which is arithmetically right but is not execution against the budget; no ``arithmetic_error``.
- ``inconsistent_values`` optional (null): the six special funds total 2535.4万元 in (一) but 2646.34万元 in (四)
  ("计划用于6类专项支出"); a reviewer may read them as two different figures (项目资金 vs 预算安排 incl. something
  else) rather than one quantity stated twice.
- No indicator, no 完成目标可能性, no 全年预计 value in the capture → no indicators, no ``forecast_contradiction``.
- 500 + 1740 + 200 + 20 + 15.4 + 60 = 2535.4 (correct).
"""

from __future__ import annotations

from _kit import H, P, DocSpec

CASE_ID = "mo03_buming_nd_yibaoju"

REPORT = DocSpec(title="项目运行绩效监控报告", blocks=[
    H("项目运行绩效监控报告"),
    H("一、项目支出基本情况", 2),
    P("(一)项目概况:资金规模合计2535.4万元,包括特殊人群医疗保险基金项目资金500万元,城乡居民医疗保险区级配套资金"
      "项目资金1740万元,健康扶贫一站式结算住院医疗救助资金项目资金200万元,医保基金监管、稽核管理运行费项目资金"
      "20万元,医保内网信息网络专线服务费资金项目15.4万元,城乡居民基本医疗保险参保筹资代办工作经费项目资金60万元。"),
    P("(二)项目实施期限:20xx年。"),
    P("(三)项目主要内容、涉及范围:城乡居民医疗保险区级配套资金、特殊人群医疗保险基金项目资金、健康扶贫一站式结算"
      "住院医疗救助资金项目、医保基金监管和稽核管理运行费项目、医保内网信息网络专线服务费资金项目、城乡居民基本医疗"
      "保险参保筹资代办工作经费项目。"),
    P("(四)项目资金(包括财政资金、自筹资金等)安排落实、投入等情况:20xx年本级财政预算为医保局安排专项资金共计"
      "2646.34万元,计划用于6类专项支出;截至20xx年6月30日,专项资金已到位672.44万元,已使用672.44万元,使用率100%。"),
    H("二、绩效运行监控工作开展情况", 2),
    P("(一)项目组织情况"),
    P("年初依据业务运行情况估算并申报预算,财政部门批复后,按资金用途依程序办理指标使用手续。"),
    P("(二)项目管理情况"),
    P("为全面实施预算绩效管理、加快建立预算绩效运行监控机制,我单位按照全面推进预算绩效管理的有关规定和上级财政部门"
      "的工作部署,认真开展了项目绩效运行监控工作。"),
    P("(三)项目组织实施的实际情况与目标的差异情况说明。"),
    P("(原网页在此处截断,以下内容未能取得。)"),
])


def files():
    return {"report.html": REPORT}
