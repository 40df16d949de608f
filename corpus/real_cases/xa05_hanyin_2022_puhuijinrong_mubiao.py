"""汉阴县 2022年第二批中、省普惠金融发展专项资金绩效目标表 — 汉阴县财政局 / 汉阴县人社局 (安康市, 陕西).

Source: https://www.hanyin.gov.cn/Content-2392921.html — the county portal's notice 汉阴县财政局关于下达2022年第二批中、省
普惠金融发展专项资金的通知 (汉财社字〔2022〕33号, 2022-04-01) with its attachment, the 绩效目标表, as an HTML table.
Reviewed on its own → ``target.html`` (kind ``target``).

Kept verbatim: the attachment title, ``(2022年度)`` and the header note ``单位:元`` (which contradicts the
``资金情况(万元)`` cell below — kept as published); 专项名称 / 市级主管部门 / 县级财政部门 / 县级主管部门; funds 112 = 中央补助
40 + 地方资金 72; both 年度总体目标 lines (with the doubled ``特殊困难群体困难群体``); the indicator rows with their
signs and units as written (unsigned ``4000万元`` and ``100%``, ``≥90%``, ``≥2倍``, ``≥60%``, ``≥80%``), the 一级 cell
``产↵出↵指↵标`` written one character per line and ``服务对象↵满意度↵指标``.
Rewritten: the notice body (直达资金 marking, 陕财办[2019]69号 management duties, use of the 区域绩效目标) summarised in one
paragraph of our own.  Left out: the rest of the 满意度 rows — the capture stops after 申报定向费用补贴金融机构满意度
``≥80%``; a further 满意度 row or two may follow in the original.

Labels (domain.md §7.2):
- 7 complete indicators.  产出 has 数量 (1 row) and 质量 (3 rows) but **no 时效指标 and no 成本指标** → two
  ``missing_dimension`` flags (indicator null), one per missing required 二级.  The 产出 block is complete in the
  capture (the cut is inside 满意度), so this is not an artefact of the cut.  效益 and 满意度 are present.
- Directions right; no rate above 100%; no deadline; 2 of 7 targets are 100% → no other §7.2 flag.  Funds 40 + 72 =
  112 → no ``arithmetic_error``.  Every quantitative row has a figure → no ``vague_target``.
- ``单位:元`` vs ``(万元)``: a header slip; no flag code covers it (noted only).
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "xa05_hanyin_2022_puhuijinrong_mubiao"

TARGET = DocSpec(title="2022年第二批中、省普惠金融发展专项资金绩效目标表", blocks=[
    P("汉阴县财政局关于下达2022年第二批中、省普惠金融发展专项资金的通知"),
    P("汉财社字〔2022〕33号    发布日期:2022-04-01    来源:县财政局"),
    P("(通知摘要)本批资金按中央直达资金管理,直达标识在分配、拨付、使用各环节保持不变。县人社局应依照陕财办[2019]69号"
      "文件管好用好专项资金,公开相关信息,及时拨付到有关单位,做到贴息资金专款专用、不被挤占挪用,并在预算执行中对照"
      "区域绩效目标开展绩效管理,保证年度目标按期完成。"),
    P("附件:2022年第二批中、省普惠金融发展专项资金绩效目标表"),
    P("附件"),
    P("2022年第二批中、省普惠金融发展专项资金绩效目标表"),
    P("(2022年度)"),
    P("单位:元"),
    T("""
    专项名称 | 普惠金融发展专项资金 | << | << | <<
    市级主管部门 | 市人力资源和社会保障局 | << | 县级财政部门 | 汉阴县财政局
    县级主管部门 | 汉阴县人力资源和社会保障局 | << | << | <<
    资金情况↵(万元) | 年度金额 | 112 | << | <<
    ^^ | 其中:中央补助 | 40 | << | <<
    ^^ | 地方资金 | 72 | << | <<
    年度总体目标 | 目标1:支持农村金融组织体系建设,扩大农村金融服务覆盖面。↵目标2:支持劳动者自主创业、自谋职业,推动解决特殊困难群体困难群体的结构性就业矛盾。 | << | << | <<
    绩 效 指 标 | 一级↵指标 | 二级指标 | 三级指标 | 指标值
    ^^ | 产↵出↵指↵标 | 数量指标 | 本年度创业担保贷款发放额 | 4000万元
    ^^ | ^^ | 质量指标 | 创业担保贷款回收率 | ≥90%
    ^^ | ^^ | ^^ | 资金足额拨付率 | 100%
    ^^ | ^^ | ^^ | 地方配套资金到位率 | 100%
    ^^ | 效益↵指标 | 经济效益指标 | 创业担保基金放大倍数 | ≥2倍
    ^^ | ^^ | 社会效益指标 | 金融机构网点覆盖率 | ≥60%
    ^^ | 满意度指标 | 服务对象↵满意度↵指标 | 申报定向费用补贴金融机构满意度 | ≥80%
    """, widths=[1.1, 0.8, 1.3, 3.0, 1.4], header_rows=0),
    P("(来源页面在此处截断,其后的满意度指标行未收录。)"),
])


def files():
    return {"target.html": TARGET}
