"""广西壮族自治区 2022年度 中央水污染防治资金 绩效自评报告 — 广西壮族自治区生态环境厅 (广西).

Source: http://sthjt.gxzf.gov.cn/zfxxgk/zfxxgkgl/fdzdgknr/czgk/zxzjxm/t16773942.shtml — the 自治区生态环境厅
portal's 政府信息公开 › 财政公开 › 专项资金项目 page, a prose self-evaluation report in the 中央对地方转移支付 区域绩效
自评 outline (一、绩效目标分解下达情况 › (一)中央下达…预算和区域绩效目标情况 › (二)…分配下达…).  An HTML page →
``report.html``.  (The same portal's 2021 农村环境整治 report, t15575354, is another helper's case tb02; this is a
different page, year and fund.)

Kept: every figure and claim of the captured text, in its order and pattern — the three 财政部 notices with their dates
and numbers (2021年11月9日 财资环〔2021〕103号, 提前下达2022年; 2022年6月15日 财资环〔2022〕57号, 第二批; 2022年6月28日
财资环〔2022〕64号, 第三批); the total 41470万元 = 31374 + 7096 + 3000万元; the 年度总体目标 (钦州、玉林、梧州、防城港
重点流域; 112个国控断面水质优良率达到98.2%; 劣V类水体比例为0; 完成6个水源地规范化建设或整治; 梧州、桂林、河池、贺州
饮用水水源地保护区; 地级及以上城市集中式饮用水水源水质达到或优于Ⅲ类比例达到国家考核目标要求); "二级指标5个、三级指标
14个"; the five numbered lists with each indicator written as name + value run together, as published
(集中式饮用水水源地整治数量6个、新增污染负荷COD削减量1659吨/年、…氨氮…250吨/年、…总氮…490吨/年、…总磷…27吨/年、
新增湿地恢复面积30.4平方公里; 项目验收合格率100%; 项目开工率100%,项目完工率≥25%; the four 生态效益 ratios named
together and "达到国家下达的年度目标值"; 群众满意度≥90%).  The indicator names, values, signs and the list pattern
("1.数量指标6个:…、…。") are kept exactly: they are the reading test.
Rewritten: the connecting sentences, in our own words.  The title is ours: the capture starts at
"一、绩效目标分解下达情况"; the page's own heading is not in it (the outline is the 转移支付 自评报告 template's).
Left out: everything from "(二)广西分配下达中央水污染防…" on — the capture is cut in that heading, so the
allocation, section 二 (完成情况, actuals, 执行率) and the rest are not in the file (a note in the file says so).

Labels (domain.md §3–5; prose report, no self-scores, no policy file — the report's own 三级指标 are the targets):
- 14 indicators, names as published.  Targets as written: ``6个``, ``1659吨/年``, ``250吨/年``, ``490吨/年``,
  ``27吨/年``, ``30.4平方公里``, ``100%`` (验收合格率), ``100%`` (开工率), ``≥25%`` (完工率), ``≥90%`` (满意度) — unsigned ones
  stay unsigned; the four 生态效益 ratios share the target "达到国家下达的年度目标值" (no figure in the indicator list).
  For two of them the 总体目标 sentence gives the national figure (水质优良率 98.2%, 劣V类水体比例 0), but that sentence
  is the 总体目标, not the indicator list, so the labels keep the indicator list's wording.
- No actual is in the file → ``not_reported`` on all 14 **optional**: the rule fires on the file as it stands, but the
  original continues past the cut and reports them in section 二 (as tb02 / ea05).
- 生态效益 ×4 "达到国家下达的年度目标值": no figure in the file for the indicator → ``vague_target`` **optional** on each:
  not a degree word (有效提升 …) but a reference to an external figure, which a reviewer can look up; the 总体目标 even
  gives two of them.
- Budget: 31374 + 7096 + 3000 = 41470 → no ``arithmetic_error``.  No 执行数 or rate in the captured part → no budget flag.
- Names checked against the eval's containment rule: no two of the 14 contain each other (氨氮/总氮/总磷 differ;
  "地表水水质优良(达到或优于Ⅲ类)比例" vs "…饮用水水源水质达到或优于Ⅲ类比例" differ).
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "tc02_guangxi_2022_shuiwuran"

TITLE = "2022年度中央水污染防治资金绩效自评报告"

REPORT = DocSpec(title=TITLE, blocks=[
    H(TITLE),
    H("一、绩效目标分解下达情况", 2),
    H("(一)中央下达广西水污染防治资金预算和区域绩效目标情况", 3),
    P("广西财政厅于2021年11月9日收到《财政部关于提前下达2022年水污染防治资金预算的通知》(财资环〔2021〕103号),"
      "于2022年6月15日收到《财政部关于下达2022年水污染防治资金预算(第二批)的通知》(财资环〔2022〕57号),"
      "于2022年6月28日收到《财政部关于下达2022年水污染防治资金预算(第三批)的通知》(财资环〔2022〕64号),"
      "共下达广西水污染防治资金41470万元,其中第一批31374万元,第二批7096万元,第三批3000万元。"),
    P("资金下达时一并下达了年度总体目标:支持钦州市、玉林市、梧州市、防城港市实施重点流域水污染防治,地表水环境质量"
      "持续改善,112个国控断面水质优良率达到98.2%,地表水劣V类水体比例为0;完成6个水源地规范化建设或整治;支持梧州市、"
      "桂林市、河池市、贺州市开展饮用水水源地保护区规范化建设、整治和生态修复,地级及以上城市集中式饮用水水源水质"
      "达到或优于Ⅲ类比例达到国家考核目标要求。目标具体分解为二级指标5个、三级指标14个:"),
    P("1.数量指标6个:集中式饮用水水源地整治数量6个、新增污染负荷COD削减量1659吨/年、新增污染负荷氨氮削减量250吨/年、"
      "新增污染负荷总氮削减量490吨/年、新增污染负荷总磷削减量27吨/年、新增湿地恢复面积30.4平方公里。"),
    P("2.质量指标1个:项目验收合格率100%。"),
    P("3.时效指标2个:项目开工率100%,项目完工率≥25%。"),
    P("4.生态效益指标4个:地表水水质优良(达到或优于Ⅲ类)比例、地表水劣V类水体降低比例、地级及以上城市集中式饮用水"
      "水源水质达到或优于Ⅲ类比例、地下水国控点位V类水比例,这4项指标均要达到国家下达的年度目标值。"),
    P("5.服务对象满意度指标1个:群众满意度≥90%。"),
    H("(二)广西分配下达中央水污染防", 3),
    P("(原网页在此处截断,以下内容未能取得。)"),
])


def files():
    return {"report.html": REPORT}
