"""南县财政局 2020年度 机关整体支出绩效评价报告 — 南县 (益阳市, 湖南).

Source: http://nxjw.nanxian.gov.cn/14890/36191/36192/36209/content_1639681.html — a 南县 government site page.  An HTML
page → ``report.html``.  The report opens with 一、自评得分情况 (the total score), then 二、单位基本概况 (机构设置, 人员编制,
部门预算单位构成, 单位职责).

Kept: every figure and claim of the captured part — the two policy documents (中发〔2018〕34号, 湘办发〔2019〕10号), the
部门整体支出绩效评价指标体系 as the basis, 综合评分97分; 内设副科级事业单位2个 (财政事务中心, 南县国库集中支付中心);
16个股室 with the six named (办公室、预算股、人事教育股、国库股、科教文化股、乡镇财政 "等"); 直属事业单位10个 followed by
the nine names the page gives; 编制人员205人 = 局机关在职113人 + 离休2人 + 退休75人 + 财政事务中心10人 + 国库集中支付中心5人;
3 budget units in 2020 (机关本级, 财政事务中心, 国库集中支付中心); 职责 1 and 2 as far as the last complete sentence.
Rewritten: all sentences in our own words, same order and same structure of headings.
Left out: everything after "受县人民政府委托,向县人大常委会报告县级预算及其执行情况" — the capture stops inside the next
sentence ("负责审核批复部门(单位)的年…"): the rest of the duties, the budget figures, the indicator analysis, problems.

Labels (``kind: evaluation``: titled 绩效评价报告, it gives a 综合评分 from an 评价指标体系 and no indicator table in
the captured part, like xb02; its first heading calls the score 自评得分, the unit evaluated itself):
- No indicators, no actuals, no budget figure in the captured part.  97 is a total with no breakdown: nothing to add
  up, no rating stated to check (97 ≥ 90 would be 优).
- People: 113 + 2 + 75 + 10 + 5 = 205, as stated.
- 直属事业单位 "10个" but nine are named (县国库集中支付中心, 县财政信息中心, 县工资统发中心, 县财政投资评审中心,
  县政府债务研究评估中心, 县财政预算编审中心, 县国有资产服务中心, 县会计服务中心, 县经济开发区财政所): a stated count
  against its own list.  Not a budget or score figure, and a list may be incomplete → ``arithmetic_error`` (null)
  optional.  The 16个股室 list ends with 等, so six names against 16 is no error.
- Otherwise clean.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "tf02_nanxian_2020_caizhengju"

TITLE = "南县财政局2020年度 机关整体支出绩效评价报告"

REPORT = DocSpec(title=TITLE, blocks=[
    H(TITLE),
    H("一、自评得分情况", 2),
    P("依据《中共中央国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）和《关于全面实施预算绩效管理的实施意见》"
      "（湘办发〔2019〕10号）的要求，我局对照部门整体支出绩效评价指标体系，对南县财政局2020年度机关整体支出进行了绩效"
      "评价，综合评分97分。"),
    H("二、单位基本概况", 2),
    H("（一）机构设置情况", 3),
    P("我局内设两个副科级事业单位，即财政事务中心和南县国库集中支付中心；设有办公室、预算股、人事教育股、国库股、科教"
      "文化股、乡镇财政等16个股室；另有直属事业单位10个，分别为县国库集中支付中心、县财政信息中心、县工资统发中心、县财政"
      "投资评审中心、县政府债务研究评估中心、县财政预算编审中心、县国有资产服务中心、县会计服务中心、县经济开发区财政所。"),
    H("（二）人员编制情况", 3),
    P("目前编制人员共205人：局机关在职113人，离休2人，退休75人，财政事务中心10人，国库集中支付中心5人。"),
    H("（三）部门预算单位构成", 3),
    P("2020年南县财政局部门预算共包括3个单位：南县财政局机关本级、南县财政事务中心、南县国库集中支付中心。"),
    H("（四）单位职责", 3),
    P("1.组织落实国家财税方针政策，指导全县财政工作，参与拟定各项宏观经济政策；就运用财税政策开展宏观调控、综合平衡"
      "社会财力提出建议；拟定并执行县人民政府与乡镇人民政府、与企业之间的分配政策，完善鼓励公益事业发展的财税政策。"),
    P("2.负责县本级各项财政收支的管理。编制县本级年度预决算草案并组织执行；代编全县财政收支预算，汇总全县财政总决算；"
      "受县人民政府委托，向县人大常委会报告县级预算及其执行情况。"),
    P("（来源页面在此处截断，其后内容未能取得。）"),
])


def files():
    return {"report.html": REPORT}
