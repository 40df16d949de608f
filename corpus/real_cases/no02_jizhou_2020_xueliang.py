"""天津市蓟州区 2020 公共全视频监控建设联网应用项目(雪亮工程)转移支付 — 绩效自评报告 (附件3), 天津.

Source: https://www.tjjz.gov.cn/ztzl/jzczzjzdjc/202108/t20210823_5548899.html (蓟州区 直达资金专栏,
2021-08-23; HTML page).  The capture stops inside section (三)(1) 数量指标, in the reason sentence
("主要原因是因疫情影响,延…"); the rebuilt report ends with that indicator and says so.

Kept: every figure as published — 2842.5157万元 budget, 2668万元 paid, 执行率93.86%, the device counts
16954 / 558 / 1488 / 34 / 14666 / 242 套(台、块、项), "年内完成项目总体30%投入", "1座的30%投入"; the
claims (资金全部及时拨付到位, 未执行部分结转下年, 其他指标均无法评估, 未能完成绩效任务目标) and the reason
(疫情影响).  Rewritten: the sentences, in our own words, same order.  Left out: site chrome and the cut
tail (质量/时效/效益/满意度 indicators, sections 三–五 of the template, if they were there).

Labels (no policy file; targets come from section 一 and the indicator sentence):
- 软硬件设备 target "16954套(台、块、项)": the report gives no installed count ("其他指标均无法评估") →
  ``not_reported``.
- The parts of 16954 do not add up: 558 + 1488 + 34 + 14666 + 242 = 16988 ≠ 16954 (34 short — exactly
  the 公安分平台 line) → ``arithmetic_error`` (report level, indicator null).
- 项目总体投入 target "30%" (年内完成项目总体30%投入), actual "30%" → met.
- 公共全视频监控建设联网应用 target "1座", answered "30%" (of its investment) and "未完成": % cannot be
  converted to 座 → ``unit_mismatch`` (so not ``target_missed``); a cause is given (疫情), so no
  ``missing_deviation_reason``.
- Budget 2668 / 2842.5157 = 93.86% as stated (≥ 90%) → no budget flag.  No scores anywhere.
"""

from __future__ import annotations

from _kit import H, P, DocSpec

CASE_ID = "no02_jizhou_2020_xueliang"

REPORT = DocSpec(title="天津市雪亮工程转移支付2020年度绩效自评报告", blocks=[
    P("附件3"),
    H("天津市雪亮工程转移支付2020年度绩效自评报告"),
    H("一、绩效目标分解下达情况", 2),
    P("2020年,中央向我市下达用于疫情防控的转移支付预算2842.5157万元,用于天津市蓟州区公共全视频监控建设"
      "联网应用项目(雪亮工程,以下简称雪亮工程)建设。建设内容为公共视频联网共享总平台、综治分平台和公安分平台,"
      "完善第一包围圈、第二包围圈及区块前端布控点位,建设手机移动终端管控系统和人脸识别系统、两处精品智慧社区,"
      "并租用光纤、托管机房。计划建设安装软硬件设备合计16954套(台、块、项),其中:总平台558套(台、块、项),"
      "综治分平台1488套(台、块、项),公安分平台34套(台、块、项),前端视频监控补点14666台(套),"
      "综治精品社区242套(台、块、项)。年内完成项目总体30%投入。"),
    H("二、绩效目标完成情况分析", 2),
    H("(一)资金投入情况分析。", 3),
    P("1.资金到位情况分析;"),
    P("2020年度本项目2842.5157万元转移支付资金已全部及时拨付到位。"),
    P("2.资金执行情况分析;"),
    P("2020年度本项目资金2842.5157万元中已支付2668万元,全部用于雪亮工程建设费用,执行率为93.86%。"),
    P("3.资金管理情况分析。"),
    P("2020年度本项目资金2842.5157万元,已支付部分按财政部门相关规定和《公安蓟州分局财经管理规定》审批使用,"
      "专款专用,款项付给施工企业;未支付部分结转至下年继续用于本项目建设。"),
    H("(二)总体绩效目标完成情况分析。", 3),
    P("雪亮工程实现了年内完成项目总体30%投入的目标;受疫情影响,项目未能全部完工,其余指标都无法评估,"
      "绩效任务目标未能完成。"),
    H("(三)绩效指标完成情况分析。", 3),
    P("(1)数量指标;"),
    P("公共全视频监控建设联网应用1座完成了30%的投入,没有完成绩效目标任务,主要原因是受疫情影响。"),
    P("(原网页在此处截断,以下内容未能取得。)"),
])


def files():
    return {"report.html": REPORT}
