"""2019年度老旧小区改造补助资金绩效评价报告 — 山东省财政厅 (省级财政评价), 山东, budget year 2019.

Source: http://czt.shandong.gov.cn/art/2020/12/18/art_250963_10310582.html — 山东省财政厅 site, published 2020-12-18.
An HTML page → ``report.html``.

Kept: every figure and claim of the captured part — background (中央城市工作会议; 住建部、发展改革委、财政部《关于做好
2019年老旧小区改造工作的通知》; 鲁建发〔2015〕5号 of 2015 by 11 departments; five years, 物业管理全覆盖 by end-2020);
预算总额50988万元 = 中央资金27988万元 + 省级资金23000万元; the five kinds of works (安防、环卫消防、环境、基础、便民设施,
with their examples); 截至2020年5月底 支出22057.41万元, 预算执行率43.26%.
Rewritten: all sentences in our own words, same order and pattern ("预算总额…其中…", "截至…支出…，预算执行率…").
Left out: section (三) 项目绩效目标 — the capture stops inside its first sentence, so no target is visible — and the
rest of the report (evaluation work, scores, problems).  The score table is not in the captured part.

Labels (``kind: evaluation``; no indicator table and no score in the captured part, so no indicators):
- 27988 + 23000 = 50988 → the total adds up.  22057.41 / 50988 = 43.26% → the stated rate is right.
- ``low_budget_execution`` (optional): 43.26% is far below 90%.  It is labelled optional because (a) the evaluation
  kind runs totals/weights and score checks, not the §5 self-evaluation flags, and (b) the rate is measured at the end of
  May 2020 for funds of the 2019 budget year, a cut-off the report chose; a reviewer would still point at it.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "xb03_shandong_2019_laojiuxiaoqu_pingjia"

TITLE = "2019年度老旧小区改造补助资金绩效评价报告"

REPORT = DocSpec(title=TITLE, blocks=[
    H(TITLE),
    H("一、项目基本情况", 2),
    P("（一）项目立项政策背景及实施目的"),
    P("老旧小区指城市或县城国有土地上建成年代较久、长期失养失修失管、市政配套设施不完善、公共服务和社会服务设施不健全、"
      "居民改造意愿强烈的住宅小区。加快城镇老旧小区改造，既是群众期盼强烈的民生工程，也是发展工程。为提升城市宜居性、"
      "持续改善老旧小区居民生活条件并有效拉动经济，中央城市工作会议提出“加快棚户区和危房改造，有序推进老旧住宅小区"
      "综合整治”；住建部、发展改革委、财政部联合印发《关于做好2019年老旧小区改造工作的通知》，全面推进城镇老旧小区"
      "改造。山东省在这项工作上起步较早：2015年，山东省住房和城乡建设厅、山东省发展和改革委员会、山东省财政厅等11个"
      "部门联合印发《关于推进全省老旧住宅小区整治改造和物业管理的意见》（鲁建发〔2015〕5号），制定老旧小区改造中长期"
      "规划，要求各市用5年时间推进全省老旧住宅小区整治改造，到2020年底实现物业管理全覆盖。"),
    P("（二）项目内容和预算支出情况"),
    P("2019年度山东省老旧小区改造补助项目预算总额为50988万元，其中中央资金27988万元、省级资金23000万元。资金主要用于"
      "改造老旧小区的安防设施（监控系统、防盗门等）、环卫消防设施、环境设施（小区道路、绿化等）、基础设施（排水系统、"
      "整治空中线缆等）和便民设施（健身设施、商业设施等）。截至2020年5月底，项目支出22057.41万元，预算执行率为"
      "43.26%。"),
])


def files():
    return {"report.html": REPORT}
