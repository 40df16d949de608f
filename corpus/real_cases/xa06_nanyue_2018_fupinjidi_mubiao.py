"""衡阳市南岳区 2018 — 市级专项扶贫资金基础设施(人大代表扶贫基地) 绩效目标申报表 (湖南, 衡阳市南岳区).

Source: http://www.nanyue.gov.cn/nyczj/czysgk/2018njyqnddbmyjs/xcj/nyqnyzzf/20200211/i951217.html — the district
finance bureau's page (发布时间 2018年05月20日, 来源 南岳区财政局, 归档 2023-09-06), the 绩效目标申报表 as an HTML
table → ``target.html`` (kind ``target``).

Kept verbatim: every cell — 项目名称, 项目负责人及电话 (name and number run together), 主管部门 南岳镇政府, 实施单位 with
its code ``[610001]``; funds 10 / 10 / 0; 年度目标 and the empty 年度总体目标完成情况; all 16 indicator rows with the
template placeholders left in the names (``( ≥**个 )``, ``(≥**%)``, ``≥**人``), the leading ``*`` and the figure inside
the name ``*贫困地区旅游基础设施建设质量达标率100%`` (target ``>=98%``), ASCII signs ``>=`` / ``<=`` throughout, the empty
备注 column; the three 审核意见 rows with ``(盖章)``.  Nothing rewritten, nothing left out.

Labels (domain.md §7.2 + vague_target/arithmetic_error):
- Dimensions complete (数量/质量/时效/成本 under 产出; 经济/社会效益; 满意度) → no ``missing_dimension``.
- Costs carry ``<=``, outputs and rates ``>=`` → no ``direction_error``.  No rate above 100% → no
  ``implausible_target``.  4 of 16 targets are ``>=90%`` (满意度), not more than half → no ``duplicate_target``.
- Funds 10 = 10 + 0.  The cost targets agree with the funding: 20平方米 × 3000元 + 60亩 × 475元 + 4个 × 2875元 =
  60000 + 28500 + 11500 = 100000元 = 10万元.  No ``arithmetic_error``.
- The quality row names 100% but sets ``>=98%``: an internal oddity a reviewer would query, but no flag code covers a
  figure inside a name (noted only).  Clean: ``flags: []``.
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "xa06_nanyue_2018_fupinjidi_mubiao"

TARGET = DocSpec(title="2018年市级专项扶贫资金基础设施(人大代表扶贫基地)绩效目标申报表", blocks=[
    P("2018年市级专项扶贫资金基础设施(人大代表扶贫基地)绩效目标申报表"),
    P("发布时间:2018年05月20日 15:40 来源:南岳区财政局"),
    P("绩效目标申报表"),
    T("""
    项目名称 | 2018年市级专项扶贫资金基础设施(人大代表扶贫基地) | << | 项目负责人及电话 | 郭铁梅18932106863 | <<
    主管部门 | 南岳镇政府 | << | 实施单位 | [610001]湖南省润山润水生态农业发展有限公司 | <<
    资金情况(万元) | 年度资金总额: | 10 | << | << | <<
    ^^ | 其中:财政拨款 | 10 | << | << | <<
    ^^ | 其他资金 | 0 | << | << | <<
    总体目标 | 年度目标 | << | << | 年度总体目标完成情况 | <<
    ^^ | 为水濂村带来观光游客不少于6万人,村集体收入达6万元。 | << | << | | <<
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 备注
    ^^ | 产出指标 | 数量指标 | 贫困地区旅游基础设施建设工程 | >=20平方米 |
    ^^ | ^^ | ^^ | 贫困地区旅游景点开发数量( ≥**个 ) | >=4个 |
    ^^ | ^^ | ^^ | 流转土地 | >=60亩 |
    ^^ | ^^ | 质量指标 | *贫困地区旅游基础设施建设质量达标率100% | >=98% |
    ^^ | ^^ | 时效指标 | 贫困地区基础设施建设按期完成率(≥**%) | >=95% |
    ^^ | ^^ | 成本指标 | 流转土地补助标准 | <=475元/亩 |
    ^^ | ^^ | ^^ | 景观建设成本 | <=2875元/个 |
    ^^ | ^^ | ^^ | 贫困地区旅游基础设施建设工程建设成本 | <=3000元/平方米 |
    ^^ | 效益指标 | 经济效益指标 | 乡村旅游带动增加贫困村收入(≥**万元) | >=6万元 |
    ^^ | ^^ | ^^ | 乡村旅游带动增加贫困人口收入(≥**万元) | >=2.61万元 |
    ^^ | ^^ | 社会效益指标 | 贫困地区乡村旅游开发景点接待游客数量(≥**人) | >=60000人 |
    ^^ | ^^ | ^^ | 受益建档立卡贫困人口数≥**人 | >=29人 |
    ^^ | 满意度指标 | 服务对象满意度指标 | 旅游行业经营主体满意度(≥**%) | >=90% |
    ^^ | ^^ | ^^ | 参与旅游扶贫项目贫困群众满意度(≥**%) | >=90% |
    ^^ | ^^ | ^^ | 旅游区居民满意度(≥**%) | >=90% |
    ^^ | ^^ | ^^ | 游客满意度(≥**%) | >=90% |
    财政部门支出股室初审意见 | (盖章) | << | << | << | <<
    财政部门绩效评价股审核意见 | (盖章) | << | << | << | <<
    区扶贫办审核意见 | (盖章) | << | << | << | <<
    """, widths=[1.2, 1.0, 1.2, 3.2, 1.2, 0.6], header_rows=0),
])


def files():
    return {"target.html": TARGET}
