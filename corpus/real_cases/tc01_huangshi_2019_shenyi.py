"""黄石市文物局(湖北水泥遗址博物馆) 2019 — 黄石市项目支出绩效监控表 (申遗经费), 1-6月 (湖北 黄石市).

Source: http://hsgyyc.com/xwdt_10201/gsgg_10206/201908/t20190821_663302.html — a page dated 2019-08-21 in the
新闻动态 › 公示公告 column (``xwdt_…/gsgg_…/t<date>_<id>.html``, the path scheme of the TRS sites of the Hubei
government portals) of the 黄石 工业遗产/申遗 site.  The page body is the half-year monitoring form of the 申遗经费
project: 主管部门 黄石市文化和旅游局, 项目执行单位 黄石市文物局(湖北水泥遗址博物馆).  HTML page → ``report.html``
(kind ``monitor``).

Kept verbatim: every captured cell — the title line "黄石市项目支出绩效监控表 (申遗)", "(2019年度)", "项目单位(盖章):
单位:万元", the check-box lines as rendered (``□``, one ``√`` after 常年性项目; no box ticked under 项目属性), the funds
block (年初预算数 / 1-6月执行数 / 全年预计执行数: 220 / 87.57 / empty, twice), the header spellings with their captured
spaces ("一级 指标", "半年度 指标执行情况", "项目资金 (万元)"), the 一级 labels as "产 出 指 标" / "效 益 指 标" (spaced
vertical text), the empty 质量 and 时效 rows, the 成本 row (年度预算220万元 | 按进度执行,已使用约40% | 确定能), the
社会效益 row with its one text and 确定能, the empty 偏差或不能完成目标原因分析 and 相关建议或举措 rows, and notes 1–3.
Reading of the cells (the capture gives the cells in order, not the grid): 7 columns — 绩效指标 (a label spanning the
indicator rows) | 一级指标 | 指标名称 | 指标值 | 半年度指标执行情况 | 完成目标可能性 | 备注.  The 指标名称 cells hold the
二级 category words (质量, 时效, 成本, 社会效益) — that is how the unit filled the form.  The 社会效益 row has a single
text; it reads as a progress statement ("先后举办…活动5场;成立…") and is placed under 半年度指标执行情况 with the 指标值
cell empty (it may have spanned both cells on the page).  The unlabeled line "1、部门预算项目 □ …" is read as the second
row of 项目类型.  Column spans of the funds block are ours (three figures under three headings).
Left out: note 4, cut after "4.相" — the case stops at note 3 and says so; site chrome.  Nothing rewritten (a form only).

Labels (domain.md §7.3; a monitoring table is never scored as a year-end self-evaluation; no year-end flags):
- period "1-6月" (the 1-6月执行数 column and "半年度") → 序时进度 6/12 = 0.5.
- Budget: 87.57 / 220 = 39.80%; 50 − 39.80 = 10.20 points behind → ``behind_schedule`` (null), medium (just over the
  10-point tolerance, below 20).  全年预计执行数 is empty: nothing to compare.
- Indicators: the two filled rows.  成本 — target "年度预算220万元" (an amount: unsigned, a cost → ≤ by default),
  progress "按进度执行,已使用约40%" → actual ``40%`` (progress share of the 220万元).  Stated 约40% is 10.0 points behind
  0.5 — not *more* than the tolerance — but the exact share 87.57/220 = 39.80% is 10.20 behind: ``behind_schedule`` on
  成本 is **optional**; so is ``forecast_contradiction`` on 成本 (确定能 ticked, 偏差或不能完成目标原因分析 and 相关建议或
  举措 both empty — a contradiction only if the row counts as behind).
- 社会效益: 指标值 empty, progress in words (活动5场, a research centre set up) → no actual labelled (progress in words
  is not labelled for monitoring); no target, so no schedule comparison.  ``vague_target`` **optional**: an 效益
  indicator without a figure, but a qualitative one, and the form gives no 指标值 at all.
- 质量 / 时效 rows are empty template rows (no name beyond the category, no value) → not indicators (as no04's
  "指标2:" rows).
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "tc01_huangshi_2019_shenyi"

TITLE = "黄石市项目支出绩效监控表 (申遗)"

REPORT = DocSpec(title=TITLE, blocks=[
    H(TITLE),
    P("(2019年度)"),
    P("项目单位(盖章): 单位:万元"),
    T("""
    项目名称 | 申遗经费 | << | << | << | << | <<
    主管部门 | 黄石市文化和旅游局 | << | 项目执行单位 | 黄石市文物局(湖北水泥遗址博物馆) | << | <<
    项目属性 | 1、持续性项目 □ 2、新增性项目 □ | << | << | << | << | <<
    项目类型 | 1、常年性项目 □ √ 2、延续性项目 □ 3、一次性项目 □ | << | << | << | << | <<
    ^^ | 1、部门预算项目 □ 2、省直专项 □ 3、省对下转移支付项目 □ | << | << | << | << | <<
    项目资金 (万元) | 年初预算数 | << | 1-6月执行数 | << | 全年预计执行数 | <<
    年度资金总额: | 220 | << | 87.57 | << | | <<
    其中:当年一般公共预算拨款 | 220 | << | 87.57 | << | | <<
    绩效指标 | 一级 指标 | 指标名称 | 指标值 | 半年度 指标执行情况 | 完成目标可能性(确定能、有可能、不可能) | 备注
    ^^ | 产 出 指 标 | 质量 | | | |
    ^^ | ^^ | 时效 | | | |
    ^^ | ^^ | 成本 | 年度预算220万元 | 按进度执行,已使用约40% | 确定能 |
    ^^ | 效 益 指 标 | 社会效益 | | 开展黄石矿冶工业遗产突出普遍价值研究、学术交流、对外宣传等工作,先后举办有社会影响力的活动5场;成立黄石矿冶文化研究中心暨矿冶文学陈列馆,凸显黄石工业遗产文化价值,推动申遗工作。 | 确定能 |
    偏差或不能完成目标原因分析 | | << | << | << | << | <<
    相关建议或举措 | | << | << | << | << | <<
    注: 1.完成目标可能性:对应所设定的实现绩效目标的路径,分确定能、有可能、不可能三级综合判断完成的可能性。 2.如“完成目标可能性”出现“有可能”、“不可能”选项,请分别在“偏差或不能完成目标原因分析”与“相关建议或举措”栏填写从相关原因及拟采取的措施 3.偏差或不能完成目标原因分析:针对与预期目标产生偏差的指标值,根据实际情况从规划和目标设计、投入保障、制度保障、项目管理等方面进行判断和分析,并说明原因。 | << | << | << | << | << | <<
    """, header_rows=0),
    P("(来源页面在注释“4.相……”处截断,其后内容未收录。)"),
])


def files():
    return {"report.html": REPORT}
