"""无为市危房改造转移支付2022年度绩效自评报告 (prose) — 无为市 (芜湖市代管, 安徽), published by 无为市襄安镇.

Source: https://www.ww.gov.cn/openness/grassroots/6603971/38480580.html — 无为市人民政府 信息公开 page, 信息分类
农村危房改造相关文件, 发布机构 无为市襄安镇, 发布日期 2023-07-03.  An HTML page → ``report.html``.

Kept: the title, the publishing line (发布机构/发布日期), the section numbering and every figure and claim of the
captured text, in order — 2022年农村危房改造任务数115户, 实际完成264户, 发放补助资金278.8万元 (stated twice, in 一 and
二(一)); 应改尽改; 动态清零 / 发现一户改造一户; the cause sentence "由于改造户房屋年代久远、受小型自然灾害、火灾等多种原因,
我市实际改造数超任务43%," (published ending in a comma; kept so); 年初预算安排300.7万元, 计划补助115户; 户申请、村评议、
镇审核、市级审批; 公示时间不少于7天; 最终确定264户, 278.8万元.  The published heading typo "(二)总体绩效目标完咸情况"
(咸 for 成) is kept.
Rewritten: the sentences, in our own words, same pattern ("任务数为115户,实际完成…264户", "超任务43%").
Left out: everything from "2、质量指标" on — the capture stops inside its first sentence ("农村危房改造补…"), so the
quality, time, cost, benefit and satisfaction parts, problems and conclusion are not in the file.

Labels (domain.md §3–5; prose self-evaluation, no self-scores, no policy file — the stated 任务数 is the target):
- One indicator: 农村危房改造, target 任务数115户 → ``≥115户`` (a count without a sign is a minimum), actual 264户.
  264 / 115 = 2.296 ≥ 1.5 → ``overachieved`` (low).  The report gives a cause (房屋年代久远, 小型自然灾害, 火灾), which
  the reviewer reads; the flag fires on the ratio (as in h03/h18).
- ``arithmetic_error`` (null): the stated "超任务43%" does not follow from its own parts: (264 − 115) / 115 = 129.6%
  over the task (264 / 115 = 229.6% of it).  43% is what 115 / 264 = 43.6% gives, i.e. the ratio inverted.  A stated
  percentage against the two counts it is computed from, in the same report: a reviewer checks it in seconds.
- Budget: 年初预算安排300.7万元, 发放补助资金278.8万元 → 278.8 / 300.7 = 92.72% ≥ 90% → no ``low_budget_execution``;
  no execution rate is stated, so nothing to recompute.
- The figures repeated in 一, 二(一) and 二(三)1 agree (264户, 278.8万元, 115户) → no ``inconsistent_values``.
- 公示时间不少于7天 is a procedure rule, not a performance indicator → not labelled.  No score, so no rating.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "te02_wuwei_2022_weifanggaizao"

TITLE = "无为市危房改造转移支付2022年度绩效自评报告"

REPORT = DocSpec(title=TITLE, blocks=[
    H(TITLE),
    P("发布时间:2023-07-03　　信息来源:无为市襄安镇"),
    H("一、绩效目标情况", 2),
    P("按照省、市住建部门的要求,我市2022年农村危房改造任务数为115户,实际完成农村危房改造264户,发放补助资金278.8万元。"),
    H("二、绩效目标完成情况分析", 2),
    P("(一)资金投入情况:我市坚持应改尽改,凡符合危房改造条件的均可申报,全年实际完成农村危房改造264户,发放补助资金"
      "278.8万元。"),
    P("(二)总体绩效目标完咸情况:"),
    P("从实施情况看,我市危房改造项目符合国家危房改造政策要求。市委、市政府对农村低收入群体房屋实行动态监管,发现一户、"
      "改造一户,做到动态清零、不留死角,全面实现农村贫困人口住房安全有保障的目标。由于改造户房屋年代久远、受小型自然"
      "灾害、火灾等多种原因,我市实际改造数超任务43%,"),
    P("(三)绩效指标完成情况:"),
    P("1、数量指标"),
    P("2022年初安排农村危房改造资金预算300.7万元,用于保障农村低收入群体住房安全,计划补助115户。住建局严格规范操作,"
      "坚持“户申请、村评议、镇审核、市级审批”,所有改造户都须经比对审核,规范补助对象的审核审批。改造户在本地是否为"
      "唯一住房由所在村负责确认,镇级抽查核实。所有改造户的基本信息、审核结果和补助金额均在村务公开栏公示、镇级公告栏"
      "公告,公示时间不少于7天,最终确定农村危房改造264户,发放补助资金278.8万元。"),
    P("2、质量指标"),
    P("(来源页面在本节第一句“农村危房改造补…”处截断,其后内容未收录。)"),
])


def files():
    return {"report.html": REPORT}
