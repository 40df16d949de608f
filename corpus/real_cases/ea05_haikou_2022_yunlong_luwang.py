"""海口国家高新区管委会 2022 — 云龙产业园基础设施配套路网项目, 海口市财政支出项目绩效自评报告 (海南, prose).

Source: http://gxq.haikou.gov.cn/xxgk/czxx/202306/t1288834.shtml (published 2023-07-24, an HTML page).  The capture
stops inside section 二(三) (资金实际使用情况), so only 一、项目概况 and the start of 二、项目决策及资金使用管理情况
are used; the rest of the report (indicator completion, score, problems) is not in the capture.

Rewritten in our own sentences, keeping every figure and the sentence pattern (budget "预算经费…万元, 支付…万元";
总体目标 stated as a share of the construction volume; the 年度目标完成情况 answered with the payment figure).  The
project leader's phone number is left out.  Figures kept: 5条市政道路, 4335.943m, 红线宽度14、20m, 3483万元 (budget,
paid, 列入部门预算), 总体目标 50%.

Labels:
- One indicator, the report's own 总体目标: 项目改造建设总量 ``50%``.  The report answers the 年度目标完成情况 only with
  money (预算3483万元, 支付3483万元), never with a construction share.  In the rebuilt document that is
  ``not_reported``; it is optional because the original report continues past the capture and may give the figure
  later.
- Budget: 3483 / 3483 = 100% → no budget flag.  No scores in the captured part.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "ea05_haikou_2022_yunlong_luwang"

REPORT = DocSpec(title="海口市财政支出项目绩效自评报告(云龙产业园基础设施配套路网项目)", blocks=[
    H("海口市财政支出项目绩效自评报告(云龙产业园基础设施配套路网项目)"),
    P("来源：海口国家高新区　发布时间：2023-07-24"),
    H("一、项目概况", 2),
    P("(一)项目基本情况:"),
    P("1.项目主要内容:项目涉及云龙产业园区内的5条市政道路,道路合计长4335.943m,性质均为规划支路,道路红线宽度为14m和"
      "20m两种。建设内容包括道路、交通、桥涵、给排水、照明、电力管沟以及绿化等工程;燃气等管线只预留管位,不纳入本次具体设计。"),
    P("2.资金:云龙产业园基础设施配套路网项目2022年安排预算经费3483万元,当年支付3483万元。"),
    P("项目的预算单位、主管部门和项目业主均为海口国家高新区管委会(行政主管部门)。项目负责人为赵兴亮。"),
    P("项目概述:保障项目经费支出,确保项目建设正常推进。"),
    P("(二)项目年度预算绩效目标和绩效指标设定情况"),
    P("总体目标:完成项目改造建设总量的50%。"),
    P("当年年度目标完成情况:2022年预算3483万元,全年完成支付3483万元。"),
    H("二、项目决策及资金使用管理情况", 2),
    P("(一)项目决策情况:该项目2022年列入部门预算3483万元,全年实际支付3483万元。"),
    P("(二)项目资金安排落实、总投入等情况:项目资金3483万元已列入2022年部门预算,当年已全部支付。2022年度部门预算中本项目"
      "预算金额为3483万元。"),
])


def files():
    return {"report.html": REPORT}
