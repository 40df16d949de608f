"""成安县交通运输局 2020年绩效自评工作报告 — several projects in one prose report (河北, 邯郸市成安县), 2020.

Source: http://www.chengan.gov.cn/zfxxgk/view.jsp?id=15397&xxfl=0404 — 成安县人民政府 信息公开 page, 发布日期
2021.07.13, 发布机构 交通局.  An HTML page → ``report.html``.  (Not the 成安县民政局 高龄津贴 form of case xc01: other unit,
other page.)

Kept: every figure and claim of the captured part, in order — a 绩效自评工作领导小组 set up, documents, contracts and
payment papers checked; 项目绩效自评共计20项 (基础设施建设, 公路养护人员经费, 公交车运营 …); 年初预算4660.9万元 = 专项资金
520.38万元 + 财政拨款资金4140.52万元; 专项资金支出316.38万元, 执行率61%; 财政资金支出2419.45万元, 执行率58%; 总支出
2939.83万元, 执行率63%; 10个项目 100%, 5个项目 结转 0, 5个项目 按进度支付 30%; then the item list (1)–6): 冀财建〔2019〕296号
国省干线养护43万 100%; 〔2019〕286号 节能减排补助59万 100%; 〔2019〕290号 成品油税费改革转移支付143.13万元 100%;
〔2019〕295号 普通国省干线公路建设养护发展专项资金40万元 100%; 〔2019〕296号 农村公路建设养护发展专项资金200万 30%;
〔2020〕97号 城市公交车成品油价格补助4.13万元 资金结转 执行率0.  The source's untidy numbering ("(1)", "(2)2)", "3)" …)
and mixed brackets are kept; the first heading is published without its number ("、绩效自评工作组织开展情况") and kept so.
Rewritten: the sentences, in our own words, keeping the pattern "…万元。预算执行率X%。".
Left out: item 7) (冀财建〔2020〕11号 公交车辆安装驾驶区域防护隔离设备补贴) onward — the capture stops inside its amount
("31.2…"); the rest of the report.

Labels (self-evaluation prose; there are no performance indicators with targets in the captured part — every figure
is a budget figure — so no indicators are labelled):
- ``arithmetic_error`` (null): the total spending 2939.83万元 is not the sum of its two parts, 316.38 + 2419.45 =
  2735.83万元 (204.00万元 short).  The stated overall rate 63% follows the stated total (2939.83 / 4660.9 = 63.07%); from
  the parts it would be 58.70%.
- Budget parts otherwise consistent: 520.38 + 4140.52 = 4660.90 = 年初预算 4660.9; 316.38 / 520.38 = 60.80% (stated 61%);
  2419.45 / 4140.52 = 58.43% (stated 58%), both within 0.5 point; 10 + 5 + 5 = 20 projects.
- ``low_budget_execution`` (null): 63% overall (58–61% by source), far below 90%; two listed items at 30% and 0.
- Not labelled (noted for the reviewer): the items listed at 100% (43 + 59 + 143.13 + 40 = 285.13) plus 30% of the 200万
  item (60) already exceed the stated 专项 spending 316.38 before item 7), but the classification of the items and the
  cut item 7) make this unprovable from the file.  No score is claimed anywhere in the captured part.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "xb04_chengan_2020_jiaotong_zipingbaogao"

TITLE = "成安县交通运输局 2020年绩效自评工作报告"

REPORT = DocSpec(title=TITLE, blocks=[
    H(TITLE),
    P("发布日期：2021.07.13　　发布机构：交通局"),
    H("、绩效自评工作组织开展情况", 2),
    P("为做好2020年度绩效自评，保障项目建设顺利推进、提高资金使用效益，我局成立了绩效自评工作领导小组。前期组织相关"
      "股室明确工作安排，收集项目建设涉及的政策文件、制度和合同，逐项核查项目建设是否规范、资金拨付手续是否完备、有无"
      "挪用资金、项目绩效目标是否实现，以进一步健全制度、完善程序、规范资金使用管理，提高财政资金使用效益。"),
    P("本次纳入绩效自评的项目共20项，主要用于基础设施建设、公路养护人员经费和公交车运营等。年初预算4660.9万元，其中"
      "专项资金520.38万元、财政拨款资金4140.52万元。专项资金支出316.38万元，预算执行率61%；财政资金支出2419.45万元，"
      "预算执行率58%；合计总支出2939.83万元，执行率63%。专项资金中，公交车防护等10个项目预算执行进度100%，5个项目"
      "指标结转、执行进度为0，道路改造等5个项目按工程进度支付、执行进度30%。"),
    P("(1)冀财建(2019)296号文)，国省干线养护资金43万。预算执行率100%。"),
    P("(2)2)冀财建[2019]286号，提前下达的2020年节能减排补助资金59万。预算执行率100%。"),
    P("3)冀财建[2019]290号，提前下达的2020年成品油税费改革转移支付资金143.13万元。预算执行率100%。"),
    P("4)冀财建[2019]295号，提前下达的2020年普通国省干线公路建设养护发展专项资金40万元。预算执行率100%。"),
    P("5)冀财建[2019]296号，提前下达的2020年农村公路建设养护发展专项资金200万。预算执行率30%。"),
    P("6)冀财建(2020)97号，下达的2020年城市公交车成品油价格补助资金4.13万元。资金结转，执行率0。"),
])


def files():
    return {"report.html": REPORT}
