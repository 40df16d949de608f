"""芜湖市镜湖区残疾人联合会 2023年度 中央转移支付(残疾人事业发展补助资金) 绩效自评报告 — 镜湖区 (芜湖市, 安徽).

Source: https://www.whjhq.gov.cn/zwzt/czzjzt/jhqcl/bmyjs/18422355.html — the district portal's 财政资金 专题 page of
镜湖区残联, a prose self-evaluation report (no table).  An HTML page → ``report.html``.

Kept: every figure and claim of the captured text, in the report's order and pattern — 29.6万元 下达 / 执行数 29.6万 /
执行率100%; the six-point 资金管理 claim; the overall completion claim; each indicator as "年初指标值为不低于A,全年
实际完成值B" (不低于85% → 100%; 不低于105人 → 116人; 不低于180人 → 164人), the time indicator (2023年12月底 → 在规定时间内
完成), the cost indicator (260元/辆 → 按该标准发放), the three 社会效益 statements (有所提高 / 有所提高 / 有所改善).
Rewritten: all sentences, in our own words (same section numbering 一、二、(一)…(四)、1、…4、; 第一/第二/第三 kept).
Left out: everything from "5、满意度指…" on — the capture is cut there, so the 满意度 indicator, any later sections
(偏差原因, 问题与建议, 自评结论) are not in the file.

Labels (domain.md §3–5; prose report, no self-scores, no policy file — the report's own 年初指标值 are the targets):
- 发放残疾人机动轮椅车燃油补贴人次数: 164人 against 不低于180人 → ``target_missed`` (91.1%, 8.9% short → medium).
  The captured text gives no cause → ``missing_deviation_reason``, **optional**: the original report continues past
  the cut and may explain the gap later.
- 基本康复服务比例 100% ≥ 85%; 托养服务人次数 116 ≥ 105 (1.10 ×, not overachieved).
- 残疾人机动轮椅车燃油补贴年均补助标准: a figure (260元/辆) answered with words (按该标准发放, i.e. "paid at that
  standard") → ``unit_mismatch`` optional: the words assert the target was met exactly.
- 项目完成时间: 2023年12月底 answered 在规定时间内完成 — a met deadline stated in words; ``unit_mismatch`` optional
  for the same reason.
- The three 社会效益 indicators have no restated target (label target ``""``) and qualitative actuals; they are not
  numeric 效益 rows, so no ``vague_target``.
- Budget 29.6 / 29.6 = 100% → no budget flag.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "xa07_jinghu_2023_canlian_zipingbaogao"

REPORT = DocSpec(title="镜湖区残联中央转移支付2023年度绩效自评报告(残疾人事业发展补助资金)", blocks=[
    H("镜湖区残联中央转移支付2023年度绩效自评报告(残疾人事业发展补助资金)"),
    H("一、绩效目标分解下达情况", 2),
    P("2023年,镜湖区获得中央转移支付资金(残疾人事业发展补助资金)29.6万元,主要安排在残疾人基本康复、残疾人机动轮椅"
      "燃油补贴以及智力、精神和重度残疾人托养服务三个方面。"),
    H("二、绩效情况分析", 2),
    P("(一)资金投入情况分析。中央直达资金投入29.6万,实际执行29.6万,执行率100%。"),
    P("(二)资金管理情况分析。资金做到了分配科学、下达及时、拨付合规、使用规范、执行准确;预算绩效管理依照芜湖市贯彻落实"
      "《中共安徽省委安徽省人民政府关于全面实施预算绩效管理的实施意见》的通知要求开展,各科室均正常履行了支出责任。"),
    P("(三)总体绩效目标完成情况分析。对照年初总体目标,本项资金按计划完成,完成质量较好,实现了预期效果;基本康复、"
      "机动轮椅燃油补贴和托养服务各项工作有序推进,补助均按标准发放。"),
    P("(四)绩效指标完成情况分析。"),
    P("1、产出数量指标:第一,有需求的困难残疾人得到残疾人基本康复服务比例,年初指标值为不低于85%,全年实际完成值100%。"
      "第二,资助接受托养服务人次数,年初指标值为不低于105人,全年实际完成值116人。第三,发放残疾人机动轮椅车燃油补贴"
      "人次数,年初指标值为不低于180人,全年实际完成值164人。"),
    P("2、产出时效指标:项目完成时间,年初指标值为2023年12月底,实际在规定时间内完成。"),
    P("3、产出成本指标:残疾人机动轮椅车燃油补贴年均补助标准,年初指标值为260元/辆,实际按该标准发放。"),
    P("4、社会效益指标:残疾人康复服务水平有所提高;残疾人机动轮椅车车主出行便利程度有所提高;关心、理解、支持残疾人的"
      "社会氛围有所改善。"),
    P("(来源页面在“5、满意度指”处截断,其后内容未收录。)"),
])


def files():
    return {"report.html": REPORT}
