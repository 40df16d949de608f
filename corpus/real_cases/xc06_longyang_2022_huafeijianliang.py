"""隆阳区土壤肥料工作站 2022 — 项目支出绩效自评表, 隆阳区2021年中央化肥减量增效示范县项目补助资金 (云南 保山).

Source: https://longyang.gov.cn/info/5311/13352539.htm — 隆阳区人民政府网, "隆阳区2021年中央化肥减量增效示范县项目
补助资金绩效自评" (发文机构 隆阳区农业农村局, 公开目录 绩效自评报告, 2023-05-29).  The page body is the form
(单位名称 隆阳区土壤肥料工作站, 填报日期 2023年3月20日) → ``report.html``.  (Not a reserved source: the reserved
保山 items are the 市林业和草原局 森林防火 and 昌宁县更戛乡 forms.)

Layout: the 20/80 template also used in Hubei (预算执行情况(万元)(20分), 得分 (20分*执行率), 年度绩效目标(80分),
年初目标值(A) / 实际完成值(B)) → ``profile: hubei``.  The 数量 block nests sub-items under numbered parents
(一、示范区建立 15.0 = 1、+2、+3、 at 5.0 each; 二、田间试验 15.0 = 5 + 5 + 3 + 2).
Kept verbatim: every captured cell, including the check boxes as the page renders them (Wingdings: ``£`` = empty,
``R`` = ticked), ``≧`` on every target, ``5000户`` without a sign, the doubled 二级 label 社会效益效益指标, the
budget line 278.4449 / 30.00 / 10.77% / 2.16.
Left out: the capture stops at the next 二级 label (生态…) — the 生态/满意度 rows, 总分, the 原因分析 and 改进措施
rows are not included.  Nothing rewritten (a form only).

Labels (domain.md §3–5, hubei profile: budget 20, indicators 80 with the form's own 得分):
- Budget: 30.00 / 278.4449 = 10.77% (as stated) → ``low_budget_execution``.  Score 20 × 0.1077 = 2.15; claimed
  2.16 → within tolerance, no inflation.  (Whether a cause is given cannot be seen: the 原因分析 row is cut, so
  no missing_deviation_reason.)
- All quantitative rows meet their ``≧`` targets; 三、土样植株化验 105个 against ≧60个 = 1.75 × target →
  ``overachieved``.  配方肥到位率 85.6% ≥ 80%; 按时完成率 100%; 受益农户数 5000户 = 5000户.
- Scores equal the row weights (full marks for met targets).  The parents repeat the sum of their sub-items
  (15 = 5+5+5; 15 = 5+5+3+2): a reader adding every row would double-count; the total row is cut, so no
  arithmetic check is possible and none is labelled.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xc06_longyang_2022_huafeijianliang"

REPORT = DocSpec(title="隆阳区2021年中央化肥减量增效示范县项目补助资金绩效自评", blocks=[
    H("隆阳区2021年中央化肥减量增效示范县项目补助资金绩效自评"),
    P("索引号 01525707-9/20230529-00013　发文机构 隆阳区农业农村局　公开目录 绩效自评报告　日期 2023-05-29"),
    H("2022年度项目支出绩效自评表", 2),
    P("单位名称:隆阳区土壤肥料工作站 填报日期:2023年3月20日"),
    T("""
    项目名称 | 隆阳区2021年中央化肥减量增效示范县项目补助资金 | << | << | << | << | <<
    主管部门 | 隆阳区农业农村局 | << | 项目实施单位 | 隆阳区土壤肥料工作站 | << | <<
    项目类别 | 1、部门预算项目 £ 2、区直专项 £ 3、上级转移支付项目 R | << | << | << | << | <<
    项目属性 | 1、持续性项目 £ 2、新增性项目 R | << | << | << | << | <<
    预算执行情况(万元) (20分) | << | << | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率)
    年度财政资金总额 | << | << | 278.4449 | 30.00 | 10.77% | 2.16
    年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分
    ^^ | 产出指标 | 数量指标 | 一、示范区建立 | ≧20000亩 | 20000亩 | 15.0
    ^^ | ^^ | ^^ | 1、水稻侧深施肥+缓控释肥 | ≧500亩 | 500亩 | 5.0
    ^^ | ^^ | ^^ | 2、玉米种肥同播+缓控释肥 | ≧1000亩 | 1000亩 | 5.0
    ^^ | ^^ | ^^ | 3、施用配方肥 | ≧18500亩 | 18500亩 | 5.0
    ^^ | ^^ | ^^ | 二、化肥减量增效田间试验 | ≧15组 | 15组 | 15.0
    ^^ | ^^ | ^^ | 1、肥料利用率 | ≧5组 | 5组 | 5.0
    ^^ | ^^ | ^^ | 2、化肥减量增效 | ≧5组 | 5组 | 5.0
    ^^ | ^^ | ^^ | 3、其他试验(水稻) | ≧3组 | 3组 | 3.0
    ^^ | ^^ | ^^ | 4、其他试验(玉米) | ≧2组 | 2组 | 2.0
    ^^ | ^^ | ^^ | 三、土样植株化验 | ≧60个 | 105个 | 5.0
    ^^ | ^^ | ^^ | 四、农户施肥情况调查(户) | ≧300户 | 300户 | 5.0
    ^^ | ^^ | 质量指标 | 示范区配方肥到位率 | ≧80% | 85.6% | 10.0
    ^^ | ^^ | 时效指标 | 项目按时完成率 | 100% | 100% | 10.0
    ^^ | 效益指标 | 社会效益效益指标 | 受益农户数 | 5000户 | 5000户 | 5.0
    """, header_rows=0),
    P("(来源页面在下一行“生态……”处截断,其后各行未收录。)"),
])


def files():
    return {"report.html": REPORT}
