"""普惠金融发展专项资金 绩效目标自评表 (中央对地方转移支付, 省级主管部门 四川省财政厅) — 四川, unit and year not given.

Source: https://www.chacewang.com/newsdetail/news368066.html — a republished copy (查策网) of a Sichuan
local finance department's self-evaluation of the 普惠金融发展专项资金 (创业担保贷款贴息 etc.).  The copy flattens
the form into running text; the page shows no title, unit or year, only the form.  An HTML page → ``report.html``.

Kept verbatim: every cell, re-drawn into the province's 转移支付 self-evaluation layout: 专项名称 / 省级主管部门;
the 资金情况 block (年度金额(提前下达):208万元 = 中央财政 165万元 + 省级财政 43万元; 资金使用情况 合计:109.8万元 =
中央财政 84.5万元 + 省级财政 25.3万元); 年度总体目标 and 完成情况 (the copy shows 。 as ,, kept); the indicator table
with **权重 written as percentages** (``20%``) beside plain 得分 (``20``); the actual ``≥80%`` in a 完成值 cell;
``得分合计 100。``.  Cell boundaries were re-drawn from the flattened text (``≥10%115.25%20%20`` = ``≥10%`` |
``115.25%`` | ``20%`` | ``20``).  Nothing rewritten, nothing left out (the whole form fits in the capture).

Labels (domain.md §3–5; the form's own weights win: nine indicators, 权重 20+20+10+10+10+10+10+5+5 = 100, no
budget-execution line):
- Budget: used 109.8 of 208万元 = 52.79% → ``low_budget_execution`` (indicator null).  Parts add up
  (165 + 43 = 208; 84.5 + 25.3 = 109.8).  No budget score is claimed, so nothing else to check there.
- 创业担保贷款发放额增长率: 115.25% against ≥10% = 11.5 × target → ``overachieved``.
- 创业担保基金放大倍数: 10倍 against ≥2倍 = 5 × → ``overachieved``.
- 申请定向费用补贴金融机构满意度: the 完成值 is ``≥80%`` (the target restated, not a measurement) and full 10 is
  claimed → ``unsupported_score``.
- The rest met (98.70% ≥ 90%; 100% = 100% twice; 85% ≥ 60% = 1.42 ×, below 1.5; 100% ≥ 80% twice), full scores
  right.  Scores add to 100 = 得分合计 → no ``arithmetic_error``.
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "xa02_sichuan_nd_puhuijinrong"

GOAL = ("目标1:支持农村金融组织体系建设,扩大农村金融服务覆盖面,目标2:支持重点群体和符合条件的小微企业融资发展,"
        "目标3:支持地方因地制宜打造各具特色的普惠金融发展示范区,增强金融普惠性,推动普惠金融高质量发展,")
DONE = ("1:支持农村金融组织体系建设,扩大农村金融服务覆盖面,2:支持重点群体和符合条件的小微企业融资发展,3:支持地方因地"
        "制宜打造各具特色的普惠金融发展示范区,增强金融普惠性,推动普惠金融高质量发展,")

REPORT = DocSpec(title="普惠金融发展专项资金绩效目标自评表", blocks=[
    T(f"""
    专项名称 | 普惠金融发展专项资金 | << | << | << | << | << | <<
    省级主管部门 | 四川省财政厅 | << | << | << | << | << | <<
    资金情况(万元) | 年度金额(提前下达): | << | 208万元 | 资金使用情况(万元) | 合计: | 109.8万元 | <<
    ^^ | 中央财政 | << | 165万元 | ^^ | 中央财政 | 84.5万元 | <<
    ^^ | 省级财政 | << | 43万元 | ^^ | 省级财政 | 25.3万元 | <<
    年度总体目标 | {GOAL} | << | << | 完成情况 | {DONE} | << | <<
    绩效目标完成情况 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 权重 | 得分
    ^^ | 产出指标 | 数量指标 | 创业担保贷款发放额增长率 | ≥10% | 115.25% | 20% | 20
    ^^ | ^^ | 质量指标 | 创业担保贷款回收率 | ≥90% | 98.70% | 20% | 20
    ^^ | ^^ | ^^ | 资金足额拨付率 | 100% | 100% | 10% | 10
    ^^ | ^^ | ^^ | 地方配套到位率 | 100% | 100% | 10% | 10
    ^^ | 效益指标 | 经济效益指标 | 创业担保基金放大倍数 | ≥2倍 | 10倍 | 10% | 10
    ^^ | ^^ | 社会效益指标 | 金融机构网点覆盖率 | ≥60% | 85% | 10% | 10
    ^^ | 满意度指标 | 服务对象满意度指标 | 申请定向费用补贴金融机构满意度 | ≥80% | ≥80% | 10% | 10
    ^^ | ^^ | ^^ | 申报创业担保贷款贴息个人满意度 | ≥80% | 100% | 5% | 5
    ^^ | ^^ | ^^ | 申报创业担保贷款贴息小微企业的满意度 | ≥80% | 100% | 5% | 5
    得分合计 | << | << | << | << | << | << | 100。
    """, widths=[1.1, 1.0, 1.2, 2.4, 0.9, 0.9, 0.7, 0.6], header_rows=0),
])


def files():
    return {"report.html": REPORT}
