"""天津市东丽区 2020 东丽湖新建光辉路(智景东道-星宇道)工程项目 — (直达资金)绩效自评报告, 天津.

Source: https://www.tjdl.gov.cn/gongkai/czzjzdjc/202105/t20210514_5450772.html (天津市东丽区财政局,
2021-05-14; an HTML page, published whole — the capture is complete).

Kept: the section structure of the 直达资金 self-evaluation template (一 … 五), every figure (2082.48万元
估算投资, 700万元 抗疫特别国债, 700万元 已拨付, 491米), every indicator phrase and its status word (已完成,
随项目进度把控), the odd spots of the original: the opening names the project "东丽区雨污分流改造工程项目"
(a copy-paste slip: the page is about 光辉路), the total goal reads "完成道路建设座" (a stray 座) and the
quality indicator speaks of a 天桥 (bridge) for a road project; section 三 is empty.
Rewritten: all sentences in our own words, same order and pattern ("<二级>:<indicator + target>,<status>").
Left out: site chrome (share links, footer).

Labels (domain.md §3–5, no policy file; the report's own sentences give indicator and target together):
- 道路建设 "完成道路建设491米" answered "已完成": a quantitative target answered by a word →
  ``unit_mismatch`` by the letter of §5, but the sentence can also be read as "491米 done": optional.
- 天桥质量 "确保天桥质量": a 质量 indicator with no figure → ``vague_target`` optional (it is also a yes/no
  state, which the conventions treat as qualitative).
- 建设时效 "按时完成建设": a 时效 indicator with no date or duration → ``vague_target`` (required).  Its
  "actual" is "随项目进度把控" — a non-answer; no score is claimed anywhere, so ``not_reported`` is
  not labelled (there is text, just not an outcome; it is kept as the actual).
- 居民出行便利 "方便周边居民出行" (社会效益) and 持续改善出行 "持续改善周边居民出行" (可持续影响): words
  only; "持续改善" is a degree phrase like 有效改善 → ``vague_target`` optional on it; 方便… no flag.
- 周边居民满意度 "提升周边居民满意度": 满意度 is outside the quantitative category → no vague flag.
- Budget: 700 arranged, 700 paid = 100% → no budget flag; no scores, no totals → nothing to recompute.
  Section 三 (偏离原因) is empty, but no target is missed, so no ``missing_deviation_reason``.
"""

from __future__ import annotations

from _kit import H, P, DocSpec

CASE_ID = "no01_dongli_2020_guanghuilu"

REPORT = DocSpec(title="(直达资金)天津市东丽湖新建光辉路(智景东道-星宇道)工程项目2020年度绩效自评报告", blocks=[
    H("(直达资金)天津市东丽湖新建光辉路(智景东道-星宇道)工程项目2020年度绩效自评报告"),
    P("发布时间:2021-05-14 11:40　　来源:天津市东丽区财政局"),
    H("天津市东丽湖新建光辉路(智景东道-星宇道)工程项目2020年度绩效自评报告", 2),
    H("一、绩效目标分解下达情况", 2),
    P("东丽区雨污分流改造工程项目的估算投资为2082.48万元,其中区财政用抗疫特别国债安排了700万元。"),
    H("二、绩效目标完成情况分析", 2),
    H("(一)资金投入情况分析。", 3),
    P("项目工程款已拨付700万元;前期费用和其余工程款尚待申请,尾款在项目完工、质保期满后再行支付。"),
    H("(二)总体绩效目标完成情况分析。", 3),
    P("依据东丽湖新建光辉路(智景东道-星宇道)工程方案,项目绩效目标定为:1.保质保量完成道路建设座;"
      "2.工程施工质量符合验收相关要求,按时投入使用;3.满足周边居民的出行需求。"),
    P("总体来看,绩效目标已基本完成。"),
    H("(三)绩效指标完成情况分析。", 3),
    P("1.产出指标完成情况分析。"),
    P("数量指标:完成道路建设491米,已完成;"),
    P("质量指标:确保天桥质量,已完成;"),
    P("时效指标:按时完成建设,随项目进度把控;"),
    P("2.效益指标完成情况分析。"),
    P("社会效益指标:方便周边居民出行,已完成;"),
    P("可持续影响指标:持续改善周边居民出行,已完成。"),
    P("3.满意度指标完成情况分析。"),
    P("服务对象满意度指标:提升周边居民满意度,已完成。"),
    H("三、偏离绩效目标的原因和下一步改进措施", 2),
    H("四、绩效自评结果拟应用和公开情况", 2),
    P("将按规定申请公开。"),
    H("五、其他需要说明的问题", 2),
])


def files():
    return {"report.html": REPORT}
