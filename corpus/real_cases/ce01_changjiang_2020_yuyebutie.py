"""2020年度长江禁捕项目自评表 — 渔业成品油价格改革补贴 (区市场监督管理局 / 农业科), probably 湖北.

Source: https://1wenmi.com/doc/330418.html — a document-sharing page ("第壹文秘") showing the text of
"2020年度长江禁捕项目自评表单位名称农业工作科填报日期.docx" (2 pages).  The page does not name the city or
province.  The form is the Hubei 财政预算支出项目绩效目标自评表 template (项目类别 部门预算项目 / 市直专项 /
市对下转移支付项目, 预算执行情况(万元)(20分), 得分(20分*执行率), 年初目标值(A) / 实际完成值(B),
偏差大或目标未完成原因分析, 改进措施及结果应用方案), the same template as Hubei county forms, hence
"probably 湖北"; the unit is a district (区) one.  Published as DOCX → ``report.docx``.

Kept verbatim: every cell value as the capture shows it: 1.56 / 1.56 / 执行率 ``1`` / 20; 补贴渔船数 6 / 6 / 20;
渔船补贴发放率 100% / 100% / 10; 12月底之前完成 100% / 100% / 10; 退捕渔民抽样调查满意度 90% / ``290%`` / 40;
总分 100; 偏差原因 ``无``; 改进措施 ``无``; the check-box rows as extracted (``部门预算项目0``, ``市直专项口``:
the extractor turned the boxes into ``0``/``口``, and which box is ticked cannot be seen).
Restored: the vertical merged labels, which the extraction scrambled (``度效标O0B年绩目1分EB`` →
``年度绩效指标(80分)`` + ``一级指标``; ``出标产指`` → ``产出指标``; ``益标效指`` → ``效益指标``); a page break
split the 时效 row ("12月底之前完成10 / 2、0%100%10"): read as name 12月底之前完成, 100%, 100%, 10 (the "2、"
is the site's page marker).  The 补贴渔船数 row reads "6620": 6 / 6 / 20 is the only split whose score
makes the 总分 add up (20 + 20 + 10 + 10 + 40 = 100).
Left out: the 备注 block under the table (scoring notes, cut mid-sentence by the capture).

Labels (domain.md §3–5; the form is the Hubei 20/80 layout, so ``profile: hubei``):
- Budget: 1.56 / 1.56 = 100% ("1" as stated), 20 × 1 = 20 as claimed.  No budget flag.
- Weights: 产出 20 + 10 + 10 = 40, 效益(服务对象满意度) 40 → 80; + 20 = 100.  总分 100 = 20 + 20 + 10 + 10 + 40.
- 补贴渔船数 6 ≥ 6 → 20/20; 渔船补贴发放率 100% → 10/10; 12月底之前完成 100% → 10/10.
- 退捕渔民抽样调查满意度: actual ``290%``, a satisfaction rate above 100% → ``unit_mismatch`` (required: a rate
  that cannot exceed 100% answered above 100%).  It is almost certainly a garbled ``≥90%`` (the same noise as
  realdocs S2's 290%); read that way it is a direction-carrying actual with 40 points claimed →
  ``unsupported_score`` optional.  Taken literally 290% ≥ 90%, so no ``target_missed``.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "ce01_changjiang_2020_yuyebutie"

REPORT = DocSpec(title="2020年度长江禁捕项目自评表", blocks=[
    H("2020年度长江禁捕项目自评表"),
    P("单位名称:农业工作科　　填报日期:"),
    T("""
    项目名称 | 渔业成品油价格改革补贴 | << | << | << | <<
    主管部门 | 区市场监督管理局 | << | 项目实施单位 | 农业科 | <<
    项目类别 | 1、部门预算项目0 2、市直专项口 3、市对下转移支付项目0 | << | << | << | <<
    项目属性 | 1、持续性项目 2、新增性项目0 | << | << | << | <<
    项目类型 | 1、常年性项目 2、延续性项目口 3、一次性项目0 | << | << | << | <<
    预算执行情况(万元)(20分) | << | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率)
    年度财政资金总额 | << | 1.56 | 1.56 | 1 | 20
    """, widths=[1.6, 1.6, 1.4, 1.4, 1.4, 1.6], header_rows=0),
    T("""
    年度绩效指标(80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分
    ^^ | 产出指标 | 数量指标 | 补贴渔船数 | 6 | 6 | 20
    ^^ | ^^ | 质量指标 | 渔船补贴发放率 | 100% | 100% | 10
    ^^ | ^^ | 时效指标 | 12月底之前完成 | 100% | 100% | 10
    ^^ | 效益指标 | 服务对象满意度 | 退捕渔民抽样调查满意度 | 90% | 290% | 40
    总分 | << | << | << | << | << | 100
    偏差大或目标未完成原因分析 | << | 无 | << | << | << | <<
    改进措施及结果应用方案 | << | 无 | << | << | << | <<
    """, widths=[1.2, 1.0, 1.2, 2.0, 1.2, 1.2, 0.8], header_rows=1),
])


def files():
    return {"report.docx": REPORT}
