"""牟定县2020年第一批公路安全生命防护工程绩效自评报告 — 牟定县交通运输局 (云南, 楚雄州牟定县), 2020.

Source: http://mdx.gov.cn/info/1262/17963.htm — 牟定县人民政府 site, 部门信息公开 > 牟定县交通运输局, dated
2021-03-24.  An HTML page → ``report.html``.

Kept: every figure and claim of the captured part — 楚交路〔2020〕1号 下达; 建设里程8公里; 车购税补助56万元; 邀请招标;
开工2020年5月20日, 完工2020年6月20日; two routes 核桃树河至小利黑 and 小利黑至竹箐河; 波型护栏1820米, 标志标牌18块;
下达资金56万元 / 实际完成投资54.6万元 (stated three times, as in the source); 验收 2020年9月29日 by 交通运输局、应急管理局、
交警大队, "合格工程", 验收合格率100%; 项目投资56万元 / 实际决算54.6万元; 处治路线2条, 覆盖乡镇1个; 安全保障水平≥95%;
群众满意度≥95%.  The seven numbered indicator paragraphs keep the source's order and labels (1.数量指标 … 7.服务对象满意度
指标; 5 is called 社会效益目标 in the source).
Rewritten: all sentences in our own words, same pattern (completion stated as "完成…", the two ``≥95%`` written as
the achieved value).
Left out: section 三 after its first words (the capture stops at "实际完成投"): the deviation reasons and measures.

Labels (no policy file; the report states only two targets — 建设里程8公里 and 下达资金56万元 — and otherwise reports
completion values):
- 处治里程: target 8公里 (the 下达 plan), actual 8公里 → met.
- 项目投资 (成本): target 56万元 (unsigned cost → a maximum by default), actual 54.6万元 → met.
- 项目(工程)验收合格率: no target stated, actual 100%.  ``vague_target`` optional: a 质量 indicator with no figure in
  this file; but the report simply never restates its targets, so a reviewer may not hold it against the indicator.
- 提升公路交通安全保障水平 (可持续影响): no target, actual ``≥95%`` (a direction, not a measurement).  No score is
  claimed anywhere, so no ``unsupported_score``; ``vague_target`` optional as above.
- 项目区群众满意度: no target, actual ``≥95%``; 满意度 is outside the quantitative category; no flag.
- Budget: 54.6 / 56 = 97.5% (completed investment against funds allocated) → no budget flag.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "xb05_mouding_2020_shengmingfanghu"

TITLE = "牟定县2020年第一批公路安全生命防护工程绩效自评报告"

REPORT = DocSpec(title=TITLE, blocks=[
    H(TITLE),
    P("日期：2021年03月24日"),
    H("一、绩效目标分解下达情况", 2),
    P("牟定县2020年第一批公路安全生命防护工程由楚雄州交通运输局《关于转下达2020年第一批安全生命防护和为桥改造工程建设"
      "计划的通知》（楚交路〔2020〕1号）下达，建设里程8公里，下达车购税补助资金56万元。项目采用邀请招标，2020年5月20日"
      "开工，2020年6月20日完工，涉及核桃树河至小利黑、小利黑至竹箐河两条线路，共完成波型护栏1820米、标志标牌18块。"
      "项目下达资金56万元，实际完成投资54.6万元。"),
    H("二、绩效目标完成情况分析", 2),
    P("（一）资金投入情况分析。项目下达资金56万元，实际完成投资54.6万元。"),
    P("（二）总体绩效目标完成情况分析。项目涉及核桃树河至小利黑、小利黑至竹箐河两条线路，完成波型护栏1820米、标志标牌"
      "18块。"),
    P("（三）绩效指标完成情况分析。"),
    P("1.数量指标。项目处治里程8公里，完成波型护栏1820米、标志标牌18块。"),
    P("2.质量指标。项目于2020年6月20日完工，2020年9月29日经县交通运输局、应急管理局和县交警大队三部门组成的验收组验收，"
      "评定为“合格工程”，项目（工程）验收合格率为100%。"),
    P("3.时效指标。项目2020年5月20日开工建设，2020年6月20日完工。"),
    P("4.成本指标。项目投资56万元，实际决算金额54.6万元。"),
    P("5.社会效益目标。项目处治路线2条，覆盖乡镇1个。"),
    P("6.可持续影响指标。降低了交通事故损失，提升公路交通安全保障水平≥95%。"),
    P("7.服务对象满意度指标。项目区群众满意度≥95%。"),
])


def files():
    return {"report.html": REPORT}
