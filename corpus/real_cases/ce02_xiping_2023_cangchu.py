"""2023年西平县农产品交易市场仓储基地建设项目绩效自评报告 — 西平县 (驻马店市, 河南), 财政衔接资金, 2023.

Source: http://218.28.100.114:82/portal/zwgk/zdgk/hjbh/tpgj/webinfo/2023/12/phone1711893936644135.htm
(西平县人民政府 portal, 来源: 扶贫办, 2023-12-26).  An HTML page → ``report.html``.  The implementing unit calls
itself only "我局".

Kept: every figure and the order of the report: 下达财政衔接资金8010万元; 新建农产品储存冷藏库10个 (约50000立方米),
物流仓储中心约20000平方米, 小型农产品加工车间4个 (约8000平方米); 15个绩效目标指标 (一级3个, 二级8个, 三级15个);
自评调查 2023年12月5日至15日; 资金8010万元均已到位; 截止2023年11月30日已拨付8010万元, 执行率100%; 产出 "已新建成"
the same three items.  Rewritten: all sentences in our own words, same pattern (目标 in 一, 完成 in 三, 执行率 stated).
Left out: everything after "2.效益指标…" — the capture stops there (效益/满意度 analysis, problems, use of results).

Labels (domain.md §3–5): no policy file and no table, so the report's own year targets (section 一) are the
indicators.  The report says 15 三级指标 were set; only the three output items are stated in the part kept,
so only those are labelled (the others are not in the file, so nothing is "not reported").
- 新建农产品储存冷藏库 10个 → 10个; 物流仓储中心 20000平方米 (约) → 20000平方米; 小型农产品加工车间 4个 → 4个.
  All met; none ≥ 1.5 × target.
- Budget: 8010 / 8010 = 100%, stated 100%.  No flag.  Clean case: ``flags: []``.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "ce02_xiping_2023_cangchu"

REPORT = DocSpec(title="2023年西平县农产品交易市场仓储基地建设项目绩效自评报告", blocks=[
    H("2023年西平县农产品交易市场仓储基地建设项目绩效自评报告"),
    P("来源：扶贫办　时间：2023-12-26"),
    H("一、绩效目标分解下达情况", 2),
    P("（一）财政衔接资金下达预算及项目情况。2023年县财政向我局下达财政衔接资金共8010万元，全部用于2023年西平县"
      "农产品交易市场仓储基地建设项目。项目计划新建农产品储存冷藏库10个，容积约50000立方米；新建物流仓储中心"
      "约20000平方米；新建小型农产品加工车间4个，面积约8000平方米。"),
    P("（二）财政衔接资金项目绩效目标设定情况。本项目共设置绩效目标指标15个，其中一级指标3个、二级指标8个、"
      "三级指标15个。"),
    H("二、绩效自评工作开展情况", 2),
    P("我局依据资金使用的绩效目标要求开展自评，抽调工作人员组成评价工作组，于2023年12月5日至15日对仓储基地"
      "建设项目各项绩效指标的完成情况逐项开展了调查。"),
    H("三、绩效目标自评完成情况分析", 2),
    P("（一）资金投入情况分析。"),
    P("1.项目资金到位情况分析。项目资金8010万元已全部到位，并及时安排到相关项目。"),
    P("2.项目资金执行情况分析。项目资金合计8010万元，截至2023年11月30日已拨付8010万元，执行率100%。"),
    P("3.项目资金管理情况分析。资金使用按照《河南省财政衔接推进乡村振兴补助资金管理办法》执行，报账手续规范，"
      "专款专用；已完工项目及时报账，在建项目按计划预留足额资金，保障建设任务完成。"),
    P("（二）绩效目标完成情况分析。"),
    P("1.产出指标完成情况分析。本年度项目产出指标已经完成，数量、质量、成本、时效各项指标均按时按量完成："
      "已建成农产品储存冷藏库10个，容积约50000立方米；建成物流仓储中心约20000平方米；建成小型农产品加工车间"
      "4个，面积约8000平方米。"),
])


def files():
    return {"report.html": REPORT}
