"""云南省应急管理厅 — 云南省2020年度中央自然灾害救灾资金绩效自评报告 (森林草原航空消防补助), 云南.

Source: http://yjglt.yn.gov.cn/html/2021/ysgk_0421/25860.html (HTML page, published 2021-04-21).

Kept: every figure and every target/actual pair, in the order and sentence pattern of the page ("租机数量8架,
实际租机7架,未完成指标"; "需控制在…,实际…"; "需达到80%以上,实际满意度为90%"), the section numbering and the
document title.  Rewritten: all sentences in our own words.  Left out: the capture stops inside section
"(三)偏离绩效目标的原因和下一步改进措施" after four words ("总体看,森林草原航空消防补助资金"), so section 三 and
everything after it (reasons, 自评结果应用, later fund sections if any) is not in the file.  No score table on the
page.

Indicators (targets as the report states them; "控制在…以下/以内" → ≤, "达到…以上" → ≥):
- 租机数量 8架 (no sign) → actual 7架.
- 森林火灾发生率 ≤6.5次/10万公顷 → 0.2次/10万公顷.
- 森林火灾受害率 ≤1‰ → 0.038‰.
- 基层群众对森林草原航空消防项目的满意度 ≥80% → 90%.

Labels:
- 租机数量: 7 < 8, deviation 12.5% → ``target_missed`` (high).  The report itself says "未完成指标".
  ``missing_deviation_reason`` is optional: in the file as rebuilt there is no cause (the page's section 三 is
  cut off in the capture, and the visible 资金到位率31% is never linked to the missing aircraft), but the
  published page may give one.
- 发生率 0.2 ≤ 6.5, 受害率 0.038‰ ≤ 1‰, 满意度 90% ≥ 80% (1.125×, not overachieved; overachieved is for ≥ only
  and the two reverse indicators are not in scope) → no flags.
- Budget: 执行 2513 / 下达 2513 = 100% as stated → no ``low_budget_execution`` on the grant.  Optional
  ``low_budget_execution``: measured against the 7952万元 预算飞行经费 the spend is 2513/7952 = 31.60%; a reviewer
  could take 7952 as the budget.  Optional ``arithmetic_error``: the stated 资金到位率 31% vs 2513/7952 = 31.60%
  is 0.6 points off (tolerance 0.5), a truncation rather than a rounding; it is a 到位率, not an execution rate.
- No self-score is given anywhere, so no score flags.
"""

from __future__ import annotations

from _kit import H, P, DocSpec

CASE_ID = "sw01_yunnan_2020_hangkongxiaofang"

REPORT = DocSpec(title="云南省2020年度中央自然灾害救灾资金绩效自评报告", blocks=[
    H("云南省2020年度中央自然灾害救灾资金绩效自评报告"),
    P("发布时间:2021-04-21"),
    H("一、中央自然灾害(森林草原航空消防补助)救灾资金", 2),
    H("(一)绩效目标分解下达情况", 3),
    P("2020年10月,财政部印发《财政部关于下达2020年中央自然灾害救灾资金(森林草原航空消防补助资金)预算的通知》"
      "(财资环〔2020〕83号),为我省安排补助救灾资金2513万元,专门用于森林草原航空灭火救援以及其他抢险救援任务。"),
    P("绩效年度目标:全省森林火灾发生率控制在6.5次/10万公顷以下,年森林火灾受灾率控制在1‰以内。"),
    H("(二)绩效目标完成情况", 3),
    P("1.资金投入情况"),
    P("(1)项目资金到位情况。全年预算飞行经费合计7952万元,财政部实际下达2513万元,资金到位率为31%。"),
    P("(2)项目资金执行情况。全年实际执行2513万元,执行率100%。"),
    P("(3)项目资金管理情况。资金按《中央自然灾害救灾资金管理暂行办法》(财建〔2020〕45号)管理,"
      "下拨资金全部用于租赁航空应急救援飞机,各笔资金均依合同约定支付。"),
    P("2.总体绩效目标完成情况"),
    P("2020年我省共租用7架航空应急救援直升机承担森林航空消防任务。防火期内全省发生火灾54起,"
      "森林火灾发生率约为0.2次/10万公顷,受害森林面积995.26公顷,受害率为0.038‰。"
      "航空消防经费的投入明显提高了森林火灾扑救效率,年度目标实现情况较好。"),
    P("3.绩效指标完成情况"),
    P("1)产出指标"),
    P("数量指标:租机数量8架,实际租机7架,该指标未完成。"),
    P("2)效益指标"),
    P("生态效益指标:年森林火灾发生率需控制在6.5次/10万公顷,实际森林火灾发生率为0.2次/10万公顷;"
      "森林火灾受害率需控制在1‰以内,实际森林火灾受害率为0.038‰。"),
    P("3)满意度指标"),
    P("基层群众对森林草原航空消防项目的满意度需达到80%以上,实际满意度为90%。"),
])


def files():
    return {"report.html": REPORT}
