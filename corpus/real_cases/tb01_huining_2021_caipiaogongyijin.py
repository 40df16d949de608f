"""会宁县 2021年度 中央彩票公益金支持地方社会公益事业发展资金 绩效自评报告 — 会宁县财政局 (白银市, 甘肃).

Source: http://117.156.67.38/zwgk-view/19110.html — the 会宁县 government portal's 政务公开 page (索引号
GS4255/2022-19110, 部门 财政局, 栏目 专项资金, 来源 财政局综合股, 日期 2022-04-06), a prose self-evaluation report with no
table of indicators.  An HTML page → ``report.html``.

Kept: the page's information block as a small table with its cells as published (``索引号:`` | ``GS4255/2022-19110``
| ``部门:`` | ``财政局`` ...; ``作者:`` left empty); every figure and claim of the captured text in its order and
pattern — 200万元 下达 and 全部用于 the 残疾人托养中心 (no 执行数 or 执行率 figure is given), the "no 截留/挪用/变更用途"
claim, the overall-goal paragraph, and the indicator sentence as a list of "name + value" clauses, values as written:
建设项目规划编制的完整性、合规性100%, 项目验收合格率100%, 项目开展符合实际情况100%, 按规定表明宣传标识100% (表明 is
the page's typo for 标明, kept), 工作任务及时完成率≥90%, 资金在规定时间下达≥90%, 按时上报资金使用情况100%,
按时向社会公告项目实施情况100%, 有效带动全县残疾人事业快速发展效果明显.
Rewritten: all sentences, in our own words (same headings 一、二、(一)(二)(三)); the indicator clauses keep their
names and values, only the lead-in is ours.  The law title 《甘肃省中央专项彩票公益金支持地方社会公益事业发展资金管理办法》
and the project name are names and stay as published.
Left out: everything after "…效果明显," — the capture is cut there (likely the 满意度 indicator, 偏差原因, 问题 and
结论 follow); a note in the file says so.

Labels (domain.md §3–5; prose report, no self-scores, no policy file):
- The report never states a target: section (三) is headed 绩效指标完成情况分析 and lists only what was achieved.
  So each indicator is labelled with target ``""`` (as xa07's 社会效益 rows and r08) and the stated value is the
  actual.  Nine indicators, nine actuals.
- 工作任务及时完成率 and 资金在规定时间下达 are answered ``≥90%`` — a direction-carrying actual (a target value copied
  into the completion sentence, most likely).  It is kept with its sign.  ``unsupported_score`` needs a claimed score
  and the report claims none, so no flag; with no target nothing can be missed either.
- 有效带动全县残疾人事业快速发展 (a 效益 statement) is answered ``效果明显``: a word actual, no target, not a numeric 效益
  row → no ``vague_target``.
- Budget: 200万元 下达, "全部用于" the project; no 执行数 or rate is written, so nothing can be recomputed → no budget
  flag.
- No flag is labelled.  An engine that reads the "name + value" clauses as targets (the values look like target
  values) would find no actuals and raise ``not_reported`` on them: those would be false positives, because the
  clauses stand in the 完成情况 section as achievements.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "tb01_huining_2021_caipiaogongyijin"

REPORT = DocSpec(title="会宁县2021年度中央彩票公益金支持地方社会公益事业发展资金绩效自评报告", blocks=[
    H("会宁县2021年度中央彩票公益金支持地方社会公益事业发展资金绩效自评报告"),
    T("""
    索引号: | GS4255/2022-19110 | 部门: | 财政局
    栏目: | 专项资金 | 来源: | 财政局综合股
    作者: | | 日期: | 2022-04-06
    """),
    P("依据《甘肃省中央专项彩票公益金支持地方社会公益事业发展资金管理办法》的规定,现将2021年度下达我县的中央专项"
      "彩票公益金支持社会公益事业项目补助资金绩效目标自评结果公布如下:"),
    H("一、绩效目标分解下达情况", 2),
    P("2021年度,我县共获下达中央专项彩票公益金支持社会公益事业项目补助资金200万元,全部安排用于会宁县残疾人托养"
      "中心建设项目。项目建成后补上了本县没有残疾人托养机构的短板,有托养需求的残疾人可以得到托养服务,残疾人的"
      "生活质量明显提高,全县残疾人事业得以持续较快发展。"),
    H("二、绩效目标完成情况分析", 2),
    P("(一)资金投入情况分析。上述200万元中央专项彩票公益金补助资金已按规定全额投入会宁县残疾人托养中心建设,"
      "没有发生截留、挪用或改变用途的情况。"),
    P("(二)总体绩效目标完成情况分析。托养中心为全县残疾人提供了托养、培训、教育、就业一体化的综合服务场所,实实在在"
      "改善了残疾人的生活条件和生活质量;建设该中心是健全残疾人综合服务体系、缩小残疾人生活状况与社会平均水平差距"
      "的现实需要,也增强了残疾人综合服务事业可持续发展的能力。"),
    P("(三)绩效指标完成情况分析。各项指标完成情况为:建设项目规划编制的完整性、合规性100%,项目验收合格率100%,"
      "项目开展符合实际情况100%,按规定表明宣传标识100%,工作任务及时完成率≥90%,资金在规定时间下达≥90%,按时上报"
      "资金使用情况100%,按时向社会公告项目实施情况100%,有效带动全县残疾人事业快速发展效果明显。"),
    P("(来源页面在“有效带动全县残疾人事业快速发展效果明显,”处截断,其后内容未收录。)"),
])


def files():
    return {"report.html": REPORT}
