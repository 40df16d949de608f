"""云南省应急管理厅 — 云南省2022年度中央自然灾害资金绩效自评报告 (森林草原航空消防租机补助经费), 云南.

Source: https://yjglt.yn.gov.cn/html/2023/ysgk_0601/27146.html (HTML page, published 2023-06-01).

Kept: every figure up to the cut (10441 / 8353 / 2088万元, 100%, 9265.353442万元, 88.74%, 7177.373442 /
2087.98万元, 6架, 16起, 0.064次/10万公顷, 114.48公顷, 0.0046‰, ≥6架/6架, ≥928小时/909.93小时), headings and the
pattern "指标≥X,实际Y".  Rewritten: all sentences.  Left out: the capture stops in the middle of the 质量指标
sentence ("实际完成飞行小时数/计划小时数≥80%,实际完…"); that sentence and everything after it (其余指标, 偏离原因,
other fund sections) are not in the file.  The 2020 report of the same unit is case sw01.

Indicators: 布防飞机数量 ≥6架 → 6架; 飞机飞行时长 ≥928小时 → 909.93小时.  (The overall paragraph also reports
火灾发生率 0.064 and 受害率 0.0046‰, but no target for them is in the captured text: not indicators here.)

Labels:
- Budget: 9265.353442 / 10441 = 88.74% (stated 88.74%, correct) < 90% → ``low_budget_execution``.  Parts add up:
  8353 + 2088 = 10441; 7177.373442 + 2087.98 = 9265.353442 → no arithmetic flag.
- 飞机飞行时长: 909.93 < 928, deviation 1.95% → ``target_missed`` (medium).  No cause in the file as rebuilt
  (the page's reason section is past the cut) → ``missing_deviation_reason`` optional.
- 布防飞机数量 6 ≥ 6 → met.
- No self-score in the captured text.
"""

from __future__ import annotations

from _kit import H, P, DocSpec

CASE_ID = "sw02_yunnan_2022_hangkongzuji"

REPORT = DocSpec(title="云南省2022年度中央自然灾害资金绩效自评报告", blocks=[
    H("云南省2022年度中央自然灾害资金绩效自评报告"),
    P("发布时间:2023-06-01"),
    H("一、中央自然灾害救灾资金(森林草原航空消防租机补助经费)", 2),
    H("(一)绩效目标分解下达情况。", 3),
    P("2022年全省森林草原航空消防租机补助经费预算共10441万元,由中央转移支付资金8353万元和省级配套资金2088万元组成,"
      "专项保障我省森林草原航空消防租机工作。"),
    P("年度绩效目标:加强森林草原航空消防救援能力建设,按租机方案及时完成租机,及时处置火情,"
      "组织综合性森林航空护林演练,做好跨省调机协调,尽量减少灾害损失。"),
    H("(二)绩效目标完成情况分析。", 3),
    P("1.资金投入情况分析。"),
    P("(1)项目资金投入情况。10441万元已全部拨付到位,资金到位率100%。"),
    P("(2)项目资金执行情况。全年实际执行9265.353442万元,项目执行率为88.74%;其中中央补助飞行经费执行"
      "7177.373442万元,省级财政配套资金执行2087.98万元。"),
    P("2.资金管理情况分析。"),
    P("资金管理执行《财政部 应急部 国家林草局关于印发〈中央补助地方森林草原航空消防租机经费管理暂行规定〉》"
      "(财资环〔2021〕90号),全部用于租赁航空应急救援飞机,并按合同约定付款。"),
    P("3.总体绩效目标完成情况分析。"),
    P("2022年我省租用6架航空应急救援直升机承担森林航空消防任务。防火期内共发生森林火灾16起,为1951年有记录以来"
      "火灾起数最少的一年;森林火灾发生率为0.064次/10万公顷,受害森林面积114.48公顷,受害率为0.0046‰。"
      "重特大森林火灾得到有效遏制,森林草原火灾综合防控能力全面提升,年度目标实现情况较好。"),
    P("4.绩效指标完成情况分析。"),
    P("(1)产出指标。"),
    P("数量指标:布防飞机数量≥6架,实际布防6架;飞机飞行时长≥928小时,实际飞行时长909.93小时。"),
])


def files():
    return {"report.html": REPORT}
