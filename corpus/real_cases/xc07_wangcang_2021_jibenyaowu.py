"""旺苍县卫生健康局 2021 — 基本药物制度补助资金转移支付区域(项目)绩效目标自评表 (四川 广元 旺苍县).

Source: https://scgw.gov.cn/Detail.aspx?id=20220601112823798 — 旺苍县人民政府网, 财政资金栏目, 发布时间 2022-06-01,
来源 县卫生健康局.  An HTML page, the body is the form → ``report.html``.

Layout (四川 转移支付区域(项目)绩效目标自评表): budget block with 中央补助 / 地方资金 rows and 执行率 only (no 分值,
no 得分 anywhere); indicator table 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年完成值 | 未完成原因和改进措施,
with targets and actuals written as sentences ("实施乡镇社区基层医疗机构37个。" / "本年度已完成37个…").
Kept verbatim: every captured cell: 2300.67 / 442.43 / 1858.24 and 100%, the empty 中央主管部门 cell, both 目标
texts including the slip "471.23元" (its parts are 189.63万元 + 281.6万元), the 指标1:/指标2: prefixes, the
sentence-style 指标值 and 完成值, the 质量 row answered ``100%``; the 一级 column is empty in the capture for these
rows (the merged 产出指标 label did not come through) and is left empty.
Left out: the capture is cut inside the next row ("指标2:村卫生…"); that row and the rest of the table
(时效/效益/满意度, if any) are not included.  Nothing rewritten.

Labels (domain.md §3–5; no scores on this form, so no score flags):
- Budget: 2300.67 / 2300.67 = 100%; 442.43 + 1858.24 = 2300.67 ✓.  No budget flag.
- Indicators (3 complete rows).  Targets are the figures in the 年度指标值 sentences (``37个``, ``352个``; the 质量
  row ``37个基层医疗机构`` → ``37个``); actuals likewise (``37个``, ``352个``), both met.
- 基层医疗卫生机构实施基本药物制度补助: target a count (37个基层医疗机构), actual ``100%`` — units that cannot
  be converted → ``unit_mismatch`` (required).
- The 覆盖率 indicator is answered with a count rather than a rate; target and actual agree (37个), so no flag.
- "完成村卫生室实施基本药物制度补助471.23元" while its parts add to 471.23万元: a unit slip in a stated total →
  ``arithmetic_error`` optional (a reviewer may read it as a typo, not a wrong sum).
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xc07_wangcang_2021_jibenyaowu"

REPORT = DocSpec(title="旺苍县卫生健康局基本药物制度补助资金转移支付区域(项目)绩效目标自评表", blocks=[
    H("旺苍县卫生健康局基本药物制度补助资金转移支付区域(项目)绩效目标自评表"),
    P("发布时间:2022-06-01　来源:县卫生健康局"),
    P("(2021年度)"),
    T("""
    转移(项目)名称 | 基本药物制度补助资金 | << | << | << | <<
    中央主管部门 | | << | << | << | <<
    地方主管部门 | 旺苍县卫生健康局 | << | 资金使用单位 | 旺苍县卫生健康局 | <<
    项目资金(万元) | | 全年预算数(A) | 全年执行数(B) | 执行率(B/A) | <<
    ^^ | 年度资金总额: | 2300.67 | 2300.67 | 100% | <<
    ^^ | 其中:中央补助 | 442.43 | 442.43 | 100% | <<
    ^^ | 地方资金 | 1858.24 | 1858.24 | 100% | <<
    ^^ | 其他资金 | | | | <<
    总体目标完成情况 | 总体目标 | << | 全年实际完成情况 | << | <<
    ^^ | 实施基本药物制度,按照专款专用的原则把财政安排的补助资金统筹安排使用,保障基层医疗机构和村级卫生室正常运转,确保国家基本药物制度顺利实施。 | << | 年度完成基层医疗卫生机构实施基本药物制度补助2300.67万元,中央补助442.43万元,地方财政补助1858.24万元;其中完成村卫生室实施基本药物制度补助471.23元,其中中央补助189.63万元,地方财政补助281.6万元 | << | <<
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年完成值 | 未完成原因和改进措施
    | 数量指标 | 指标1:政府办基层医疗卫生机构实施国家基本药物制度覆盖率 | 实施乡镇社区基层医疗机构37个。 | 本年度已完成37个基层医疗机构基药补助制度实施。 |
    | ^^ | 指标2:村卫生室实施国家基本药物制度 | 实施基本药物制度补助村卫生室352个。 | 本年度已完成352个村卫生室基药补助的实施。 |
    | 质量指标 | 指标1:基层医疗卫生机构实施基本药物制度补助。 | 37个基层医疗机构 | 100% |
    """, header_rows=0),
    P("(来源页面在下一行“指标2:村卫生……”处截断,其后内容未收录。)"),
])


def files():
    return {"report.html": REPORT}
