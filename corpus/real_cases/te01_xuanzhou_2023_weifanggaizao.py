"""宣州区 2023年度 农村危房改造转移支付 绩效自评报告 (prose) — 宣城市宣州区 (安徽), 住房城乡建设部门.

Source: http://m.6lm99.com/OpennessContent/show/3073299.html — a mirror of a 宣州区 信息公开 page (the same
``OpennessContent/show`` path as the district's open-government portal; case mo01 came from another mirror of that
portal, a different document).  The mirror serves the text converted to traditional characters with pinyin glosses
inserted into some words ("績效目標(biāo)", "下達(dá)"); the original is a simplified-Chinese HTML page → ``report.html``,
written here in simplified characters.  The capture starts at section 一 (no page title, no publishing metadata)
and stops inside section 二(二); the HTML ``<title>`` is ours.

Kept: every figure and claim of the captured text, in order and with its section numbering — 2023年共下达补助资金
246.2万元 (中央226.7万元, 省级19.5万元); 绩效目标: 帮助贫困农户解决最基本的安全住房, 集中支持6类重点对象, 完成2023年度
53户计划任务; 2022年12月 57.5万元 (中央38万元, 省级19.5万元) and 2023年8月 188.7万元; 计划任务53户; 资金到位 246.2万元;
执行: 全区共完成发放补助资金141.8万元; 截止2023年11月30日 完成农村危房改造129户, 完工率243%; 分2批次 141.8万 通过一卡通
全部打卡发放到位; 《宣州区农村危房改造专项资金管理办法》; 2023年11月 专项检查.
Rewritten: all sentences, in our own words, same pattern ("完成…53户计划任务", "共完成农村危房改造129户,完工率243%",
"共完成发放补助资金141.8万元").
Left out: everything after the heading "(二)总体绩效目标完成情况分析。" — the capture is cut inside its first
sentence ("2023年省住建厅下达我区农…"), so the indicator-by-indicator part, any 偏差原因, problems and the
conclusion are not in the file.

Labels (domain.md §3–5; prose self-evaluation, no self-scores, no policy file — the report's own planned task is
the target):
- One indicator: 农村危房改造, target "完成2023年度53户计划任务" → ``≥53户`` (a count without a sign is a minimum),
  actual 129户 (截止2023年11月30日).  129 / 53 = 2.434 ≥ 1.5 → ``overachieved`` (low).  The stated 完工率243% agrees
  with 129 / 53 = 243.4% (within 0.5 point) → no arithmetic flag.  Overachievement needs no reason under the
  default profile (overachieved_reason_factor null), so no ``missing_deviation_reason``.
- Budget: 下达 (预算) 246.2万元, 发放 (执行) 141.8万元 → 141.8 / 246.2 = 57.60% < 90% → ``low_budget_execution``
  (null).  The captured text gives no cause for the unspent 104.4万元 (it says the 141.8万 was "全部" paid out,
  which is the paid amount, not the budget); the default profile asks no budget reason (budget_reasons false).
- Budget parts consistent: 226.7 + 19.5 = 246.2; 57.5 + 188.7 = 246.2; 38 + 19.5 = 57.5; 38 + 188.7 = 226.7.
- 完工率 has no target of its own and is a completion-against-plan ratio (may exceed 100%), not a 合格率/覆盖率-type
  rate → no ``unit_mismatch``.  The 总体目标 words (帮助…安全住房, 集中支持6类重点对象) are the overall goal, not an
  indicator → no ``vague_target``.  No score is claimed, so no rating.
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "te01_xuanzhou_2023_weifanggaizao"

REPORT = DocSpec(title="宣州区农村危房改造转移支付2023年度绩效自评", blocks=[
    H("一、绩效目标分解下达情况", 2),
    P("(一)下达农村危房改造转移支付预算和绩效目标情况。"),
    P("2023年累计下达补助资金246.2万元(其中中央补助资金226.7万元,省级补助资金19.5万元)。绩效目标是:帮助贫困农户"
      "解决最基本的安全住房问题,集中支持6类重点对象,完成2023年度53户计划任务。"),
    P("(二)资金安排、分解下达预算和绩效目标情况。"),
    P("省财政厅、住建厅于2022年12月下达补助资金57.5万元(其中中央补助资金38万元,省级补助资金19.5万元),2023年8月"
      "又下达补助资金188.7万元。下达的任务是完成农村低收入群体危房改造计划任务53户。"),
    H("二、绩效目标完成情况分析", 2),
    P("(一)项目资金投入情况分析。"),
    P("1、项目资金到位情况分析。2023年我区共收到下达的补助资金246.2万元(其中中央补助资金226.7万元,省级补助资金"
      "19.5万元)。"),
    P("2、项目资金执行情况分析。2023年全区共完成发放补助资金141.8万元。"),
    P("3、项目资金管理情况分析。截至2023年11月30日,全区共完成农村危房改造129户,完工率243%。按照国库集中支付制度,"
      "区财政局分2批次把141.8万补助资金经农户一卡通全部打卡发放到位。为管好我区农村危房改造资金、防止挤占挪用和"
      "虚报冒领、提高专项资金使用效益,我局结合全区实际制定并印发了《宣州区农村危房改造专项资金管理办法》,并据此于"
      "2023年11月对补助资金的使用管理开展了专项检查,保障了全区农村危房改造工作顺利完成。"),
    P("(二)总体绩效目标完成情况分析。"),
    P("(来源页面在本节第一句“2023年省住建厅下达我区农…”处截断,其后内容未收录。)"),
])


def files():
    return {"report.html": REPORT}
