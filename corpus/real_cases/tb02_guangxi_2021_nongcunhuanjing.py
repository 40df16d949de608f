"""广西壮族自治区 2021年度 中央农村环境整治资金 绩效自评报告 — 广西壮族自治区生态环境厅 (广西).

Source: http://sthjt.gxzf.gov.cn/zfxxgk/zfxxgkgl/fdzdgknr/czgk/zxzjxm/t15575354.shtml — the 自治区生态环境厅 portal's
政府信息公开 › 财政公开 › 专项资金项目 page, a prose self-evaluation report (中央对地方转移支付 layout: 一、绩效目标分解
下达情况 …).  An HTML page → ``report.html``.

Kept: every figure and claim of the captured text in its order and pattern — 财资环〔2021〕54号 下达 5404万元; the
allocation path (生态环境厅 → 财政厅 → 自治区人民政府 → 市县); 桂整合〔2021〕23号 (2021年8月) 下达 5404万元 with the seven
county amounts 900 / 900 / 904 / 650 / 650 / 750 / 650万元; the sentence "资金执行率低原因:一是…;二是…" with both causes
(业主 new to 农村生活污水治理, 方案 not solid, 工艺 re-examined; the 2021年底–2022年初 epidemic in 防城港、百色、柳州) and
its conclusion (no 工程量 ready for payment → low 执行率); 县区 配套资金 775.39万元; section (三) with 5404万元 and the
year's overall targets as published: 完成8个以上建制村的农村环境综合整治, 建设农村污水处理设施≥25套, 治理完成2个农村黑臭水体.
Rewritten: all sentences, in our own words (same headings 一、(一)(二)(三); 一是/二是 kept).  The title is ours: the
capture starts at "一、绩效目标分解下达情况"; the page's own heading is not in it.
Left out: everything after "治理完成2个农村黑臭水体," — the capture is cut inside the 总体目标 sentence, so the rest of
the targets, the 二、绩效目标完成情况分析 section with the actuals and the 执行率 figure are not in the file (a note in the
file says so).

Labels (domain.md §3–5; prose report, no self-scores, no policy file — the report's own 总体目标 are the targets):
- 农村环境综合整治 ``≥8个`` (8个以上 → ≥), 农村污水处理设施 ``≥25套``, 农村黑臭水体 ``2个`` (unsigned: 治理完成 is the
  verb; the engine's default direction for a count is ≥).  Names are the objects of the goal clauses, without their
  verbs (完成/建设/治理完成) so that an engine's name for the clause contains them.
- No actual is in the file → ``not_reported`` on all three, **optional**: the rule fires on the file as it stands, but the
  original continues past the cut and surely reports them in section 二 (the same reasoning as xa07's optional
  missing_deviation_reason).
- Budget: the report says in so many words that the 资金执行率 was low and gives two causes, but the captured part
  has no 执行数 and no rate.  ``low_budget_execution`` needs a rate < 90%; none can be computed → **optional**.
  A reason for the low execution is given, so no budget ``missing_deviation_reason`` in any reading.
- The seven county amounts add up to the total: 900+900+904+650+650+750+650 = 5404 → no ``arithmetic_error``.
  The 775.39万元 配套 is separate county money, not part of the 5404.
- No required flag.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "tb02_guangxi_2021_nongcunhuanjing"

REPORT = DocSpec(title="广西壮族自治区2021年度中央农村环境整治资金绩效自评报告", blocks=[
    H("广西壮族自治区2021年度中央农村环境整治资金绩效自评报告"),
    H("一、绩效目标分解下达情况", 2),
    P("(一)中央下达农村环境整治资金预算情况。"),
    P("按照财政部《关于下达2021年农村环境整治资金预算的通知》(财资环〔2021〕54号),中央下达广西壮族自治区2021年"
      "农村环境整治专项资金合计5404万元。"),
    P("(二)自治区分配下达资金预算情况。"),
    P("财政部资金到达后,由自治区生态环境厅牵头拟订资金分配方案,与自治区财政厅一道报自治区人民政府审定,再分配"
      "下达到相关市县。"),
    P("2021年8月,自治区财政厅以《广西壮族自治区财政厅关于下达2021年中央农村环境整治资金的通知》(桂整合〔2021〕23号)"
      "下达中央资金合计5404万元,用于农村环境综合整治项目建设,分别为:南宁市良庆区900万元、柳州市鹿寨县900万元、"
      "桂林市灵川县904万元、桂林市资源县650万元、梧州市龙圩区650万元、百色市凌云县750万元、来宾市忻城县650万元。"
      "资金与整体绩效目标、各项目绩效目标一并下达,要求各市、县对照绩效目标组织项目建设。资金执行率低的原因:一是"
      "有的县区项目业主此前没有做过农村生活污水治理项目,前期方案准备不够扎实,资金到位后又对处理工艺反复考察、"
      "比较和论证,拖慢了工程进度;二是2021年底至2022年初广西新冠肺炎疫情形势严峻,防城港市、百色市、柳州市先后"
      "出现病例,相关部门把主要精力放在抗疫上,项目推进因此迟缓。这两方面原因使项目进度滞后,没有形成达到支付条件"
      "的工程量,项目资金执行率因而偏低。"),
    P("结合2021年中央资金补助情况,为更好完成农村环境整治目标任务,县区财政另安排配套资金775.39万元投入项目。"),
    P("(三)下达绩效目标情况"),
    P("2021年度中央农村环境整治专项项目资金共5404万元,项目年度总体目标是:完成8个以上建制村的农村环境综合整治,"
      "建设农村污水处理设施≥25套,治理完成2个农村黑臭水体。"),
    P("(来源页面在“治理完成2个农村黑臭水体,”处截断,其后内容——其余目标、绩效目标完成情况分析及执行率数字——未收录。)"),
])


def files():
    return {"report.html": REPORT}
